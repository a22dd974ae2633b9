#!/usr/bin/env bash
# Minimal builds, configured and built from scratch the way a user would, and
# checked from the outside (symbols, outputs, sizes, exports).
#   minimal_builds.sh CASE SRC_DIR WORK_DIR SPUD_CLI [MODEL_DIR]
# CASE: float_only | empty_core | c_consumer | quantized_contrib | mobilenet_v2 | cortex_m | android_standin
set -euo pipefail
case_name=$1 src=$2 work=$3 spud=$4 model_dir=${5:-}
python=/usr/bin/python3
rm -rf "$work"
mkdir -p "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }

# (Checks read a command's output with <<<"$(...)": with pipefail, `cmd |
# grep -q` fails whenever grep stops reading before cmd is done.)

# configure_build BUILD_DIR SOURCE_DIR cmake-args...: quiet unless it fails;
# a compiler warning in a minimal build fails the test too.
configure_build() {
  local dir=$1 source=$2
  shift 2
  cmake -S "$source" -B "$dir" "$@" >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; fail "configure $dir"; }
  cmake --build "$dir" -j2 >"$dir.build.log" 2>&1 || { tail -60 "$dir.build.log"; fail "build $dir"; }
  if grep -E "warning:" "$dir.build.log"; then fail "compiler warnings in $dir"; fi
}

case "$case_name" in
float_only)
  # A float-only config from spud convert --enable-type-reduction: no other
  # element type's kernel is compiled, the float model runs as in the full
  # build, and an int64 model gets the "left out of this build" error.
  $python "$src/tests/minimal/make_models.py" "$work/models"
  "$spud" convert "$work/models/add_float.onnx" -o "$work/float/add_float.spud" --enable-type-reduction --emit-c >/dev/null
  "$spud" convert "$work/models/add_int64.onnx" -o "$work/int/add_int64.spud" >/dev/null
  config=$work/float/required_operators_and_types.config
  cat "$config"
  grep -q 'Add{"inputs": {"0": \["float"\]}}' "$config" || fail "config lacks Add's float type"
  configure_build "$work/build" "$src" -DSPUD_MINIMAL=ON -DSPUD_OPS_CONFIG="$config"

  nm -C "$work/build/runtime/libspud.a" >"$work/symbols.txt"
  grep -q "kernels::kAddFloat32" "$work/symbols.txt" || fail "kAddFloat32 missing"
  grep -q "kernels::kReluFloat32" "$work/symbols.txt" || fail "kReluFloat32 missing"
  if grep -E "kernels::k[A-Za-z]+(Float64|Float16|BFloat16|U?Int(8|16|32|64)|Bool)\b" "$work/symbols.txt"; then
    fail "kernel definitions for types the config leaves out were compiled"
  fi
  if grep -E "kernels::.*<(double|long|int|short|signed char|unsigned char|unsigned int|unsigned long|unsigned short|bool)[,>]" "$work/symbols.txt"; then
    fail "kernel code was instantiated for types the config leaves out"
  fi
  if grep -E "kernels::k(Conv|Gemm|MatMul|Sub|Mul)[A-Z]" "$work/symbols.txt"; then
    fail "kernels of operators the config does not list were compiled"
  fi
  echo "libspud.a: only float Add and Relu definitions"

  "$work/build/bin/spud_model" --model "$work/float/add_float.spud" -o "$work/out_min" --output-names index \
    "$work/models/x.pb" "$work/models/y.pb"
  "$spud" run "$work/float/add_float.spud" -i "x=$work/models/x.pb" -i "y=$work/models/y.pb" \
    --output-dir "$work/out_full" --output-names index >/dev/null
  cmp "$work/out_min/output_0.pb" "$work/out_full/output_0.pb" || fail "minimal and full outputs differ"
  echo "float model: minimal output identical to the full build's"
  # By default the file is named after the output, and a line says where.
  "$work/build/bin/spud_model" --model "$work/float/add_float.spud" -o "$work/out_named" \
    "$work/models/x.pb" "$work/models/y.pb" >"$work/named.txt"
  cat "$work/named.txt"
  grep -qx "output 0 'out' float32 \[2, 3\] -> $work/out_named/out.pb" "$work/named.txt" ||
    fail "spud_model did not say where output 'out' went"
  cmp "$work/out_named/out.pb" "$work/out_min/output_0.pb" || fail "the named output differs"

  if "$work/build/bin/spud_model" --model "$work/int/add_int64.spud" -o "$work/out_int" \
      "$work/models/x.pb" "$work/models/y.pb" 2>"$work/int_error.txt"; then
    fail "the int64 model ran on a float-only build"
  fi
  cat "$work/int_error.txt"
  for want in "left out of this build" "Add" "opset 13" "int64"; do
    grep -q "$want" "$work/int_error.txt" || fail "the error does not say '$want'"
  done
  [ ! -e "$work/out_int" ] || fail "a failed run left an output directory"

  # The same model compiled in from the C array of --emit-c.
  grep -q "_Alignas(64) const unsigned char spud_model_data\[\|SPUD_ALIGN_64 const unsigned char spud_model_data\[" \
    "$work/float/add_float.spud.c" || fail "--emit-c did not write an aligned spud_model_data array"
  configure_build "$work/build" "$src" -DSPUD_EMBED_MODEL="$work/float/add_float.spud.c"
  "$work/build/bin/spud_model" -o "$work/out_embedded" --output-names index "$work/models/x.pb" "$work/models/y.pb"
  cmp "$work/out_embedded/output_0.pb" "$work/out_full/output_0.pb" || fail "the embedded C array gives other outputs"
  echo "float model from --emit-c's C array: output identical"
  if "$spud" convert "$work/models/add_float.onnx" -o "$work/bad/a.spud" --emit-c --c-name 9lives 2>"$work/c_name.txt"; then
    fail "--c-name 9lives was accepted"
  fi
  grep -q "not a C identifier" "$work/c_name.txt" || fail "no clear error for a bad --c-name"
  [ ! -e "$work/bad" ] || fail "a rejected conversion wrote files"
  ;;

