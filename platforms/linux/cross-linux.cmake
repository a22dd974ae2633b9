# Shared by aarch64.toolchain.cmake and armhf.toolchain.cmake: Debian's
# cross compiler for SPUD_CROSS_TRIPLE, its sysroot, and qemu-user as the
# emulator, so that ctest (and CMake's own checks) can run what it builds.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${SPUD_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${SPUD_CROSS_TRIPLE}-g++)
# SPUD_TARGET_PACKAGES: a directory into which the target architecture's
# Debian packages were unpacked (scripts/target-packages.sh: XNNPACK and its
# libraries for arm64), searched after the cross compiler's own.
set(CMAKE_FIND_ROOT_PATH /usr/${SPUD_CROSS_TRIPLE} ${SPUD_TARGET_PACKAGES})
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SPUD_TARGET_PACKAGES)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# -L: where qemu finds the target's dynamic loader and libraries.
set(CMAKE_CROSSCOMPILING_EMULATOR ${SPUD_CROSS_QEMU} -L /usr/${SPUD_CROSS_TRIPLE})
if(SPUD_TARGET_PACKAGES)
  # Their libraries' own dependencies are not found through RUNPATH.
  list(APPEND CMAKE_CROSSCOMPILING_EMULATOR -E LD_LIBRARY_PATH=${SPUD_TARGET_PACKAGES}/usr/lib/${SPUD_CROSS_TRIPLE})
endif()
# Only the runtime and its per-model programs: the host tools (protobuf,
# ONNX) stay on the build machine.
set(SPUD_MINIMAL ON CACHE BOOL "" FORCE)
