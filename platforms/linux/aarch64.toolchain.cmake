# 64-bit ARM Linux with Debian's g++-aarch64-linux-gnu; programs run under
# qemu-aarch64 (qemu-user):
#   cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=platforms/linux/aarch64.toolchain.cmake \
#         -DSPUD_OPS_CONFIG=required_operators.config
# With the XNNPACK tier (Debian's arm64 packages, scripts/target-packages.sh):
#         -DSPUD_TARGET_PACKAGES=/opt/spud/target-packages/arm64 -DSPUD_XNNPACK=ON
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(SPUD_CROSS_TRIPLE aarch64-linux-gnu)
set(SPUD_CROSS_QEMU qemu-aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/cross-linux.cmake)
