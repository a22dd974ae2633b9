// Data-movement kernels against index arithmetic written out per case:
// Transpose, Slice, Gather, Concat, Reshape, Flatten, Squeeze, Unsqueeze,
// Shape, Cast.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace {

std::vector<int64_t> strides_of(const std::vector<int64_t>& s) {
  std::vector<int64_t> st(s.size(), 1);
  for (size_t i = s.size(); i-- > 1;) st[i - 1] = st[i] * s[i];
  return st;
}

std::vector<int64_t> iota_values(int64_t n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

// NCHW -> NHWC of images of a few channels, which the XNNPACK tier takes:
// every tier against the index formula, 32-bit floats and integers, and a
// 64-bit tensor and 8 channels that the accelerated kernel leaves alone.
TEST(TensorOpsNaive, ImageToChannelsLastOnEveryTier) {
  const std::vector<std::vector<int64_t>> shapes = {{1, 3, 224, 224}, {2, 3, 5, 7}, {1, 1, 4, 4}, {3, 7, 2, 9}, {1, 8, 3, 3}};
  int accelerated = 0;
  for (const auto& shape : shapes)
    for (int kind = 0; kind < 3; ++kind) {
      const int64_t n = shape[0], c = shape[1], h = shape[2], w = shape[3], count = n * c * h * w;
      std::vector<int64_t> iota = iota_values(count);
      TestTensor x = kind == 0 ? make_tensor<float>(shape, std::vector<float>(iota.begin(), iota.end()))
                     : kind == 1 ? make_tensor<int32_t>(shape, std::vector<int32_t>(iota.begin(), iota.end()))
                                 : make_tensor<int64_t>(shape, iota);
      AttrBuilder a;
      a.ints("perm", {0, 2, 3, 1});
      const std::vector<const TestTensor*> inputs = {&x};
      const std::vector<const KernelDef*> tiers = kernel_tiers("Transpose", 13, inputs);
      for (const KernelDef* def : tiers) {
        const RunResult r = run_kernel_def(def, 13, a, inputs, 1);
        if (r.status.code() == StatusCode::kDeclined) continue;
        ASSERT_TRUE(r.status.ok()) << r.status.message();
        ASSERT_EQ(r.outputs[0].shape, (std::vector<int64_t>{n, h, w, c}));
        std::vector<double> got;
        if (kind == 0) for (float v : r.outputs[0].values<float>()) got.push_back(v);
        if (kind == 1) for (int32_t v : r.outputs[0].values<int32_t>()) got.push_back(v);
        if (kind == 2) for (int64_t v : r.outputs[0].values<int64_t>()) got.push_back(static_cast<double>(v));
        ASSERT_EQ(got.size(), static_cast<size_t>(count));
        for (int64_t i = 0; i < count; ++i) {
          const int64_t ci = i % c, wi = i / c % w, hi = i / (c * w) % h, ni = i / (c * w * h);
          const int64_t want = ((ni * c + ci) * h + hi) * w + wi;  // x is iota: its value is its offset
          ASSERT_EQ(got[static_cast<size_t>(i)], static_cast<double>(want))
              << "shape " << c << "x" << h << "x" << w << ", kind " << kind << ", at " << i;
        }
        accelerated += def != tiers.back();
      }
    }
#if defined(SPUD_XNNPACK)
  EXPECT_EQ(accelerated, 8) << "the accelerated Transpose takes 32-bit images of under 8 channels";
#endif
}

TEST(TensorOpsNaive, TransposeRandomPermutations) {
  std::mt19937 rng(31);
  for (int trial = 0; trial < 50; ++trial) {
    const int rank = 1 + trial % 6;
    // Up to 20 per axis at rank 2 and 3: last axes both below and above the
    // kernel's 8 (column by column, or in tiles).
    const auto shape = random_shape(rng, rank, rank == 2 || rank == 3 ? 20 : 4);
    TestTensor x = make_tensor<int64_t>(shape, iota_values(make_tensor<int64_t>(shape, {}).num_elements()));
    std::vector<int64_t> perm(static_cast<size_t>(rank));
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng);
    const bool default_perm = trial % 7 == 0;
    if (default_perm) std::iota(perm.rbegin(), perm.rend(), 0);  // the default: axes reversed
    AttrBuilder a;
    if (!default_perm) a.ints("perm", perm);
    RunResult r = run_kernel("Transpose", 13, a, {&x}, 1);
    ASSERT_TRUE(r.status.ok());
    const auto in_st = strides_of(shape);
    std::vector<int64_t> out_shape(static_cast<size_t>(rank));
    for (int i = 0; i < rank; ++i) out_shape[static_cast<size_t>(i)] = shape[static_cast<size_t>(perm[static_cast<size_t>(i)])];
    ASSERT_EQ(r.outputs[0].shape, out_shape);
    const auto y = r.outputs[0].values<int64_t>();
    std::vector<int64_t> idx(static_cast<size_t>(rank), 0);
    for (size_t k = 0; k < y.size(); ++k) {
      int64_t src = 0;  // x is iota, so its value is its flat offset
      for (int i = 0; i < rank; ++i) src += idx[static_cast<size_t>(i)] * in_st[static_cast<size_t>(perm[static_cast<size_t>(i)])];
      ASSERT_EQ(y[k], src);
      for (int ax = rank - 1; ax >= 0; --ax) {
        if (++idx[static_cast<size_t>(ax)] < out_shape[static_cast<size_t>(ax)]) break;
        idx[static_cast<size_t>(ax)] = 0;
      }
    }
  }
}

