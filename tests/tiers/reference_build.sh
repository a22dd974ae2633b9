#!/usr/bin/env bash
# The same kernel tests, allocation and allocation-failure tests and ONNX
# conformance suite on a build without XNNPACK, Eigen and threads: the
# reference tier alone, as builds for targets without the package run.
#   reference_build.sh SRC_DIR WORK_DIR NODE_TESTS_DIR
set -euo pipefail
src=$1 work=$2 node_tests=$3
mkdir -p "$work"
cmake -S "$src" -B "$work" -DCMAKE_BUILD_TYPE=Release -DSPUD_XNNPACK=OFF -DSPUD_EIGEN=OFF -DSPUD_THREADS=OFF \
  >"$work.configure.log" 2>&1 || { cat "$work.configure.log"; exit 1; }
grep -q "spud: XNNPACK tier OFF, threads OFF" "$work.configure.log" || { echo "FAIL: XNNPACK still on"; exit 1; }
grep -q "spud: Eigen tier OFF" "$work.configure.log" || { echo "FAIL: Eigen still on"; exit 1; }
cmake --build "$work" -j2 --target spud_conformance spud_kernel_tests spud_session_alloc_tests spud_allocation_failure_tests \
  >"$work.build.log" 2>&1 || { tail -60 "$work.build.log"; exit 1; }
# No XNNPACK, Eigen or pthreadpool code in it.
if nm -C "$work/tests/spud_kernel_tests" | grep -qiE "xnn_|pthreadpool|Eigen::"; then
  echo "FAIL: the reference-only build links XNNPACK, Eigen or pthreadpool"; exit 1
fi
"$work/tests/spud_kernel_tests" --gtest_brief=1
"$work/tests/spud_session_alloc_tests" --gtest_brief=1
"$work/tests/spud_allocation_failure_tests" --gtest_brief=1
"$work/tests/conformance/spud_conformance" "$node_tests/node" \
  --expected-failures "$src/tests/conformance/expected_failures.txt" --report "$work/conformance-report.json"
