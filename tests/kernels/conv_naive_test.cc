// Conv against a direct per-output-element sum with explicit padding checks,
// over seeded random shapes, strides, dilations, pads, groups and auto_pad.
#include <gtest/gtest.h>

#include <cmath>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace {

struct ConvCase {
  int64_t n, c, h, w, m, kh, kw, sh, sw, dh, dw, group;
  int64_t pt, pl, pb, pr;
};

std::vector<float> naive_conv(const ConvCase& k, const std::vector<float>& x, const std::vector<float>& wt,
                              const std::vector<float>* bias, int64_t oh, int64_t ow) {
  std::vector<float> y(static_cast<size_t>(k.n * k.m * oh * ow));
  const int64_t cg = k.c / k.group, mg = k.m / k.group;
  for (int64_t n = 0; n < k.n; ++n)
    for (int64_t m = 0; m < k.m; ++m)
      for (int64_t oy = 0; oy < oh; ++oy)
        for (int64_t ox = 0; ox < ow; ++ox) {
          double acc = bias ? (*bias)[static_cast<size_t>(m)] : 0.0;
          const int64_t g = m / mg;
          for (int64_t ic = 0; ic < cg; ++ic)
            for (int64_t ky = 0; ky < k.kh; ++ky)
              for (int64_t kx = 0; kx < k.kw; ++kx) {
                const int64_t iy = oy * k.sh + ky * k.dh - k.pt, ix = ox * k.sw + kx * k.dw - k.pl;
                if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w) continue;
                acc += static_cast<double>(x[static_cast<size_t>(((n * k.c + g * cg + ic) * k.h + iy) * k.w + ix)]) *
                       wt[static_cast<size_t>(((m * cg + ic) * k.kh + ky) * k.kw + kx)];
              }
          y[static_cast<size_t>(((n * k.m + m) * oh + oy) * ow + ox)] = static_cast<float>(acc);
        }
  return y;
}

TEST(ConvNaive, RandomGeometryMatchesDirectSum) {
  std::mt19937 rng(2024);
  auto pick = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  for (int trial = 0; trial < 150; ++trial) {
    ConvCase k{};
    k.group = pick(1, 3);
    k.n = pick(1, 2);
    k.c = k.group * pick(1, 3);
    k.m = k.group * pick(1, 3);
    const bool one_d = trial % 5 == 0;
    k.h = one_d ? 1 : pick(1, 9);
    k.w = pick(1, 9);
    k.kh = one_d ? 1 : pick(1, 3);
    k.kw = pick(1, 3);
    k.sh = one_d ? 1 : pick(1, 3);
    k.sw = pick(1, 3);
    k.dh = one_d ? 1 : pick(1, 2);
    k.dw = pick(1, 2);
    k.pt = one_d ? 0 : pick(0, 2);
    k.pb = one_d ? 0 : pick(0, 2);
    k.pl = pick(0, 2);
    k.pr = pick(0, 2);
    const int64_t eh = (k.kh - 1) * k.dh + 1, ew = (k.kw - 1) * k.dw + 1;
    if (k.h + k.pt + k.pb < eh || k.w + k.pl + k.pr < ew) continue;
    const int64_t oh = (k.h + k.pt + k.pb - eh) / k.sh + 1, ow = (k.w + k.pl + k.pr - ew) / k.sw + 1;
    const bool with_bias = trial % 2 == 0;
    TestTensor x, w, b;
    AttrBuilder a;
    a.i("group", k.group);
    if (one_d) {
      x = make_tensor<float>({k.n, k.c, k.w}, random_floats(rng, k.n * k.c * k.w));
      w = make_tensor<float>({k.m, k.c / k.group, k.kw}, random_floats(rng, k.m * (k.c / k.group) * k.kw));
      a.ints("strides", {k.sw}).ints("dilations", {k.dw}).ints("pads", {k.pl, k.pr});
    } else {
      x = make_tensor<float>({k.n, k.c, k.h, k.w}, random_floats(rng, k.n * k.c * k.h * k.w));
      w = make_tensor<float>({k.m, k.c / k.group, k.kh, k.kw}, random_floats(rng, k.m * (k.c / k.group) * k.kh * k.kw));
      a.ints("strides", {k.sh, k.sw}).ints("dilations", {k.dh, k.dw}).ints("pads", {k.pt, k.pl, k.pb, k.pr});
    }
    b = make_tensor<float>({k.m}, random_floats(rng, k.m));
    RunResult r = run_kernel("Conv", 11, a, {&x, &w, with_bias ? &b : nullptr}, 1);
    ASSERT_TRUE(r.status.ok()) << r.phase << ": " << r.status.message();
    const auto bias = b.values<float>();
    const auto expect = naive_conv(k, x.values<float>(), w.values<float>(), with_bias ? &bias : nullptr, oh, ow);
    const auto got = r.outputs[0].values<float>();
    ASSERT_EQ(got.size(), expect.size()) << "trial " << trial;
    for (size_t i = 0; i < got.size(); ++i) ASSERT_NEAR(got[i], expect[i], 1e-4f * (1 + std::fabs(expect[i]))) << "trial " << trial;
  }
}

