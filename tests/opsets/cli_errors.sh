#!/usr/bin/env bash
# Bad --target-opset requests and opsets spud does not know fail with a
# message naming what is wrong, and write nothing; `spud check` of a model
# newer than ONNX 1.12 skips its checker, saying so, and succeeds.
#   cli_errors.sh SPUD TORCH_DIR MODELS_DIR OUT_DIR
# TORCH_DIR holds export_torch.py's models, MODELS_DIR make_models.py's.
set -uo pipefail
spud="$1"; torch_dir="$2"; models="$3"; out="$4"
rm -rf "$out"; mkdir -p "$out"
failed=0
# expect_error NAME "TEXT" ARGS...: spud convert ARGS fails, says TEXT, writes no file.
expect_error() {
  local name="$1" text="$2"; shift 2
  local log="$out/$name.log"
  if "$spud" convert "$@" -o "$out/$name.spud" --config "$out/$name.config" >"$log" 2>&1; then
    echo "$name: converted, expected an error"; failed=1; return
  fi
  if ! grep -qF -- "$text" "$log"; then
    echo "$name: the message does not say '$text':"; cat "$log"; failed=1; return
  fi
  if [ -e "$out/$name.spud" ] || [ -e "$out/$name.config" ]; then
    echo "$name: a file was written despite the error"; failed=1; return
  fi
  echo "$name: ok: $(grep error "$log" | head -1)"
}
expect_error below_oldest "--target-opset 5: spud supports opsets 7 to 21" "$torch_dir/torch_opset9/model.onnx" --target-opset 5
expect_error above_newest "--target-opset 22: spud supports opsets 7 to 21" "$torch_dir/torch_opset9/model.onnx" --target-opset 22
expect_error past_the_converter "converts between opsets up to 17 only" "$torch_dir/torch_opset9/model.onnx" --target-opset 19
expect_error from_a_new_opset "the model imports opset 18, and ONNX's version converter" "$models/mish_18/model.onnx" --target-opset 17
expect_error conversion_fails "cannot convert the model from opset 10 to 8: " "$torch_dir/torch_opset10/model.onnx" --target-opset 8
# A model importing an opset past 21.
/usr/bin/python3 - "$models/mish_18/model.onnx" "$out/opset22.onnx" <<'PY'
import sys, onnx
m = onnx.load(sys.argv[1])
m.opset_import[0].version = 22
onnx.save(m, sys.argv[2])
PY
expect_error unknown_opset "imports opset 22; spud knows opsets up to 21" "$out/opset22.onnx"
# --target-opset that leaves an old version without a kernel: the usual list of what is missing.
expect_error still_missing "ai.onnx Pad (opset 2)" "$torch_dir/torch_opset9/model.onnx" --target-opset 10
if "$spud" check "$models/gelu_20/model.onnx" >"$out/check.log" 2>&1 &&
   grep -qF "ONNX checker: skipped: opset 20 is newer" "$out/check.log"; then
  echo "check_new_opset: ok"
else
  echo "check_new_opset: spud check did not skip the checker:"; cat "$out/check.log"; failed=1
fi
exit $failed
