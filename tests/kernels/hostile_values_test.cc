// What the fuzz targets (tests/fuzz) found in the kernels, each as the
// plainest case: shape values, attributes and input values that once
// overflowed, converted NaN to an integer or made a loop unbounded now get
// an error from the kernel. The inputs the fuzzers found are replayed from
// tests/fuzz/regressions/.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace {

void expect_error(const RunResult& r, const std::string& phase, const std::string& text) {
  EXPECT_FALSE(r.status.ok());
  EXPECT_EQ(r.phase, phase);
  EXPECT_NE(std::string(r.status.message()).find(text), std::string::npos) << r.status.message();
}

TEST(HostileValues, ReshapeShapeWhoseProductOverflows) {
  const TestTensor x = make_tensor<float>({2}, {1, 2});
  const TestTensor shape = make_tensor<int64_t>({3}, {int64_t{1} << 33, int64_t{1} << 33, -1});
  expect_error(run_kernel("Reshape", 14, AttrBuilder(), {&x, &shape}, 1), "prepare", "element count overflows");
}

TEST(HostileValues, RoiAlignRegionsThatAreNotFiniteOrLargerThanTheImage) {
  const TestTensor x = make_tensor<float>({1, 1, 2, 2}, {1, 2, 3, 4});
  const TestTensor batch = make_tensor<int64_t>({1}, {0});
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // Opset 10 takes regions of at least 1x1 (fmax), which let NaN through.
  const TestTensor nan_roi = make_tensor<float>({1, 4}, {nan, 0, 1, 1});
  expect_error(run_kernel("RoiAlign", 10, AttrBuilder(), {&x, &nan_roi, &batch}, 1), "eval", "not finite");
  const TestTensor inf_roi = make_tensor<float>({1, 4}, {0, 0, INFINITY, 1});
  expect_error(run_kernel("RoiAlign", 16, AttrBuilder(), {&x, &inf_roi, &batch}, 1), "eval", "not finite");
  // An adaptive grid of 1e9 x 1e9 samples.
  const TestTensor huge_roi = make_tensor<float>({1, 4}, {0, 0, 1e9f, 1e9f});
  expect_error(run_kernel("RoiAlign", 16, AttrBuilder(), {&x, &huge_roi, &batch}, 1), "eval", "larger than the image");
  const TestTensor roi = make_tensor<float>({1, 4}, {0, 0, 1, 1});
  expect_error(run_kernel("RoiAlign", 16, AttrBuilder().i("sampling_ratio", 1000000000), {&x, &roi, &batch}, 1),
               "prepare", "sampling_ratio is larger than the image");
  EXPECT_TRUE(run_kernel("RoiAlign", 16, AttrBuilder().i("sampling_ratio", 3), {&x, &roi, &batch}, 1).status.ok());
}

}  // namespace
}  // namespace testing
}  // namespace spud