TEST(TensorOpsNaive, SliceMatchesPythonSlicing) {
  // One axis of length 10, sliced like Python's range(len)[start:end:step]
  // after ONNX's clamping; iota data makes every selected index visible.
  TestTensor x = make_tensor<int64_t>({10}, iota_values(10));
  struct Case { int64_t start, end, step; std::vector<int64_t> expect; };
  const std::vector<Case> cases = {
      {2, 7, 1, {2, 3, 4, 5, 6}},  {-3, 100, 1, {7, 8, 9}},       {8, 1, -3, {8, 5, 2}},
      {INT64_MAX, INT64_MIN, -1, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}}, {-100, 3, 2, {0, 2}}, {5, 5, 1, {}}, {0, -1, 4, {0, 4, 8}}};
  for (const Case& c : cases) {
    TestTensor s = make_tensor<int64_t>({1}, {c.start}), e = make_tensor<int64_t>({1}, {c.end});
    TestTensor ax = make_tensor<int64_t>({1}, {0}), st = make_tensor<int64_t>({1}, {c.step});
    RunResult r = run_kernel("Slice", 13, AttrBuilder(), {&x, &s, &e, &ax, &st}, 1);
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    EXPECT_EQ(r.outputs[0].values<int64_t>(), c.expect) << c.start << ":" << c.end << ":" << c.step;
  }
  TestTensor x2 = make_tensor<float>({3, 4}, std::vector<float>(12, 0.f));
  TestTensor s = make_tensor<int64_t>({1}, {0}), e = make_tensor<int64_t>({1}, {2}), zero = make_tensor<int64_t>({1}, {0});
  EXPECT_EQ(run_kernel("Slice", 13, AttrBuilder(), {&x2, &s, &e, &zero, &zero}, 1).phase, "prepare");  // step 0
}

