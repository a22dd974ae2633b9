#!/usr/bin/env bash
# The thread test under ThreadSanitizer: builds the runtime with the
# operators of the models in MODEL_DIR (spud_thread_models wrote them and
# their config; both accelerated tiers included) and the test program with
# -fsanitize=thread in WORK_DIR, and runs it. Any data race fails it.
#   tsan_build.sh SRC_DIR WORK_DIR MODEL_DIR
set -euo pipefail
src=$1 work=$2 models=$3
mkdir -p "$work"
start=$(date +%s)
cmake -S "$src/tests/threads" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
  -DCMAKE_C_FLAGS="-fsanitize=thread -g1" -DCMAKE_CXX_FLAGS="-fsanitize=thread -g1" \
  -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DSPUD_OPS_CONFIG="$models/required_operators.config" \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" -j2 --target spud_thread_test >"$work/build.log" 2>&1 || { tail -60 "$work/build.log"; exit 1; }
echo "TSan build: $(($(date +%s) - start)) s"
# ThreadSanitizer is on: a race on purpose is reported.
if TSAN_OPTIONS=halt_on_error=1 "$work/build/spud_thread_test" --race >"$work/race.log" 2>&1 ||
   ! grep -q "WARNING: ThreadSanitizer: data race" "$work/race.log"; then
  cat "$work/race.log"; echo "FAIL: ThreadSanitizer did not report a race made on purpose"; exit 1
fi
start=$(date +%s)
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
  "$work/build/spud_thread_test" "$models/cnn.spud" "$models/dynamic.spud"
echo "TSan run: $(($(date +%s) - start)) s"