empty_core)
  # The core alone: its size against the limit in the repo, then installed
  # and used from a separate project through find_package(spud).
  limit=$(grep -v '^#' "$src/tests/minimal/core_size_limit.txt" | tr -d '[:space:]')
  configure_build "$work/build" "$src" -DSPUD_MINIMAL=ON \
    -DSPUD_OPS_CONFIG="$src/tests/minimal/configs/empty.config" -DCMAKE_INSTALL_PREFIX="$work/prefix"
  if grep -E " [DdRr] spud::kernels::k" <<<"$(nm -C "$work/build/runtime/libspud.a")"; then
    fail "an empty config compiled kernels"
  fi
  $python "$src/tools/size_report.py" "$work/build/spud_model.map" --max-core "$limit" \
    --title "empty config, x86-64 (limit for core: $limit bytes)"
  cmake --install "$work/build" >/dev/null
  for f in include/spud/spud.h include/spud/spud.hpp lib/libspud.a lib/cmake/spud/spudConfig.cmake \
           lib/cmake/spud/spudConfigVersion.cmake share/spud/operators.config; do
    [ -f "$work/prefix/$f" ] || fail "not installed: $f"
  done
  configure_build "$work/consumer" "$src/tests/minimal/consumer" -DCMAKE_PREFIX_PATH="$work/prefix"
  # (NCHW, so that the first node the empty build meets is the Conv.)
  "$spud" convert "$src/examples/digits/digits.onnx" -o "$work/digits.spud" --layout nchw >/dev/null
  "$work/consumer/consumer" "$work/digits.spud" | tee "$work/consumer.txt"
  grep -q "loaded: arena 4352 bytes" "$work/consumer.txt" || fail "the installed runtime did not load the model"
  grep -q "session failed: .*Conv.*left out of this build" "$work/consumer.txt" ||
    fail "no 'left out of this build' error for Conv"
  ;;

c_consumer)
  # An application in C alone (project(... C), no C++ linker) against an
  # installed minimal build whose kernels call the C math library: the
  # package must name libm (and what else libspud.a needs) itself.
  $python "$src/tests/minimal/make_models.py" "$work/models"
  "$spud" convert "$work/models/softmax_float.onnx" -o "$work/softmax/softmax.spud" --enable-type-reduction >/dev/null
  configure_build "$work/build" "$src" -DSPUD_MINIMAL=ON \
    -DSPUD_OPS_CONFIG="$work/softmax/required_operators_and_types.config" -DCMAKE_INSTALL_PREFIX="$work/prefix"
  cmake --install "$work/build" >/dev/null
  grep -qE " U (expf|exp)$" <<<"$(nm "$work/prefix/lib/libspud.a")" ||
    fail "the installed kernels call no exp: the C consumer would prove nothing about libm"
  configure_build "$work/consumer" "$src/tests/minimal/c_consumer" -DCMAKE_PREFIX_PATH="$work/prefix"
  if grep -q "CMAKE_CXX_COMPILER:" "$work/consumer/CMakeCache.txt"; then fail "the C consumer enabled C++"; fi
  $python "$src/tests/platforms/pb_to_raw.py" "$work/models/x.pb" -o "$work/x.raw"
  "$work/consumer/c_consumer" "$work/softmax/softmax.spud" "$work/x.raw" >"$work/c_values.txt"
  "$spud" run "$work/softmax/softmax.spud" "$work/models/x.pb" --json --print 6 >"$work/full.json"
  $python - "$work/c_values.txt" "$work/full.json" <<'PY' || fail "the C consumer's outputs differ from the full build's"