TEST(TensorOpsNaive, GatherAxesAndNegativeIndices) {
  TestTensor x = make_tensor<int64_t>({3, 4}, iota_values(12));
  TestTensor idx = make_tensor<int64_t>({2}, {-1, 0});
  RunResult r0 = run_kernel("Gather", 13, AttrBuilder().i("axis", 0), {&x, &idx}, 1);
  ASSERT_TRUE(r0.status.ok());
  EXPECT_EQ(r0.outputs[0].shape, (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(r0.outputs[0].values<int64_t>(), (std::vector<int64_t>{8, 9, 10, 11, 0, 1, 2, 3}));
  TestTensor idx32 = make_tensor<int32_t>({2, 1}, {3, 1});
  RunResult r1 = run_kernel("Gather", 13, AttrBuilder().i("axis", -1), {&x, &idx32}, 1);
  ASSERT_TRUE(r1.status.ok());
  EXPECT_EQ(r1.outputs[0].shape, (std::vector<int64_t>{3, 2, 1}));
  EXPECT_EQ(r1.outputs[0].values<int64_t>(), (std::vector<int64_t>{3, 1, 7, 5, 11, 9}));
  TestTensor bad = make_tensor<int64_t>({1}, {4});
  RunResult r2 = run_kernel("Gather", 13, AttrBuilder().i("axis", 1), {&x, &bad}, 1);
  EXPECT_EQ(r2.phase, "eval");  // indices are data: checked when read
}

TEST(TensorOpsNaive, ConcatAlongEachAxis) {
  TestTensor a = make_tensor<int64_t>({2, 2}, {0, 1, 2, 3}), b = make_tensor<int64_t>({2, 1}, {4, 5});
  RunResult r = run_kernel("Concat", 13, AttrBuilder().i("axis", -1), {&a, &b}, 1);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.outputs[0].values<int64_t>(), (std::vector<int64_t>{0, 1, 4, 2, 3, 5}));
  TestTensor c = make_tensor<int64_t>({1, 2}, {6, 7});
  RunResult r0 = run_kernel("Concat", 13, AttrBuilder().i("axis", 0), {&a, &c, &a}, 1);
  ASSERT_TRUE(r0.status.ok());
  EXPECT_EQ(r0.outputs[0].values<int64_t>(), (std::vector<int64_t>{0, 1, 2, 3, 6, 7, 0, 1, 2, 3}));
  EXPECT_EQ(run_kernel("Concat", 13, AttrBuilder().i("axis", 0), {&a, &b}, 1).phase, "prepare");
}

TEST(TensorOpsNaive, ShapeOnlyOps) {
  TestTensor x = make_tensor<float>({2, 1, 3}, std::vector<float>{1, 2, 3, 4, 5, 6});
  TestTensor shape = make_tensor<int64_t>({2}, {0, -1});
  RunResult r = run_kernel("Reshape", 14, AttrBuilder(), {&x, &shape}, 1);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.outputs[0].shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(r.outputs[0].values<float>(), x.values<float>());
  TestTensor bad = make_tensor<int64_t>({2}, {4, -1});
  EXPECT_EQ(run_kernel("Reshape", 14, AttrBuilder(), {&x, &bad}, 1).phase, "prepare");
  RunResult f = run_kernel("Flatten", 13, AttrBuilder().i("axis", -1), {&x}, 1);
  EXPECT_EQ(f.outputs[0].shape, (std::vector<int64_t>{2, 3}));
  RunResult sq = run_kernel("Squeeze", 11, AttrBuilder().ints("axes", {1}), {&x}, 1);
  EXPECT_EQ(sq.outputs[0].shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(run_kernel("Squeeze", 11, AttrBuilder().ints("axes", {0}), {&x}, 1).phase, "prepare");  // size 2
  TestTensor axes = make_tensor<int64_t>({2}, {0, -1});
  RunResult un = run_kernel("Unsqueeze", 13, AttrBuilder(), {&x, &axes}, 1);
  EXPECT_EQ(un.outputs[0].shape, (std::vector<int64_t>{1, 2, 1, 3, 1}));
  RunResult sh = run_kernel("Shape", 15, AttrBuilder().i("start", 1), {&x}, 1);
  EXPECT_EQ(sh.outputs[0].values<int64_t>(), (std::vector<int64_t>{1, 3}));
}

TEST(TensorOpsNaive, CastTruncatesSaturatesAndNormalizesBools) {
  TestTensor x = make_tensor<float>({6}, {1.9f, -1.9f, 300.f, -300.f, NAN, 0.f});
  RunResult to_i8 = run_kernel("Cast", 13, AttrBuilder().i("to", static_cast<int64_t>(DType::kInt8)), {&x}, 1);
  ASSERT_TRUE(to_i8.status.ok());
  EXPECT_EQ(to_i8.outputs[0].values<int8_t>(), (std::vector<int8_t>{1, -1, 127, -128, 0, 0}));
  RunResult to_bool = run_kernel("Cast", 13, AttrBuilder().i("to", static_cast<int64_t>(DType::kBool)), {&x}, 1);
  EXPECT_EQ(to_bool.outputs[0].values<uint8_t>(), (std::vector<uint8_t>{1, 1, 1, 1, 1, 0}));
  EXPECT_EQ(run_kernel("Cast", 13, AttrBuilder().i("to", static_cast<int64_t>(DType::kString)), {&x}, 1).phase, "init");
}

}  // namespace
}  // namespace testing
}  // namespace spud

