// MaxPool / AveragePool against naive window loops that compute the output
// size from ONNX's formula, including ceil_mode and count_include_pad.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace {

struct Geometry {
  int64_t h, w, kh, kw, sh, sw, pt, pl, pb, pr;
  bool ceil;
};

int64_t out_size(int64_t in, int64_t k, int64_t s, int64_t p0, int64_t p1, bool ceil) {
  const int64_t span = in + p0 + p1 - k;
  int64_t out = (ceil ? (span + s - 1) / s : span / s) + 1;
  if (ceil && (out - 1) * s >= in + p0) --out;  // last window must start inside
  return out;
}

TEST(PoolNaive, RandomWindowsMatchNaiveMaxAndAverage) {
  std::mt19937 rng(99);
  auto pick = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  for (int trial = 0; trial < 200; ++trial) {
    Geometry g{pick(1, 8), pick(1, 8), pick(1, 3), pick(1, 3), pick(1, 3), pick(1, 3), 0, 0, 0, 0, trial % 2 == 1};
    g.pt = pick(0, g.kh - 1);
    g.pb = pick(0, g.kh - 1);
    g.pl = pick(0, g.kw - 1);
    g.pr = pick(0, g.kw - 1);
    if (g.h + g.pt + g.pb < g.kh || g.w + g.pl + g.pr < g.kw) continue;
    const bool include_pad = trial % 3 == 0;
    const int64_t n = 1, c = pick(1, 3);
    TestTensor x = make_tensor<float>({n, c, g.h, g.w}, random_floats(rng, n * c * g.h * g.w));
    AttrBuilder a;
    a.ints("kernel_shape", {g.kh, g.kw}).ints("strides", {g.sh, g.sw}).ints("pads", {g.pt, g.pl, g.pb, g.pr});
    a.i("ceil_mode", g.ceil ? 1 : 0);
    RunResult mx = run_kernel("MaxPool", 12, a, {&x}, 1);
    AttrBuilder b;
    b.ints("kernel_shape", {g.kh, g.kw}).ints("strides", {g.sh, g.sw}).ints("pads", {g.pt, g.pl, g.pb, g.pr});
    b.i("ceil_mode", g.ceil ? 1 : 0).i("count_include_pad", include_pad ? 1 : 0);
    RunResult av = run_kernel("AveragePool", 11, b, {&x}, 1);
    ASSERT_TRUE(mx.status.ok()) << mx.status.message();
    ASSERT_TRUE(av.status.ok()) << av.status.message();
    const int64_t oh = out_size(g.h, g.kh, g.sh, g.pt, g.pb, g.ceil), ow = out_size(g.w, g.kw, g.sw, g.pl, g.pr, g.ceil);
    ASSERT_EQ(mx.outputs[0].shape, (std::vector<int64_t>{n, c, oh, ow})) << "trial " << trial;
    ASSERT_EQ(av.outputs[0].shape, mx.outputs[0].shape);
    const auto xin = x.values<float>(), gm = mx.outputs[0].values<float>(), ga = av.outputs[0].values<float>();
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t oy = 0; oy < oh; ++oy)
        for (int64_t ox = 0; ox < ow; ++ox) {
          float best = -INFINITY;
          double sum = 0;
          int64_t inside = 0, in_padded = 0;
          for (int64_t ky = 0; ky < g.kh; ++ky)
            for (int64_t kx = 0; kx < g.kw; ++kx) {
              const int64_t iy = oy * g.sh - g.pt + ky, ix = ox * g.sw - g.pl + kx;
              if (iy >= -g.pt && iy < g.h + g.pb && ix >= -g.pl && ix < g.w + g.pr) ++in_padded;
              if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
              const float v = xin[static_cast<size_t>((ch * g.h + iy) * g.w + ix)];
              best = std::max(best, v);
              sum += v;
              ++inside;
            }
          const size_t o = static_cast<size_t>((ch * oh + oy) * ow + ox);
          if (inside > 0) EXPECT_EQ(gm[o], best) << "trial " << trial;
          const double div = static_cast<double>(include_pad ? in_padded : inside);
          if (inside > 0) EXPECT_NEAR(ga[o], sum / div, 1e-5) << "trial " << trial;
        }
  }
}