import json, sys
c = [float(v) for v in open(sys.argv[1]).read().split()]
full = json.load(open(sys.argv[2]))["outputs"][0]["values"]
print("C consumer:", c)
print("full build:", full)
sys.exit(0 if len(c) == 6 and all(abs(a - b) <= 1e-6 for a, b in zip(c, full)) else 1)
PY
  echo "a C-only application linked the installed package and computed the full build's outputs"
  ;;

quantized_contrib)
  # ONNX Runtime's quantized contrib operators (com.microsoft) through an
  # operator config: two models converted into one directory (their configs
  # merged), a minimal build from that config, and spud_model's outputs
  # equal to numpy's (MODEL_DIR: tests/quant's models).
  cases=(qlinear_add_uint8_broadcast qgemm_int8_per_column_trans_b_bias)
  for c in "${cases[@]}"; do
    "$spud" convert "$model_dir/$c/model.onnx" -o "$work/models/$c.spud" --enable-type-reduction >/dev/null
  done
  config=$work/models/required_operators_and_types.config
  cat "$config"
  for op in "com.microsoft;1;QGemm" "com.microsoft;1;QLinearAdd"; do
    grep -q "^${op%;*};.*${op##*;}" "$config" || fail "the merged config lacks $op"
  done
  configure_build "$work/build" "$src" -DSPUD_MINIMAL=ON -DSPUD_OPS_CONFIG="$config"
  for c in "${cases[@]}"; do
    data=$model_dir/$c/test_data_set_0
    "$work/build/bin/spud_model" --model "$work/models/$c.spud" -o "$work/out/$c" --output-names index \
      "$data"/input_*.pb >/dev/null
    $python "$src/tests/e2e/compare_outputs.py" "$data" "$work/out/$c" --int-steps 0 ||
      fail "$c: the minimal build's outputs differ from numpy's"
  done
  ;;

mobilenet_v2)
  # The per-model executable for torchvision's mobilenet_v2: outputs equal to
  # the full build's (within float rounding: the full build runs XNNPACK
  # kernels, the minimal one the reference tier), and its code (the stripped
  # file without the model's own bytes) within 150 KB.
  [ -f "$model_dir/model.onnx" ] || fail "no $model_dir/model.onnx (run the e2e export first)"
  "$spud" convert "$model_dir/model.onnx" -o "$work/model/mobilenet_v2.spud" --enable-type-reduction >/dev/null
  cat "$work/model/required_operators_and_types.config"
  configure_build "$work/build" "$src" -DSPUD_MINIMAL=ON \
    -DSPUD_OPS_CONFIG="$work/model/required_operators_and_types.config" \
    -DSPUD_EMBED_MODEL="$work/model/mobilenet_v2.spud"
  exe=$work/build/bin/spud_model
  input_name=$("$exe" --info | sed -n 's/^input 0: \([^ ]*\) .*/\1/p')
  "$exe" -o "$work/out_min" --output-names index "$model_dir/test_data_set_0/input_0.pb"
  "$spud" run "$work/model/mobilenet_v2.spud" -i "$input_name=$model_dir/test_data_set_0/input_0.pb" \
    --output-dir "$work/out_full" --output-names index >/dev/null
  $python "$src/tests/e2e/compare_outputs.py" "$work/out_full" "$work/out_min" --tolerance 1e-5 ||
    fail "spud_model and spud run outputs differ"
  strip -o "$work/spud_model.stripped" "$exe"
  file_bytes=$(stat -c %s "$work/spud_model.stripped")
  model_bytes=$(stat -c %s "$work/model/mobilenet_v2.spud")
  code_bytes=$((file_bytes - model_bytes))
  echo "stripped spud_model: $file_bytes bytes = model $model_bytes + program $code_bytes"
  [ "$code_bytes" -le 153600 ] || fail "program part $code_bytes bytes > 150 KB"
  $python "$src/tools/size_report.py" "$work/build/spud_model.map" --title "mobilenet_v2 spud_model, x86-64"
  ;;

