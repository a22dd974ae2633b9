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

// An empty image whose other side is huge: the bins are bounded by the
// image's size, which bounds nothing here (the fuzzer's input was
// [1,1,2814749767106570,0], a loop of 2.8e15 samples per bin), and a
// sample on the border would read before the plane. Every sample is
// outside an empty image: the output is zeros.
TEST(HostileValues, RoiAlignOnAnEmptyImageGivesZeros) {
  const TestTensor batch = make_tensor<int64_t>({2}, {0, 0});
  const TestTensor rois = make_tensor<float>({2, 4}, {-0.5f, -0.5f, 4e14f, 4e14f, 0, 0, 1, 1});
  for (const std::vector<int64_t>& dims : {std::vector<int64_t>{1, 2, int64_t{1} << 50, 0},
                                           std::vector<int64_t>{1, 2, 0, int64_t{1} << 50}}) {
    const TestTensor x = make_tensor<float>(dims, {});
    for (const char* mode : {"avg", "max"}) {
      const RunResult r = run_kernel("RoiAlign", 16, AttrBuilder().s("mode", mode).i("output_height", 3),
                                     {&x, &rois, &batch}, 1);
      ASSERT_TRUE(r.status.ok()) << r.status.message();
      ASSERT_EQ(r.outputs[0].shape, (std::vector<int64_t>{2, 2, 3, 1}));
      for (float v : r.outputs[0].values<float>()) EXPECT_EQ(v, 0.f);
    }
  }
}

// Antialiased linear Resize of an input with an empty axis and a 2e11
// scale on another: the output is empty, and nothing walks the 2.7e12
// output positions of the long axis (a converter-fuzz timeout).
TEST(HostileValues, ResizeOfAnEmptyInputDoesNotWalkItsLongAxis) {
  const TestTensor x = make_tensor<float>({1, 0, 12, 10}, {});
  const TestTensor none = make_tensor<float>({0}, {});
  const TestTensor scales = make_tensor<float>({4}, {1, 1, 2.2333830e+11f, 0.2396713f});
  const RunResult r = run_kernel("Resize", 18, AttrBuilder().s("mode", "linear").i("antialias", 1),
                                 {&x, &none, &scales}, 1);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_EQ(r.outputs[0].shape.size(), 4u);
  EXPECT_EQ(r.outputs[0].shape[1], 0);
  EXPECT_GT(r.outputs[0].shape[2], int64_t{1} << 40);
}

TEST(HostileValues, PadsWhoseSumOverflows) {
  const TestTensor x = make_tensor<float>({2}, {1, 2});
  const TestTensor pads = make_tensor<int64_t>({2}, {INT64_MAX - 1, INT64_MAX - 1});
  expect_error(run_kernel("Pad", 13, AttrBuilder(), {&x, &pads}, 1), "prepare", "output overflows");
}

TEST(HostileValues, ResizeScalesBeyondInt64AndCoordinatesFarOutside) {
  const TestTensor x = make_tensor<float>({1, 1, 2, 2}, {1, 2, 3, 4});
  const TestTensor none = make_tensor<float>({0}, {});
  const TestTensor huge = make_tensor<float>({4}, {1, 1, 1e30f, 1});
  expect_error(run_kernel("Resize", 13, AttrBuilder(), {&x, &none, &huge}, 1), "prepare", "output overflows");
  const TestTensor inf = make_tensor<float>({4}, {1, 1, INFINITY, 1});
  expect_error(run_kernel("Resize", 13, AttrBuilder(), {&x, &none, &inf}, 1), "prepare", "output overflows");
  // A region of crop-and-resize far outside (and NaN) reads the extrapolation
  // value or an edge, never an index computed from an unbounded coordinate.
  const TestTensor scales = make_tensor<float>({4}, {1, 1, 1, 1});
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const TestTensor roi = make_tensor<float>({8}, {0, 0, -1e30f, nan, 1, 1, 1e30f, 1});
  for (const char* mode : {"nearest", "linear", "cubic"}) {
    const RunResult r = run_kernel("Resize", 13,
                                   AttrBuilder().s("mode", mode).s("coordinate_transformation_mode", "tf_crop_and_resize"),
                                   {&x, &roi, &scales}, 1);
    ASSERT_TRUE(r.status.ok()) << mode << ": " << r.status.message();
    EXPECT_EQ(r.outputs[0].shape, (std::vector<int64_t>{1, 1, 2, 2}));
  }
}

TEST(HostileValues, ResizeCubicDropsTapsOfWeightZero) {
  // Scale 1 on every axis: each output is its input, through one tap per axis.
  std::vector<float> v(2 * 3 * 4 * 5);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i) * 0.5f;
  const TestTensor x = make_tensor<float>({2, 3, 4, 5}, v);
  const TestTensor none = make_tensor<float>({0}, {});
  const TestTensor scales = make_tensor<float>({4}, {1, 1, 1, 1});
  const RunResult r = run_kernel("Resize", 13, AttrBuilder().s("mode", "cubic"), {&x, &none, &scales}, 1);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.outputs[0].values<float>(), v);
}

