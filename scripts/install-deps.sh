#!/usr/bin/env bash
# Installs the Debian 12 packages spud needs to build, test and run its demo.
# Quiet and quick when everything is already there. Uses sudo when not root.
set -euo pipefail

build_pkgs=(
  cmake make g++ pkg-config
  libflatbuffers-dev flatbuffers-compiler
  libprotobuf-dev protobuf-compiler
  libonnx-dev
  # The Eigen kernel tier (header-only).
  libeigen3-dev
  # The XNNPACK kernel tier and the session thread pool.
  libxnnpack-dev libpthreadpool-dev libcpuinfo-dev
  libgtest-dev
  libcli11-dev
  nlohmann-json3-dev
  # Minimal builds for targets: Cortex-M (newlib), and clang with the shared
  # libc++ as the stand-in for the Android NDK's c++_shared.
  gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
  clang-14 libc++-14-dev libc++abi-14-dev binutils
  # Running what the cross builds make: Cortex-M firmware on QEMU's MPS2/MPS3
  # boards, and (issue #11) ARM Linux builds under qemu-user.
  qemu-system-arm qemu-user g++-aarch64-linux-gnu g++-arm-linux-gnueabihf
  # libFuzzer and the clang sanitizer runtimes for tests/fuzz.
  libfuzzer-14-dev libclang-rt-14-dev
)
# Python side: test-data generation and PyTorch references (Debian's interpreter).
py_pkgs=(python3 python3-numpy python3-onnx python3-torch python3-torchvision python3-sklearn)

want=("${build_pkgs[@]}")
if [ "${1:-}" != "--build-only" ]; then
  want+=("${py_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The aarch64 cross build's XNNPACK tier: Debian's arm64 packages, unpacked
# (not installed) where tests/platforms/CMakeLists.txt looks for them.
$SUDO bash "$(dirname "$0")/target-packages.sh" /opt/spud/target-packages/arm64
