#!/usr/bin/env bash
# make demo: convert the committed digits model and classify the samples.
set -euo pipefail
build="${1:-build}"
here="$(cd "$(dirname "$0")" && pwd)"
out="$build/demo"
mkdir -p "$out"
echo "== spud convert"
"$build/bin/spud" convert "$here/digits.onnx" -o "$out/digits.spud"
echo
echo "== required_operators.config"
cat "$out/required_operators.config"
echo
echo "== spud run (one sample, through the command line)"
"$build/bin/spud" run "$out/digits.spud" --input "input=$here/samples/sample_0.pb" --repeat 100 --print 10
echo
echo "== digits_demo (every sample, through the C++ API, caller-provided memory)"
"$build/bin/digits_demo" "$out/digits.spud" "$here/samples/labels.txt"