cortex_m)
  # The digits model's kernels and the runtime for Cortex-M4F (newlib-nano),
  # linked into a bare-metal program for the MPS2-AN386 board.
  "$spud" convert "$src/examples/digits/digits.onnx" -o "$work/digits/digits.spud" --enable-type-reduction >/dev/null
  configure_build "$work/build" "$src" -DCMAKE_TOOLCHAIN_FILE="$src/platforms/cortex-m/toolchain.cmake" \
    -DSPUD_OPS_CONFIG="$work/digits/required_operators_and_types.config" \
    -DSPUD_EMBED_MODEL="$work/digits/digits.spud" -DSPUD_FIRMWARE_SESSION_BYTES=16384
  elf=$work/build/bin/spud_firmware_test.elf
  grep -q "Machine: *ARM" <<<"$(arm-none-eabi-readelf -h "$elf")" || fail "not an ARM executable"
  grep -q 'Tag_CPU_name: "7E-M"' <<<"$(arm-none-eabi-readelf -A "$elf")" || fail "not built for Armv7E-M (Cortex-M4)"
  grep -q "Tag_ABI_VFP_args: VFP registers" <<<"$(arm-none-eabi-readelf -A "$elf")" || fail "not hard-float"
  grep -q " Reset_Handler$" <<<"$(arm-none-eabi-nm "$elf")" || fail "no reset handler"
  echo "libspud.a for Cortex-M4F (digits kernels):"
  arm-none-eabi-size -t "$work/build/runtime/libspud.a" | tail -1
  $python "$src/tools/size_report.py" "$work/build/spud_firmware_test.map" --title "digits firmware, Cortex-M4F"
  ;;

android_standin)
  # libspud.so as an Android app loads it with c++_shared: clang and LLVM's
  # shared libc++ stand in for the NDK. It must export exactly the C API.
  "$spud" convert "$src/examples/digits/digits.onnx" -o "$work/digits/digits.spud" >/dev/null
  configure_build "$work/build" "$src" -DCMAKE_TOOLCHAIN_FILE="$src/platforms/android/libcxx-standin.cmake" \
    -DSPUD_OPS_CONFIG="$work/digits/required_operators.config"
  so=$work/build/runtime/libspud.so
  nm -D --defined-only "$so" | awk '{print $3}' | sort >"$work/exports.txt"
  grep -oE '\bspud_[a-z_]+\(' "$src/runtime/include/spud/spud.h" | tr -d '(' | sort -u >"$work/api.txt"
  if ! diff "$work/api.txt" "$work/exports.txt"; then fail "exports differ from the C API of spud.h"; fi
  echo "libspud.so exports the $(wc -l <"$work/exports.txt") functions of spud.h and nothing else"
  readelf -d "$so" | grep NEEDED
  if grep -q "NEEDED.*libstdc++" <<<"$(readelf -d "$so")"; then fail "linked against libstdc++"; fi
  # What it really imports: a NEEDED libc++ alone proves nothing (the
  # library may use none of it). Every undefined symbol must be the C
  # library's (glibc here, Bionic on Android) or a weak linker hook: no C++
  # symbol (_Z...), no C++ ABI or unwinder entry point, nothing versioned
  # GLIBCXX/CXXABI. Then c++_shared or c++_static is the app's choice alone.
  nm -D --undefined-only "$so" >"$work/imports.txt"
  cat "$work/imports.txt"
  bad=$(awk '$1 == "U" || $1 == "w" {print $2}' "$work/imports.txt" |
    grep -vE '^[A-Za-z_][A-Za-z0-9_]*@GLIBC_[0-9.]+$' |
    grep -vxE '_ITM_(de)?registerTMCloneTable|__gmon_start__' || true)
  [ -z "$bad" ] || fail "libspud.so imports symbols that are not the C library's: $bad"
  if grep -E '(^| )(_Z|__cxa_(throw|begin_catch|allocate_exception|guard)|_Unwind_)' <<<"$(awk '{print $2}' "$work/imports.txt")"; then
    fail "libspud.so imports from a C++ runtime"
  fi
  echo "libspud.so imports $(grep -c . "$work/imports.txt") symbols, all from the C library: it needs no C++ runtime"
  ;;

*)
  fail "unknown case $case_name"
  ;;
esac
echo "PASS: $case_name"
