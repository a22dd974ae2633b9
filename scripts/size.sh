#!/usr/bin/env bash
# make size: the sizes docs/size.md records. Builds, from scratch under
# BUILD/size/, the minimal spud_model for the empty config, the digits
# example and torchvision's mobilenet_v2 (x86-64), and the digits firmware
# for Cortex-M4F, and prints tools/size_report.py's table for each.
#   scripts/size.sh BUILD   (BUILD holds a full build: bin/spud)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
spud=$build/bin/spud
out=$build/size
mkdir -p "$out"

build_minimal() {  # DIR cmake-args...
  local dir=$1
  shift
  rm -rf "$dir"
  cmake -S "$src" -B "$dir" "$@" >"$dir.log" 2>&1 && cmake --build "$dir" -j2 >>"$dir.log" 2>&1 ||
    { tail -40 "$dir.log"; exit 1; }
}

report() {  # TITLE MAP [STRIPPED_EXE MODEL]
  echo
  /usr/bin/python3 "$src/tools/size_report.py" "$2" --title "## $1"
  if [ -n "${3:-}" ]; then
    strip -o "$3.stripped" "$3"
    local file model=0
    file=$(stat -c %s "$3.stripped")
    [ -n "${4:-}" ] && model=$(stat -c %s "$4")
    echo "stripped executable: $file bytes ($((file - model)) without the $model bytes of the model)"
  fi
}

# Models.
"$spud" convert "$src/examples/digits/digits.onnx" -o "$out/digits/digits.spud" --enable-type-reduction >/dev/null
mobilenet=$build/e2e-data/mobilenet_v2/model.onnx
if [ ! -f "$mobilenet" ]; then
  /usr/bin/python3 "$src/tests/e2e/export_torchvision.py" "$build/e2e-data" --models mobilenet_v2 >/dev/null
fi
"$spud" convert "$mobilenet" -o "$out/mobilenet_v2/mobilenet_v2.spud" --enable-type-reduction >/dev/null

build_minimal "$out/empty" -DSPUD_MINIMAL=ON -DSPUD_OPS_CONFIG="$src/tests/minimal/configs/empty.config"
report "empty config (spud_model, x86-64, Release)" "$out/empty/spud_model.map" "$out/empty/bin/spud_model"

build_minimal "$out/digits-x86" -DSPUD_MINIMAL=ON -DSPUD_OPS_CONFIG="$out/digits/required_operators_and_types.config" \
  -DSPUD_EMBED_MODEL="$out/digits/digits.spud"
report "digits (spud_model, x86-64, Release)" "$out/digits-x86/spud_model.map" "$out/digits-x86/bin/spud_model" \
  "$out/digits/digits.spud"

build_minimal "$out/mobilenet_v2-x86" -DSPUD_MINIMAL=ON \
  -DSPUD_OPS_CONFIG="$out/mobilenet_v2/required_operators_and_types.config" \
  -DSPUD_EMBED_MODEL="$out/mobilenet_v2/mobilenet_v2.spud"
report "mobilenet_v2 (spud_model, x86-64, Release)" "$out/mobilenet_v2-x86/spud_model.map" \
  "$out/mobilenet_v2-x86/bin/spud_model" "$out/mobilenet_v2/mobilenet_v2.spud"

build_minimal "$out/digits-m4" -DCMAKE_TOOLCHAIN_FILE="$src/platforms/cortex-m/toolchain.cmake" \
  -DSPUD_OPS_CONFIG="$out/digits/required_operators_and_types.config" -DSPUD_EMBED_MODEL="$out/digits/digits.spud"
report "digits firmware (Cortex-M4F, MinSizeRel, newlib-nano)" "$out/digits-m4/spud_firmware_test.map"
echo "libspud.a for Cortex-M4F with the digits kernels (text data bss, all members):"
arm-none-eabi-size -t "$out/digits-m4/runtime/libspud.a" | tail -1
