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

# The XNNPACK tier and the thread pool: Debian's libxnnpack-dev (its 2022
# API), libpthreadpool-dev and libcpuinfo-dev. AUTO turns them on where the
# libraries are found for the target, except in minimal and bare-metal
# builds; ON insists.
find_path(SPUD_XNNPACK_INCLUDE xnnpack.h)
find_library(SPUD_XNNPACK_LIBRARY XNNPACK)
find_path(SPUD_PTHREADPOOL_INCLUDE pthreadpool.h)
find_library(SPUD_PTHREADPOOL_LIBRARY pthreadpool)
set(_spud_xnnpack_found FALSE)
if(SPUD_XNNPACK_INCLUDE AND SPUD_XNNPACK_LIBRARY AND SPUD_PTHREADPOOL_INCLUDE AND SPUD_PTHREADPOOL_LIBRARY)
  set(_spud_xnnpack_found TRUE)
endif()
set(_spud_pthreadpool_found FALSE)
if(SPUD_PTHREADPOOL_INCLUDE AND SPUD_PTHREADPOOL_LIBRARY)
  set(_spud_pthreadpool_found TRUE)
endif()
if(SPUD_XNNPACK STREQUAL "AUTO")
  if(_spud_xnnpack_found AND NOT SPUD_MINIMAL AND SPUD_PLATFORM STREQUAL "linux")
    set(SPUD_WITH_XNNPACK ON)
  else()
    set(SPUD_WITH_XNNPACK OFF)
  endif()
elseif(SPUD_XNNPACK)
  if(NOT _spud_xnnpack_found)
    message(FATAL_ERROR "SPUD_XNNPACK=ON but XNNPACK or pthreadpool was not found for this target "
                        "(Debian: apt-get install libxnnpack-dev libpthreadpool-dev libcpuinfo-dev)")
  endif()
  set(SPUD_WITH_XNNPACK ON)
else()
  set(SPUD_WITH_XNNPACK OFF)
endif()
if(SPUD_THREADS STREQUAL "AUTO")
  set(SPUD_WITH_THREADS ${SPUD_WITH_XNNPACK})
elseif(SPUD_THREADS)
  if(NOT _spud_pthreadpool_found)
    message(FATAL_ERROR "SPUD_THREADS=ON but pthreadpool was not found (Debian: apt-get install libpthreadpool-dev)")
  endif()
  set(SPUD_WITH_THREADS ON)
else()
  set(SPUD_WITH_THREADS OFF)
endif()
if(SPUD_WITH_XNNPACK AND NOT SPUD_WITH_THREADS)
  message(FATAL_ERROR "SPUD_XNNPACK needs SPUD_THREADS (XNNPACK takes pthreadpool)")
endif()
message(STATUS "spud: XNNPACK tier ${SPUD_WITH_XNNPACK}, threads ${SPUD_WITH_THREADS}")

# The Eigen tier: Debian's libeigen3-dev (3.4), header-only. AUTO turns it
# on where the headers are found for the target, except in minimal and
# bare-metal builds; ON insists.
find_path(SPUD_EIGEN_INCLUDE Eigen/Core PATH_SUFFIXES eigen3)
if(SPUD_EIGEN STREQUAL "AUTO")
  if(SPUD_EIGEN_INCLUDE AND NOT SPUD_MINIMAL AND SPUD_PLATFORM STREQUAL "linux")
    set(SPUD_WITH_EIGEN ON)
  else()
    set(SPUD_WITH_EIGEN OFF)
  endif()
elseif(SPUD_EIGEN)
  if(NOT SPUD_EIGEN_INCLUDE)
    message(FATAL_ERROR "SPUD_EIGEN=ON but Eigen's headers (Eigen/Core) were not found for this target "
                        "(Debian: apt-get install libeigen3-dev)")
  endif()
  set(SPUD_WITH_EIGEN ON)
else()
  set(SPUD_WITH_EIGEN OFF)
endif()
message(STATUS "spud: Eigen tier ${SPUD_WITH_EIGEN}")
