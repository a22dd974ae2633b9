#!/usr/bin/env bash
# The runtime and spud_model cross-built for ARM Linux (platforms/linux/
# ARCH.toolchain.cmake, one minimal build per model from its
# --enable-type-reduction config) and run under qemu-user: each model's
# outputs must match this x86-64 build's `spud run` within 1e-5 (relative to
# the output's scale, tests/e2e/compare_outputs.py).
#   linux_qemu_user.sh ARCH SRC_DIR WORK_DIR SPUD_CLI E2E_DATA MODEL...
# ARCH: aarch64 | armhf. MODEL: digits (the example and a sample of it) or a
# torchvision model exported under E2E_DATA (its test_data_set_0 input).
# With SPUD_TARGET_PACKAGES set in the environment (aarch64: Debian's arm64
# XNNPACK unpacked by scripts/target-packages.sh), the build has the XNNPACK
# tier, runs with those libraries, and must show kernel state (XNNPACK's
# packed weights) for every model, so that it was XNNPACK that ran.
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
packages=${SPUD_TARGET_PACKAGES:-}
xnnpack_args=() qemu_env=()
if [ -n "$packages" ]; then
  [ -f "$packages/usr/include/xnnpack.h" ] ||
    fail "no XNNPACK for $arch in $packages (scripts/install-deps.sh unpacks Debian's packages there)"
  xnnpack_args=(-DSPUD_TARGET_PACKAGES="$packages" -DSPUD_XNNPACK=ON)
  # libXNNPACK's own needs (cpuinfo) are not found through the program's RUNPATH.
  qemu_env=(-E "LD_LIBRARY_PATH=$packages/usr/lib/$triple")
fi
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
  "$spud" run "$dir/model/$model.spud" "${run_args[@]}" --output-dir "$dir/host" --output-names index >/dev/null

  cmake -S "$src" -B "$dir/build" -DCMAKE_TOOLCHAIN_FILE="$src/platforms/linux/$arch.toolchain.cmake" \
    -DSPUD_OPS_CONFIG="$dir/model/required_operators_and_types.config" "${xnnpack_args[@]}" \
    >"$dir/configure.log" 2>&1 ||
    { cat "$dir/configure.log"; fail "configure $arch for $model"; }
  start=$(date +%s)
  cmake --build "$dir/build" -j2 >"$dir/build.log" 2>&1 || { tail -40 "$dir/build.log"; fail "build $arch for $model"; }
  if grep -E "warning:" "$dir/build.log"; then fail "compiler warnings in the $arch build for $model"; fi
  exe=$dir/build/bin/spud_model
  grep -q "ELF.*$([ "$arch" = aarch64 ] && echo 'ARM aarch64' || echo '32-bit.*ARM')" <<<"$(file "$exe")" ||
    fail "$exe is not an $arch executable"
  built=$(date +%s)
  tiers=$(grep -E "^-- spud: XNNPACK tier" "$dir/configure.log" || true)
  [ -z "$packages" ] || grep -q "XNNPACK tier ON" <<<"$tiers" || fail "the $arch build for $model has no XNNPACK tier"
  "$qemu" -L "/usr/$triple" "${qemu_env[@]}" "$exe" --model "$dir/model/$model.spud" -o "$dir/target" --output-names index "${inputs[@]}" ||
    fail "spud_model failed under $qemu for $model"
  ran=$(date +%s)
  state=$("$qemu" -L "/usr/$triple" "${qemu_env[@]}" "$exe" --model "$dir/model/$model.spud" --info |
    sed -nE 's/^kernel state: ([0-9]+) bytes$/\1/p')
  [ -n "$state" ] || fail "spud_model --info under $qemu printed no kernel state for $model"
  if [ -n "$packages" ] && [ "$state" -eq 0 ]; then
    fail "the $arch session for $model made no XNNPACK state: XNNPACK did not take any node under $qemu"
  fi
  $python "$src/tests/e2e/compare_outputs.py" "$dir/host" "$dir/target" --tolerance 1e-5 ||
    fail "$arch outputs of $model differ from x86-64's"
  echo "$arch $model: build $((built - start)) s, run under $qemu $((ran - built)) s, kernel state $state bytes" \
    "(${tiers#-- spud: })"
done
echo "PASS: $arch runs $* as x86-64 does"
