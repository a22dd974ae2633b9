# Glue for the Debian packages spud builds against. Nobody else's code is
# copied into this tree; see third_party/README.md for versions.
# flatc runs on the build machine; the runtime uses flatbuffers' headers only.
find_program(SPUD_FLATC flatc REQUIRED)
if(SPUD_BUILD_TOOLS)
  find_package(FlatBuffers REQUIRED CONFIG)
  get_target_property(SPUD_FLATBUFFERS_INCLUDE flatbuffers::flatbuffers INTERFACE_INCLUDE_DIRECTORIES)
else()
  # A minimal or cross build: find the headers on the build machine without
  # putting its whole include directory (libc and all) on a cross compiler's
  # path. The build tree gets a directory holding only a link to them.
  find_path(SPUD_FLATBUFFERS_HOST_INCLUDE flatbuffers/flatbuffers.h NO_CMAKE_FIND_ROOT_PATH
            PATHS /usr/include /usr/local/include)
  if(NOT SPUD_FLATBUFFERS_HOST_INCLUDE)
    message(FATAL_ERROR "flatbuffers headers not found (Debian: apt-get install libflatbuffers-dev)")
  endif()
  set(SPUD_FLATBUFFERS_INCLUDE ${CMAKE_BINARY_DIR}/flatbuffers-include)
  file(MAKE_DIRECTORY ${SPUD_FLATBUFFERS_INCLUDE})
  file(CREATE_LINK ${SPUD_FLATBUFFERS_HOST_INCLUDE}/flatbuffers ${SPUD_FLATBUFFERS_INCLUDE}/flatbuffers SYMBOLIC)
endif()

if(SPUD_BUILD_TOOLS)
  find_package(Protobuf REQUIRED)
  find_package(ONNX REQUIRED CONFIG)
  find_package(CLI11 REQUIRED CONFIG)
endif()
if(SPUD_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
