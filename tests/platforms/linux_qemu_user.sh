#!/usr/bin/env bash
# The runtime and spud_model cross-built for ARM Linux (platforms/linux/
# ARCH.toolchain.cmake, one minimal build per model from its
# --enable-type-reduction config) and run under qemu-user: each model's
# outputs must match this x86-64 build's `spud run` within 1e-5 (relative to
# the output's scale, tests/e2e/compare_outputs.py).
#   linux_qemu_user.sh ARCH SRC_DIR WORK_DIR SPUD_CLI E2E_DATA MODEL...
# ARCH: aarch64 | armhf. MODEL: digits (the example and a sample of it) or a
# torchvision model exported under E2E_DATA (its test_data_set_0 input).
set -euo pipefail
arch=$1 src=$2 work=$3 spud=$4 e2e=$5
shift 5
python=/usr/bin/python3
fail() { echo "FAIL: $*" >&2; exit 1; }
case "$arch" in
aarch64) triple=aarch64-linux-gnu qemu=qemu-aarch64 ;;
armhf) triple=arm-linux-gnueabihf qemu=qemu-arm ;;
*) fail "unknown ARCH $arch (aarch64 or armhf)" ;;
esac
rm -rf "$work"
mkdir -p "$work"

for model in "$@"; do
  dir=$work/$model
  mkdir -p "$dir"
  if [ "$model" = digits ]; then
    onnx=$src/examples/digits/digits.onnx
    named=("input=$src/examples/digits/samples/sample_3.pb")
  else
    onnx=$e2e/$model/model.onnx
    [ -f "$onnx" ] || fail "no $onnx (the e2e export makes it)"
    mapfile -t named < <($python "$src/tests/e2e/compare_outputs.py" --list-inputs "$onnx" "$e2e/$model/test_data_set_0")
  fi
  run_args=() inputs=()
  for n in "${named[@]}"; do
    run_args+=(-i "$n")
    inputs+=("${n#*=}")
  done
  "$spud" convert "$onnx" -o "$dir/model/$model.spud" --enable-type-reduction >/dev/null
  "$spud" run "$dir/model/$model.spud" "${run_args[@]}" --output-dir "$dir/host" >/dev/null

  cmake -S "$src" -B "$dir/build" -DCMAKE_TOOLCHAIN_FILE="$src/platforms/linux/$arch.toolchain.cmake" \
    -DSPUD_OPS_CONFIG="$dir/model/required_operators_and_types.config" >"$dir/configure.log" 2>&1 ||
    { cat "$dir/configure.log"; fail "configure $arch for $model"; }
  start=$(date +%s)
  cmake --build "$dir/build" -j2 >"$dir/build.log" 2>&1 || { tail -40 "$dir/build.log"; fail "build $arch for $model"; }
  if grep -E "warning:" "$dir/build.log"; then fail "compiler warnings in the $arch build for $model"; fi
  exe=$dir/build/bin/spud_model
  grep -q "ELF.*$([ "$arch" = aarch64 ] && echo 'ARM aarch64' || echo '32-bit.*ARM')" <<<"$(file "$exe")" ||
    fail "$exe is not an $arch executable"
  built=$(date +%s)
  "$qemu" -L "/usr/$triple" "$exe" --model "$dir/model/$model.spud" -o "$dir/target" "${inputs[@]}" ||
    fail "spud_model failed under $qemu for $model"
  ran=$(date +%s)
  $python "$src/tests/e2e/compare_outputs.py" "$dir/host" "$dir/target" --tolerance 1e-5 ||
    fail "$arch outputs of $model differ from x86-64's"
  echo "$arch $model: build $((built - start)) s, run under $qemu $((ran - built)) s"
done
echo "PASS: $arch runs $* as x86-64 does"
