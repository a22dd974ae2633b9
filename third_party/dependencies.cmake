# Glue for the Debian packages spud builds against. Nobody else's code is
# copied into this tree; see third_party/README.md for versions.
find_package(FlatBuffers REQUIRED CONFIG)
find_program(SPUD_FLATC flatc REQUIRED)

if(SPUD_BUILD_TOOLS)
  find_package(Protobuf REQUIRED)
  find_package(ONNX REQUIRED CONFIG)
  find_package(CLI11 REQUIRED CONFIG)
endif()
if(SPUD_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
