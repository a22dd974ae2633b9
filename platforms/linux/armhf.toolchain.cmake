# 32-bit ARM Linux, hard float (Armv7-A, NEON), with Debian's
# g++-arm-linux-gnueabihf; programs run under qemu-arm (qemu-user):
#   cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=platforms/linux/armhf.toolchain.cmake \
#         -DSPUD_OPS_CONFIG=required_operators.config
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(SPUD_CROSS_TRIPLE arm-linux-gnueabihf)
set(SPUD_CROSS_QEMU qemu-arm)
include(${CMAKE_CURRENT_LIST_DIR}/cross-linux.cmake)
