#!/usr/bin/env bash
# The digits firmware on a QEMU board: converted on the host, built for the
# board (platforms/cortex-m, semihosting on) with a real sample and the
# host's output 0 for it built in, and run under qemu-system-arm. The
# firmware compares its outputs with the host's and exits non-zero on a
# mismatch, which fails this test.
#   firmware_qemu.sh BOARD SRC_DIR WORK_DIR SPUD_CLI [undersized | int8]
# With `undersized` the session buffer is 1 KiB, less than the model
# needs: the firmware must say so and QEMU must exit non-zero. With `int8`
# the model is the digits model quantized by spud quantize.
set -euo pipefail
board=$1 src=$2 work=$3 spud=$4 mode=${5:-}
python=/usr/bin/python3
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"

sample=sample_3.pb
model=$src/examples/digits/digits.onnx
if [ "$mode" = int8 ]; then
  # The digits model quantized by spud quantize (calibrated on the eight
  # samples): int8 from its QuantizeLinear to its DequantizeLinear.
  "$spud" quantize "$model" --calibration "$src/examples/digits/samples" -o "$work/digits.qdq.onnx" >/dev/null
  model=$work/digits.qdq.onnx
fi
"$spud" convert "$model" -o "$work/digits/digits.spud" --enable-type-reduction >/dev/null
"$spud" run "$work/digits/digits.spud" -i "input=$src/examples/digits/samples/$sample" --output-dir "$work/host" --output-names index >/dev/null
$python "$src/tests/platforms/pb_to_raw.py" "$src/examples/digits/samples/$sample" -o "$work/input.raw"
$python "$src/tests/platforms/pb_to_raw.py" "$work/host/output_0.pb" -o "$work/expected.raw"
# What a session needs on this 64-bit host: no less than on a 32-bit core.
need=$(sed -nE 's/.*a session needs ([0-9]+) bytes.*/\1/p' <<<"$("$spud" check "$work/digits/digits.spud")")
[ -n "$need" ] || fail "spud check did not say what a session needs"
bytes=$need
[ "$mode" = undersized ] && bytes=1024

cmake -S "$src" -B "$work/build" -DCMAKE_TOOLCHAIN_FILE="$src/platforms/cortex-m/toolchain.cmake" \
  -DSPUD_CORTEX_M_BOARD="$board" -DSPUD_OPS_CONFIG="$work/digits/required_operators_and_types.config" \
  -DSPUD_EMBED_MODEL="$work/digits/digits.spud" -DSPUD_FIRMWARE_SESSION_BYTES="$bytes" -DSPUD_SEMIHOSTING=ON \
  -DSPUD_FIRMWARE_SAMPLE_INPUT="$work/input.raw" -DSPUD_FIRMWARE_SAMPLE_EXPECTED="$work/expected.raw" \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure for $board"; }
cmake --build "$work/build" -j2 >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; fail "build for $board"; }
if grep -E "warning:" "$work/build.log"; then fail "compiler warnings in the $board build"; fi
elf=$work/build/bin/spud_firmware_test.elf

set +e
timeout 120 qemu-system-arm -M "$board" -nographic -monitor none -serial none \
  -semihosting-config enable=on,target=native -kernel "$elf" >"$work/qemu.txt" 2>&1
rc=$?
set -e
cat "$work/qemu.txt"
echo "qemu-system-arm -M $board: exit status $rc"
[ $rc -ne 124 ] || fail "the firmware did not finish within 120 s"
if [ "$mode" = undersized ]; then
  [ $rc -ne 0 ] || fail "a firmware with a too small session buffer exited 0"
  grep -q "the session buffer (SPUD_FIRMWARE_SESSION_BYTES) is 1024 bytes; this model needs [0-9]" "$work/qemu.txt" ||
    fail "no clear message about the session buffer"
  echo "PASS: $board refuses a 1024-byte session buffer"
  exit 0
fi
[ $rc -eq 0 ] || fail "the firmware exited $rc (1: outputs differ from the host's; 2: it could not run; 3: a fault)"
host_class=$($python -c "import sys, numpy as np; print(int(np.argmax(np.fromfile(sys.argv[1], '<f4'))))" "$work/expected.raw")
grep -qx "class $host_class" "$work/qemu.txt" || fail "the firmware's class is not the host's ($host_class)"
arm-none-eabi-size "$elf"
echo "PASS: $board gives the host's outputs (class $host_class)"