TEST(PoolNaive, UnsupportedAndInvalidAttributes) {
  TestTensor x = make_tensor<float>({1, 1, 4, 4}, std::vector<float>(16, 0.f));
  EXPECT_EQ(run_kernel("MaxPool", 12, AttrBuilder(), {&x}, 1).phase, "init");  // no kernel_shape
  TestTensor x4 = make_tensor<float>({1, 1, 1, 1, 1, 1}, {0.f});  // 4 spatial dims
  RunResult four = run_kernel("MaxPool", 12, AttrBuilder().ints("kernel_shape", {1, 1, 1, 1}), {&x4}, 1);
  EXPECT_EQ(four.phase, "init");
  EXPECT_EQ(four.status.code(), StatusCode::kUnsupported);
  EXPECT_EQ(run_kernel("AveragePool", 11, AttrBuilder().ints("kernel_shape", {5, 5}), {&x}, 1).phase, "prepare");
  EXPECT_EQ(run_kernel("AveragePool", 11, AttrBuilder().ints("kernel_shape", {2, 2}).ints("strides", {0, 1}), {&x}, 1).phase,
            "init");
}

// Indices: the flat position in X of each window's first maximum, spatial
// part row-major (storage_order 0) or column-major (1), over 2 planes.
TEST(PoolNaive, MaxPoolIndicesInBothStorageOrders) {
  std::mt19937 rng(77);
  const int64_t C = 2, H = 4, W = 5;
  TestTensor x = make_tensor<float>({1, C, H, W}, random_floats(rng, C * H * W));
  const auto v = x.values<float>();
  for (int order : {0, 1}) {
    RunResult r = run_kernel("MaxPool", 12,
                             AttrBuilder().ints("kernel_shape", {2, 3}).ints("strides", {2, 1}).i("storage_order", order),
                             {&x}, 2);
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    const int64_t oh = 2, ow = 3;
    ASSERT_EQ(r.outputs[1].shape, (std::vector<int64_t>{1, C, oh, ow}));
    const auto idx = r.outputs[1].values<int64_t>();
    const auto vals = r.outputs[0].values<float>();
    for (int64_t c = 0; c < C; ++c)
      for (int64_t oy = 0; oy < oh; ++oy)
        for (int64_t ox = 0; ox < ow; ++ox) {
          int64_t by = -1, bx = -1;
          for (int64_t ky = 0; ky < 2; ++ky)
            for (int64_t kx = 0; kx < 3; ++kx) {
              const int64_t y = oy * 2 + ky, xx = ox + kx;
              if (by < 0 || v[static_cast<size_t>((c * H + y) * W + xx)] > v[static_cast<size_t>((c * H + by) * W + bx)]) {
                by = y;
                bx = xx;
              }
            }
          const size_t o = static_cast<size_t>((c * oh + oy) * ow + ox);
          const int64_t expect = c * H * W + (order == 0 ? by * W + bx : by + bx * H);
          EXPECT_EQ(idx[o], expect) << "order " << order;
          EXPECT_EQ(vals[o], v[static_cast<size_t>((c * H + by) * W + bx)]);
        }
  }
}

TEST(PoolNaive, GlobalAveragePoolIsThePlaneMean) {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    const auto shape = random_shape(rng, 3 + trial % 2, 5);
    TestTensor x = make_tensor<float>(shape, random_floats(rng, make_tensor<float>(shape, {}).num_elements()));
    RunResult r = run_kernel("GlobalAveragePool", 1, AttrBuilder(), {&x}, 1);
    ASSERT_TRUE(r.status.ok());
    const int64_t planes = shape[0] * shape[1], size = x.num_elements() / planes;
    const auto v = x.values<float>(), got = r.outputs[0].values<float>();
    for (int64_t p = 0; p < planes; ++p) {
      double s = 0;
      for (int64_t i = 0; i < size; ++i) s += v[static_cast<size_t>(p * size + i)];
      EXPECT_NEAR(got[static_cast<size_t>(p)], s / size, 1e-5);
    }
  }
}

}  // namespace
}  // namespace testing
}  // namespace spud
