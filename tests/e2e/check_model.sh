#!/usr/bin/env bash
# Converts MODEL_DIR/model.onnx once, runs it on every test_data_set_*/input_*.pb
# (sets of different shapes when the model has symbolic dimensions) and
# compares every output with the reference output_*.pb beside it.
#   check_model.sh SPUD MODEL_DIR OUT_DIR [CONVERT_ARGS...]
# SPUD_DATA_SET=test_data_set_1 runs that data set alone (a model converted
# with --dim for that set's size). SPUD_INT_STEPS=N compares integer outputs
# exactly to within N (quantized models), float ones as usual.
set -euo pipefail
spud="$1"; model_dir="$2"; out="$3"
shift 3
rm -rf "$out"; mkdir -p "$out"
"$spud" convert "$model_dir/model.onnx" -o "$out/model.spud" "$@"
if [ -n "${SPUD_DATA_SET:-}" ]; then
  sets=("$model_dir/$SPUD_DATA_SET")
else
  sets=("$model_dir"/test_data_set_*)
fi
[ -d "${sets[0]}" ] || { echo "no data set ${sets[0]}" >&2; exit 1; }
for data in "${sets[@]}"; do
  # input_I.pb is the model's I-th graph input (ONNX's test data layout);
  # sequences and optionals are SequenceProto/OptionalProto files.
  args=()
  while IFS= read -r line; do args+=(--input "$line"); done < <(
    /usr/bin/python3 "$(dirname "$0")/compare_outputs.py" --list-inputs "$model_dir/model.onnx" "$data")
  # Two runs: the outputs compared are the second run's, so state left by a
  # run (an input overwritten by an intermediate) would show.
  actual="$out/actual/$(basename "$data")"
  "$spud" run "$out/model.spud" "${args[@]}" --repeat 2 --output-dir "$actual" --output-names index
  steps=()
  [ -z "${SPUD_INT_STEPS:-}" ] || steps=(--int-steps "$SPUD_INT_STEPS")
  /usr/bin/python3 "$(dirname "$0")/compare_outputs.py" "$data" "$actual" --tolerance 1e-4 "${steps[@]}" \
    --model "$model_dir/model.onnx"
done