// Cubic on three moving axes reads 64 inputs per output directly; it runs
// one axis at a time instead, which must equal three single-axis Resizes
// (the filter is a product of per-axis ones), each computed directly.
TEST(HostileValues, CubicResizeOnThreeAxesEqualsOneAxisAtATime) {
  std::vector<float> v(1 * 3 * 5 * 6);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>((i * 37) % 23) - 11.f;
  const TestTensor x = make_tensor<float>({1, 3, 5, 6}, v);
  const TestTensor none = make_tensor<float>({0}, {});
  const TestTensor all = make_tensor<float>({4}, {1, 2.f, 0.5f, 1.5f});
  const RunResult r = run_kernel("Resize", 13, AttrBuilder().s("mode", "cubic"), {&x, &none, &all}, 1);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_EQ(r.outputs[0].shape, (std::vector<int64_t>{1, 6, 2, 9}));
  TestTensor step = x;
  const std::vector<std::vector<float>> one_axis = {{1, 2.f, 1, 1}, {1, 1, 0.5f, 1}, {1, 1, 1, 1.5f}};
  for (const std::vector<float>& sc : one_axis) {
    const TestTensor scales = make_tensor<float>({4}, sc);
    const RunResult s1 = run_kernel("Resize", 13, AttrBuilder().s("mode", "cubic"), {&step, &none, &scales}, 1);
    ASSERT_TRUE(s1.status.ok()) << s1.status.message();
    step = make_tensor<float>(s1.outputs[0].shape, s1.outputs[0].values<float>());
  }
  const std::vector<float> got = r.outputs[0].values<float>(), want = step.values<float>();
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-4f) << i;
}

// A 162-byte file from the converter fuzzer: cubic, a 9x9 plane cut to 3x3
// and an axis of length 1 grown 262145 times. Directly, each of the 2.4
// million outputs read 64 inputs (30 s under ASan); axis by axis, the
// plane shrinks first and the long axis reads 4 taps per output.
TEST(HostileValues, CubicResizeGrowingOneAxisAMillionfoldShrinksThePlaneFirst) {
  std::vector<float> v(81);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i % 7);
  const TestTensor x = make_tensor<float>({1, 1, 9, 9}, v);
  const TestTensor none = make_tensor<float>({0}, {});
  const TestTensor scales = make_tensor<float>({4}, {262145.f, 1.0000006f, 1.f / 3, 1.f / 3});
  const RunResult r = run_kernel("Resize", 18, AttrBuilder().s("mode", "cubic"), {&x, &none, &scales}, 1);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.outputs[0].shape, (std::vector<int64_t>{262145, 1, 3, 3}));
  // Along the grown axis every output reads the one input plane (its taps
  // clamped there, their weights summing to 1): the same 3x3 each time.
  const std::vector<float> y = r.outputs[0].values<float>();
  for (size_t i = 9; i < y.size(); i += 9 * 4099)
    for (size_t k = 0; k < 9; ++k) EXPECT_NEAR(y[i + k], y[k], 1e-5f) << i + k;
}

// A shape from a tensor's values whose element count overflows int64: an
// error, not an overflowing stride (runtime-fuzz UBSan finding).
TEST(HostileValues, ExpandToAShapeWhoseProductOverflows) {
  const TestTensor x = make_tensor<float>({1, 2}, {1, 2});
  const TestTensor shape = make_tensor<int64_t>({3}, {int64_t{1} << 62, 4, 2});
  expect_error(run_kernel("Expand", 13, AttrBuilder(), {&x, &shape}, 1), "prepare", "Expand");
  const TestTensor negative = make_tensor<int64_t>({2}, {-3, 2});
  expect_error(run_kernel("Expand", 13, AttrBuilder(), {&x, &negative}, 1), "prepare", "Expand");
}

// An integer power past the type's range saturates (a cast of the double
// result would be undefined: converter-fuzz UBSan finding).
TEST(HostileValues, IntegerPowPastTheRangeSaturates) {
  const TestTensor base = make_tensor<int64_t>({3}, {10, -10, 2});
  const TestTensor exponent = make_tensor<int64_t>({3}, {21, 21, 3});
  const RunResult r = run_kernel("Pow", 15, AttrBuilder(), {&base, &exponent}, 1);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.outputs[0].values<int64_t>(), (std::vector<int64_t>{INT64_MAX, INT64_MIN, 8}));
}

TEST(HostileValues, GridSampleGridsThatAreNaNOrHuge) {
  const TestTensor x = make_tensor<float>({1, 1, 2, 2}, {1, 2, 3, 4});
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const TestTensor grid = make_tensor<float>({1, 1, 4, 2}, {nan, 0, 3e22f, -3e22f, -INFINITY, 0, 0, INFINITY});
  for (const char* mode : {"nearest", "bilinear", "bicubic"})
    for (const char* padding : {"zeros", "border", "reflection"}) {
      const RunResult r = run_kernel("GridSample", 16, AttrBuilder().s("mode", mode).s("padding_mode", padding),
                                     {&x, &grid}, 1);
      ASSERT_TRUE(r.status.ok()) << mode << "/" << padding << ": " << r.status.message();
      if (std::string(padding) == "zeros" && std::string(mode) != "bicubic")
        EXPECT_EQ(r.outputs[0].values<float>()[1], 0.f) << mode;  // far outside reads zeros
    }
}

}  // namespace
}  // namespace testing
}  // namespace spud