TEST(ConvNaive, SameUpperPadsLikeTheSpec) {
  // 5x5 input, 3x3 kernel, stride 2: SAME_UPPER gives ceil(5/2) = 3 outputs,
  // total padding 2 split 1/1; equal to explicit pads of 1.
  std::mt19937 rng(7);
  TestTensor x = make_tensor<float>({1, 1, 5, 5}, random_floats(rng, 25));
  TestTensor w = make_tensor<float>({1, 1, 3, 3}, random_floats(rng, 9));
  RunResult same = run_kernel("Conv", 11, AttrBuilder().s("auto_pad", "SAME_UPPER").ints("strides", {2, 2}), {&x, &w}, 1);
  RunResult expl = run_kernel("Conv", 11, AttrBuilder().ints("pads", {1, 1, 1, 1}).ints("strides", {2, 2}), {&x, &w}, 1);
  ASSERT_TRUE(same.status.ok() && expl.status.ok());
  EXPECT_EQ(same.outputs[0].shape, (std::vector<int64_t>{1, 1, 3, 3}));
  EXPECT_EQ(same.outputs[0].values<float>(), expl.outputs[0].values<float>());
}

TEST(ConvNaive, BadShapesFailInPrepare) {
  TestTensor x = make_tensor<float>({1, 3, 4, 4}, std::vector<float>(48, 1.f));
  TestTensor w_channels = make_tensor<float>({2, 2, 3, 3}, std::vector<float>(36, 1.f));
  TestTensor w_rank = make_tensor<float>({2, 3, 3}, std::vector<float>(18, 1.f));
  TestTensor x4d = make_tensor<float>({1, 1, 2, 2, 2, 2}, std::vector<float>(16, 1.f));
  TestTensor w4d = make_tensor<float>({1, 1, 1, 1, 1, 1}, std::vector<float>(1, 1.f));
  RunResult r1 = run_kernel("Conv", 11, AttrBuilder(), {&x, &w_channels}, 1);
  EXPECT_EQ(r1.phase, "prepare");
  RunResult r2 = run_kernel("Conv", 11, AttrBuilder(), {&x, &w_rank}, 1);
  EXPECT_EQ(r2.phase, "prepare");
  RunResult r3 = run_kernel("Conv", 11, AttrBuilder().i("group", 2), {&x, &w_channels}, 1);
  EXPECT_EQ(r3.phase, "prepare");
  RunResult r4 = run_kernel("Conv", 11, AttrBuilder(), {&x4d, &w4d}, 1);  // 4 spatial dims
  EXPECT_EQ(r4.phase, "prepare");
  EXPECT_EQ(r4.status.code(), StatusCode::kUnsupported);
  RunResult r5 = run_kernel("Conv", 11, AttrBuilder().s("auto_pad", "SOMETIMES"), {&x, &w_channels}, 1);
  EXPECT_EQ(r5.phase, "init");
}

// Window attributes a hostile file could make overflow the window
// arithmetic ((k - 1) * d + 1, in + pads): refused in init, naming them.
TEST(ConvNaive, HugeWindowAttributesAreRefused) {
  TestTensor x = make_tensor<float>({1, 1, 4, 4}, std::vector<float>(16, 1.f));
  TestTensor w = make_tensor<float>({1, 1, 2, 2}, std::vector<float>(4, 1.f));
  const int64_t huge = int64_t{8300000000000000000};
  for (const char* attr : {"dilations", "strides"}) {
    SCOPED_TRACE(attr);
    for (const char* op : {"Conv", "MaxPool", "AveragePool"}) {
      AttrBuilder a;  // (not copied: it holds a flatbuffer builder)
      a.ints(attr, {huge, 1});
      if (std::string(op) != "Conv") a.ints("kernel_shape", {2, 2});
      RunResult r = run_kernel(op, 11, a, std::string(op) == "Conv" ? std::vector<const TestTensor*>{&x, &w}
                                                                      : std::vector<const TestTensor*>{&x},
                               1);
      EXPECT_FALSE(r.status.ok()) << op;
      EXPECT_EQ(r.phase, "init") << op;
    }
  }
  RunResult pads = run_kernel("Conv", 11, AttrBuilder().ints("pads", {0, 0, huge, 0}), {&x, &w}, 1);
  EXPECT_EQ(pads.phase, "init");
  RunResult t = run_kernel("ConvTranspose", 11, AttrBuilder().ints("dilations", {huge, 1}), {&x, &w}, 1);
  EXPECT_FALSE(t.status.ok());
  RunResult tp = run_kernel("ConvTranspose", 11, AttrBuilder().ints("pads", {0, 0, huge, 0}), {&x, &w}, 1);
  EXPECT_FALSE(tp.status.ok());
}

}  // namespace
}  // namespace testing
}  // namespace spud
