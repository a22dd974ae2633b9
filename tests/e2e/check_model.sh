#!/usr/bin/env bash
# Converts MODEL_DIR/model.onnx, runs it on test_data_set_0/input_*.pb and
# compares every output with the reference output_*.pb beside it.
#   check_model.sh SPUD MODEL_DIR OUT_DIR [CONVERT_ARGS...]
# SPUD_DATA_SET=test_data_set_1 picks another data set of the model.
set -euo pipefail
spud="$1"; model_dir="$2"; out="$3"
shift 3
data="$model_dir/${SPUD_DATA_SET:-test_data_set_0}"
rm -rf "$out"; mkdir -p "$out"
"$spud" convert "$model_dir/model.onnx" -o "$out/model.spud" "$@"
args=()
for f in "$data"/input_*.pb; do
  name=$(/usr/bin/python3 -c "import onnx,sys; t=onnx.TensorProto(); t.ParseFromString(open(sys.argv[1],'rb').read()); print(t.name)" "$f")
  args+=(--input "$name=$f")
done
# Two runs: the outputs compared are the second run's, so state left by a
# run (an input overwritten by an intermediate) would show.
"$spud" run "$out/model.spud" "${args[@]}" --repeat 2 --output-dir "$out/actual"
/usr/bin/python3 "$(dirname "$0")/compare_outputs.py" "$data" "$out/actual" --tolerance 1e-4