namespace spud {
namespace testing {
namespace {

// float16 bit patterns from the IEEE 754 binary16 definition.
TEST(TensorOpsNaive, CastToAndFromFloat16AtKnownBitPatterns) {
  const std::vector<float> values = {1.f, -2.f, 65504.f, 65520.f, 5.9604645e-8f, 1e-8f, 0.33333334f, 1.0009766f};
  // 65520 rounds up past the largest half (65504) to infinity; 1e-8 is below
  // half the smallest subnormal; 1.0009766 is exactly 1 + 2^-10.
  const std::vector<uint16_t> bits = {0x3c00, 0xc000, 0x7bff, 0x7c00, 0x0001, 0x0000, 0x3555, 0x3c01};
  TestTensor x = make_tensor<float>({8}, values);
  RunResult r = run_kernel("Cast", 13, AttrBuilder().i("to", static_cast<int64_t>(DType::kFloat16)), {&x}, 1);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.outputs[0].values<uint16_t>(), bits);

  TestTensor h = make_tensor<uint16_t>({5}, {0x3c00, 0x0001, 0x7c00, 0xfbff, 0x3555});
  h.dtype = DType::kFloat16;
  RunResult back = run_kernel("Cast", 13, AttrBuilder().i("to", static_cast<int64_t>(DType::kFloat32)), {&h}, 1);
  ASSERT_TRUE(back.status.ok()) << back.status.message();
  const auto f = back.outputs[0].values<float>();
  EXPECT_EQ(f[0], 1.f);
  EXPECT_EQ(f[1], 5.9604645e-8f);  // 2^-24, the smallest subnormal
  EXPECT_TRUE(std::isinf(f[2]) && f[2] > 0);
  EXPECT_EQ(f[3], -65504.f);
  EXPECT_EQ(f[4], 0.33325195f);
  TestTensor nan = make_tensor<float>({1}, {NAN});
  RunResult n = run_kernel("Cast", 13, AttrBuilder().i("to", static_cast<int64_t>(DType::kFloat16)), {&nan}, 1);
  const uint16_t nb = n.outputs[0].values<uint16_t>()[0];
  EXPECT_EQ(nb & 0x7c00, 0x7c00);
  EXPECT_NE(nb & 0x03ff, 0);  // still a NaN
}

}  // namespace
}  // namespace testing
}  // namespace spud

namespace spud {
namespace testing {
namespace {

// Upsample's linear mode interpolates at x / scale, holding the edge value
// past the last pixel; by hand for [[1, 2], [3, 4]] doubled in both axes.
TEST(TensorOpsNaive, UpsampleLinearByHand) {
  TestTensor x = make_tensor<float>({1, 1, 2, 2}, {1, 2, 3, 4});
  TestTensor scales = make_tensor<float>({4}, {1, 1, 2, 2});
  RunResult r = run_kernel("Upsample", 9, AttrBuilder().s("mode", "linear"), {&x, &scales}, 1);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.outputs[0].shape, (std::vector<int64_t>{1, 1, 4, 4}));
  EXPECT_EQ(r.outputs[0].values<float>(),
            (std::vector<float>{1, 1.5f, 2, 2, 2, 2.5f, 3, 3, 3, 3.5f, 4, 4, 3, 3.5f, 4, 4}));
  RunResult nearest = run_kernel("Upsample", 9, AttrBuilder().s("mode", "nearest"), {&x, &scales}, 1);
  EXPECT_EQ(nearest.outputs[0].values<float>(), (std::vector<float>{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}));
  EXPECT_EQ(run_kernel("Upsample", 9, AttrBuilder().s("mode", "cubic"), {&x, &scales}, 1).phase, "init");
}

}  // namespace
}  // namespace testing
}  // namespace spud
