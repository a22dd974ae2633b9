#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets (build-fuzz, clang-14, ASan+UBSan),
# makes the seed corpora from the ordinary build's spud and node tests, runs
# each target for FUZZ_SECONDS and prints one line per target: executions,
# coverage, corpus size and what it found. Inputs it finds are kept in
# build-fuzz/corpus/<target>/ for the next run; crashes, leaks, timeouts and
# out-of-memory inputs go to build-fuzz/artifacts/<target>/.
#
# usage: run_fuzz.sh SOURCE_DIR BUILD_DIR FUZZ_DIR SECONDS "TARGETS" JOBS
set -euo pipefail
src=$1 build=$2 fuzz=$3 seconds=$4 targets=$5 jobs=$6

export CC=clang-14 CXX=clang++-14
cmake -S "$src" -B "$fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPUD_FUZZ=ON >/dev/null
cmake --build "$fuzz" -j"$jobs" --target spud_fuzz_targets

# Seeds need the ordinary build's spud, ONNX's node tests, tests/opsets' and tests/quant's models.
(cd "$build" && ctest -R '^(conformance_generate|opsets_make_models|quant_make_contrib_models)$' >/dev/null)
seeds="$build/fuzz-seeds"
/usr/bin/python3 "$src/tests/fuzz/make_seeds.py" --spud "$build/bin/spud" \
  --models "$build/onnx-node-tests/node" --models "$build/opsets-data/models" --models "$build/quant-data/contrib" \
  --configs "$src/tests/minimal/configs" --out "$seeds" --jobs "$jobs"

summary=()
for t in $targets; do
  exe="$fuzz/fuzz/fuzz_$t"
  [ -x "$exe" ] || { echo "run_fuzz: no target '$t' (have: runtime converter tensor_pb tensor_proto ops_config npy)" >&2; exit 2; }
  corpus="$fuzz/corpus/$t" artifacts="$fuzz/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  dict=()
  [ -f "$src/tests/fuzz/$t.dict" ] && dict=(-dict="$src/tests/fuzz/$t.dict")
  log="$fuzz/fuzz-$t.log"
  echo "run_fuzz: $t for ${seconds}s (log: $log)"
  # -fork with -ignore_crashes keeps fuzzing past a crash, so one run
  # counts them all; every artifact is kept.
  set +e
  "$exe" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -max_total_time="$seconds" \
    -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$artifacts/" -print_final_stats=1 "${dict[@]}" \
    "$corpus" "$seeds/$t" "$src/tests/fuzz/regressions/$t" >"$log" 2>&1
  set -e
  last=$(grep -E '^#[0-9]+: cov: ' "$log" | tail -1 || true)
  execs=$(sed -nE 's/^#([0-9]+): cov:.*/\1/p' <<<"$last")
  cov=$(sed -nE 's/.* cov: ([0-9]+) .*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+) .*/\1/p' <<<"$last")
  eps=$(sed -nE 's/.* exec\/s:? ([0-9]+) .*/\1/p' <<<"$last")
  found=$(find "$artifacts" -type f | wc -l)
  kinds=$(find "$artifacts" -type f -printf '%f\n' | sed -E 's/-.*//' | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}')
  summary+=("$(printf '%-13s %10s executions  %6s exec/s  cov %6s  ft %7s  corpus %6d  found %d%s' "$t" \
    "${execs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "$(find "$corpus" -type f | wc -l)" "$found" \
    "${kinds:+ (${kinds%, })}")")
done
echo
echo "fuzz results (${seconds}s each; artifacts in $fuzz/artifacts/<target>/):"
printf '  %s\n' "${summary[@]}"
