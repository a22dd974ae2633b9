// spud's NHWC operators (com.spud.nhwc) on every tier this build has
// (XNNPACK, reference), each against a direct sum over seeded random
// geometries: the same reference holds every implementation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace {

constexpr const char* kNhwc = "com.spud.nhwc";

struct Geometry {
  int64_t n, h, w, c, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr;
  int64_t oh() const { return (h + pt + pb - ((kh - 1) * dh + 1)) / sh + 1; }
  int64_t ow() const { return (w + pl + pr - ((kw - 1) * dw + 1)) / sw + 1; }
};

Geometry random_geometry(std::mt19937& rng, bool dilate) {
  auto pick = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  Geometry g{};
  g.n = pick(1, 2);
  g.kh = pick(1, 3);
  g.kw = pick(1, 3);
  g.dh = dilate ? pick(1, 2) : 1;
  g.dw = dilate ? pick(1, 2) : 1;
  g.h = pick((g.kh - 1) * g.dh + 1, 10);
  g.w = pick((g.kw - 1) * g.dw + 1, 10);
  g.sh = pick(1, 2);
  g.sw = pick(1, 2);
  g.pt = pick(0, g.kh - 1);
  g.pb = pick(0, g.kh - 1);
  g.pl = pick(0, g.kw - 1);
  g.pr = pick(0, g.kw - 1);
  g.c = pick(1, 20);
  return g;
}

void expect_close(const std::vector<float>& got, const std::vector<float>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_NEAR(got[i], want[i], 1e-4f * (1.f + std::fabs(want[i]))) << what << " at " << i;
}

// Names the tier by its place in the table: the reference kernel is last.
std::string label(const std::vector<const KernelDef*>& tiers, const KernelDef* def, int trial) {
  return std::string(def->op_type) + (def == tiers.back() ? " (reference)" : " (accelerated)") + ", trial " +
         std::to_string(trial);
}

// Big weights: the XNNPACK kernel splits them along the output channels
// (300 channels of 3x3x256 weights: slices of 16 and a short last one).
TEST(NhwcTiers, ConvWithWeightsBeyondTheCacheMatchesTheReferenceTier) {
  std::mt19937 rng(23);
  const int64_t c = 256, m = 300, h = 4, w = 5;
  TestTensor x = make_tensor<float>({1, h, w, c}, random_floats(rng, h * w * c));
  TestTensor wt = make_tensor<float>({m, 3, 3, c}, random_floats(rng, m * 9 * c, -0.05f, 0.05f));
  TestTensor b = make_tensor<float>({m}, random_floats(rng, m));
  wt.constant = b.constant = true;
  AttrBuilder a;
  a.ints("kernel_shape", {3, 3}).ints("pads", {1, 1, 1, 1}).f("activation_min", -0.25f);
  const std::vector<const TestTensor*> inputs = {&x, &wt, &b};
  const std::vector<const KernelDef*> tiers = kernel_tiers("Conv", 1, inputs, kNhwc);
  ASSERT_FALSE(tiers.empty());
  const RunResult ref = run_kernel_def(tiers.back(), 1, a, inputs, 1);
  ASSERT_TRUE(ref.status.ok()) << ref.status.message();
  // The reference tier itself, against the direct sum at a few outputs.
  const std::vector<float> xv = x.values<float>(), wv = wt.values<float>(), bv = b.values<float>();
  const std::vector<float> rv = ref.outputs[0].values<float>();
  for (int64_t oc : {0, 17, 299})
    for (int64_t p : {0, 7, 19}) {
      const int64_t oy = p / w, ox = p % w;
      double acc = bv[static_cast<size_t>(oc)];
      for (int64_t ky = 0; ky < 3; ++ky)
        for (int64_t kx = 0; kx < 3; ++kx) {
          const int64_t iy = oy + ky - 1, ix = ox + kx - 1;
          if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
          for (int64_t ic = 0; ic < c; ++ic)
            acc += static_cast<double>(xv[static_cast<size_t>((iy * w + ix) * c + ic)]) *
                   wv[static_cast<size_t>(((oc * 3 + ky) * 3 + kx) * c + ic)];
        }
      EXPECT_NEAR(rv[static_cast<size_t>(p * m + oc)], std::max(-0.25, acc), 1e-4);
    }
  for (const KernelDef* def : tiers) {
    if (def == tiers.back()) continue;
    const RunResult r = run_kernel_def(def, 1, a, inputs, 1);
    if (r.status.code() == StatusCode::kDeclined) continue;  // Winograd: 4x5 is too small
    ASSERT_TRUE(r.status.ok()) << label(tiers, def, 0) << ": " << r.status.message();
    expect_close(r.outputs[0].values<float>(), rv, label(tiers, def, 0));
  }
}

TEST(NhwcTiers, ConvWithGroupsBiasAndClampMatchesDirectSum) {
  std::mt19937 rng(7);
  int accelerated_runs = 0;
  for (int trial = 0; trial < 120; ++trial) {
    Geometry g = random_geometry(rng, true);
    const int64_t group = trial % 4 == 0 ? g.c : std::uniform_int_distribution<int>(1, 2)(rng);
    g.c = g.c * group / std::max<int64_t>(1, group) ;
    if (g.c % group != 0) g.c = group * std::max<int64_t>(1, g.c / group);
    const int64_t cg = g.c / group;
    const int64_t m = group * std::uniform_int_distribution<int>(1, 3)(rng);
    const int64_t mg = m / group;
    const bool bias = trial % 3 != 0;
    const bool clamp = trial % 2 == 0;
    const float lo = 0.f, hi = 0.5f;
    TestTensor x = make_tensor<float>({g.n, g.h, g.w, g.c}, random_floats(rng, g.n * g.h * g.w * g.c));
    TestTensor w = make_tensor<float>({m, g.kh, g.kw, cg}, random_floats(rng, m * g.kh * g.kw * cg));
    TestTensor b = make_tensor<float>({m}, random_floats(rng, m));
    w.constant = b.constant = true;
    std::vector<float> want(static_cast<size_t>(g.n * g.oh() * g.ow() * m));
    const std::vector<float> xv = x.values<float>(), wv = w.values<float>(), bv = b.values<float>();
    for (int64_t n = 0; n < g.n; ++n)
      for (int64_t oy = 0; oy < g.oh(); ++oy)
        for (int64_t ox = 0; ox < g.ow(); ++ox)
          for (int64_t oc = 0; oc < m; ++oc) {
            double acc = bias ? bv[static_cast<size_t>(oc)] : 0.0;
            for (int64_t ky = 0; ky < g.kh; ++ky)
              for (int64_t kx = 0; kx < g.kw; ++kx) {
                const int64_t iy = oy * g.sh + ky * g.dh - g.pt, ix = ox * g.sw + kx * g.dw - g.pl;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                for (int64_t ic = 0; ic < cg; ++ic)
                  acc += static_cast<double>(xv[static_cast<size_t>(((n * g.h + iy) * g.w + ix) * g.c + (oc / mg) * cg + ic)]) *
                         wv[static_cast<size_t>(((oc * g.kh + ky) * g.kw + kx) * cg + ic)];
              }
            float v = static_cast<float>(acc);
            if (clamp) v = std::min(hi, std::max(lo, v));
            want[static_cast<size_t>(((n * g.oh() + oy) * g.ow() + ox) * m + oc)] = v;
          }
    AttrBuilder a;
    a.ints("kernel_shape", {g.kh, g.kw}).ints("strides", {g.sh, g.sw}).ints("dilations", {g.dh, g.dw});
    a.ints("pads", {g.pt, g.pl, g.pb, g.pr}).i("group", group);
    if (clamp) a.f("activation_min", lo).f("activation_max", hi);
    const std::vector<const TestTensor*> inputs = {&x, &w, bias ? &b : nullptr};
    const std::vector<const KernelDef*> tiers = kernel_tiers("Conv", 1, inputs, kNhwc);
    ASSERT_FALSE(tiers.empty());
    for (const KernelDef* def : tiers) {
      const RunResult r = run_kernel_def(def, 1, a, inputs, 1);
      if (r.status.code() == StatusCode::kDeclined) continue;
      ASSERT_TRUE(r.status.ok()) << label(tiers, def, trial) << ": " << r.phase << ": " << r.status.message();
      expect_close(r.outputs[0].values<float>(), want, label(tiers, def, trial));
      if (def != tiers.back()) ++accelerated_runs;
    }
  }
#if defined(SPUD_XNNPACK)
  EXPECT_GT(accelerated_runs, 100) << "the XNNPACK Conv declined nearly every case";
#endif
}

#if defined(SPUD_XNNPACK)
}  // namespace
}  // namespace testing
namespace kernels {
extern const KernelDef kConvNhwcWinogradXnnpackFloat32;
}  // namespace kernels
namespace testing {
namespace {
#endif

// 3x3 convolutions of stride 1, where the XNNPACK tier has Winograd
// F(2x2, 3x3): odd and even sizes (a last tile row or column half outside
// the image), every padding a 3x3 window allows, two images, channel counts
// off the 16-lane vectors, tiles in several blocks, with and without bias
// and clamp. Every tier against the direct sum.
TEST(NhwcTiers, Conv3x3StrideOneMatchesDirectSumOnEveryTier) {
  struct Case {
    int64_t n, h, w, c, m, pt, pl, pb, pr;
    bool bias, clamp;
  };
  const Case cases[] = {
      {1, 12, 12, 16, 16, 1, 1, 1, 1, true, false},  {2, 11, 13, 17, 33, 1, 1, 1, 1, true, true},
      {1, 14, 12, 40, 24, 0, 0, 0, 0, false, false}, {1, 10, 15, 24, 20, 2, 0, 1, 2, true, true},
      {2, 21, 19, 64, 48, 1, 2, 0, 1, false, true},  {1, 80, 80, 16, 16, 1, 1, 1, 1, true, false},
      {1, 24, 20, 256, 200, 1, 1, 1, 1, true, false}, {1, 7, 7, 32, 32, 1, 1, 1, 1, true, false},
  };
  std::mt19937 rng(11);
  int winograd_runs = 0;
  for (const Case& k : cases) {
    Geometry g{k.n, k.h, k.w, k.c, 3, 3, 1, 1, 1, 1, k.pt, k.pl, k.pb, k.pr};
    const std::string what = "case " + std::to_string(k.h) + "x" + std::to_string(k.w) + "x" + std::to_string(k.c) +
                             "->" + std::to_string(k.m);
    TestTensor x = make_tensor<float>({g.n, g.h, g.w, g.c}, random_floats(rng, g.n * g.h * g.w * g.c));
    TestTensor w = make_tensor<float>({k.m, 3, 3, g.c}, random_floats(rng, k.m * 9 * g.c, -0.2f, 0.2f));
    TestTensor b = make_tensor<float>({k.m}, random_floats(rng, k.m));
    w.constant = b.constant = true;
    const float lo = -0.3f, hi = 0.4f;
    std::vector<float> want(static_cast<size_t>(g.n * g.oh() * g.ow() * k.m));
    const std::vector<float> xv = x.values<float>(), wv = w.values<float>(), bv = b.values<float>();
    for (int64_t n = 0; n < g.n; ++n)
      for (int64_t oy = 0; oy < g.oh(); ++oy)
        for (int64_t ox = 0; ox < g.ow(); ++ox)
          for (int64_t oc = 0; oc < k.m; ++oc) {
            double acc = k.bias ? bv[static_cast<size_t>(oc)] : 0.0;
            for (int64_t ky = 0; ky < 3; ++ky)
              for (int64_t kx = 0; kx < 3; ++kx) {
                const int64_t iy = oy + ky - g.pt, ix = ox + kx - g.pl;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                for (int64_t ic = 0; ic < g.c; ++ic)
                  acc += static_cast<double>(xv[static_cast<size_t>(((n * g.h + iy) * g.w + ix) * g.c + ic)]) *
                         wv[static_cast<size_t>(((oc * 3 + ky) * 3 + kx) * g.c + ic)];
              }
            float v = static_cast<float>(acc);
            if (k.clamp) v = std::min(hi, std::max(lo, v));
            want[static_cast<size_t>(((n * g.oh() + oy) * g.ow() + ox) * k.m + oc)] = v;
          }
    AttrBuilder a;
    a.ints("kernel_shape", {3, 3}).ints("pads", {g.pt, g.pl, g.pb, g.pr});
    if (k.clamp) a.f("activation_min", lo).f("activation_max", hi);
    const std::vector<const TestTensor*> inputs = {&x, &w, k.bias ? &b : nullptr};
    const std::vector<const KernelDef*> tiers = kernel_tiers("Conv", 1, inputs, kNhwc);
    ASSERT_FALSE(tiers.empty());
    for (const KernelDef* def : tiers) {
      const RunResult r = run_kernel_def(def, 1, a, inputs, 1);
      if (r.status.code() == StatusCode::kDeclined) continue;
      ASSERT_TRUE(r.status.ok()) << what << ": " << r.phase << ": " << r.status.message();
      expect_close(r.outputs[0].values<float>(), want, what + (def == tiers.back() ? " (reference)" : " (accelerated)"));
#if defined(SPUD_XNNPACK)
      if (def == &kernels::kConvNhwcWinogradXnnpackFloat32) {
        ++winograd_runs;
        // Too few tiles: the 7x7 image is the direct kernel's.
        EXPECT_GE(g.oh(), 10) << what << ": Winograd took a small image";
      }
#endif
    }
  }
#if defined(SPUD_XNNPACK)
  EXPECT_EQ(winograd_runs, 7) << "Winograd Conv should take every case but the 7x7 one";
#endif
}

// Max and average pooling (count_include_pad both ways) and the global mean.
TEST(NhwcTiers, PoolsMatchDirectWindows) {
  std::mt19937 rng(11);
  int accelerated_runs = 0;
  for (int trial = 0; trial < 150; ++trial) {
    const int kind = trial % 3;  // 0 max, 1 average, 2 average counting padding
    Geometry g = random_geometry(rng, kind == 0);
    if (g.kh * g.kw == 1) g.kw = 2, g.w = std::max<int64_t>(g.w, 2 * g.dw), g.pl = std::min<int64_t>(g.pl, 1), g.pr = std::min<int64_t>(g.pr, 1);
    TestTensor x = make_tensor<float>({g.n, g.h, g.w, g.c}, random_floats(rng, g.n * g.h * g.w * g.c));
    const std::vector<float> xv = x.values<float>();
    std::vector<float> want(static_cast<size_t>(g.n * g.oh() * g.ow() * g.c));
    for (int64_t n = 0; n < g.n; ++n)
      for (int64_t oy = 0; oy < g.oh(); ++oy)
        for (int64_t ox = 0; ox < g.ow(); ++ox)
          for (int64_t ch = 0; ch < g.c; ++ch) {
            double best = -INFINITY, sum = 0;
            int64_t inside = 0, total = 0;
            for (int64_t ky = 0; ky < g.kh; ++ky)
              for (int64_t kx = 0; kx < g.kw; ++kx) {
                const int64_t iy = oy * g.sh + ky * g.dh - g.pt, ix = ox * g.sw + kx * g.dw - g.pl;
                ++total;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                const float v = xv[static_cast<size_t>(((n * g.h + iy) * g.w + ix) * g.c + ch)];
                best = std::max<double>(best, v);
                sum += v;
                ++inside;
              }
            const double v = kind == 0 ? best : sum / static_cast<double>(kind == 1 ? inside : total);
            want[static_cast<size_t>(((n * g.oh() + oy) * g.ow() + ox) * g.c + ch)] = static_cast<float>(v);
          }
    AttrBuilder a;
    a.ints("kernel_shape", {g.kh, g.kw}).ints("strides", {g.sh, g.sw}).ints("pads", {g.pt, g.pl, g.pb, g.pr});
    if (kind == 0) a.ints("dilations", {g.dh, g.dw});
    if (kind == 2) a.i("count_include_pad", 1);
    const char* op = kind == 0 ? "MaxPool" : "AveragePool";
    const std::vector<const TestTensor*> inputs = {&x};
    const std::vector<const KernelDef*> tiers = kernel_tiers(op, 1, inputs, kNhwc);
    ASSERT_FALSE(tiers.empty()) << op;
    for (const KernelDef* def : tiers) {
      const RunResult r = run_kernel_def(def, 1, a, inputs, 1);
      if (r.status.code() == StatusCode::kDeclined) continue;
      ASSERT_TRUE(r.status.ok()) << label(tiers, def, trial) << ": " << r.phase << ": " << r.status.message();
      expect_close(r.outputs[0].values<float>(), want, label(tiers, def, trial));
      if (def != tiers.back()) ++accelerated_runs;
    }
  }
#if defined(SPUD_XNNPACK)
  EXPECT_GT(accelerated_runs, 60) << "the XNNPACK pools declined nearly every case";
#endif
}

TEST(NhwcTiers, GlobalAveragePoolMatchesMean) {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    const std::vector<int64_t> s = random_shape(rng, 4, 9);
    TestTensor x = make_tensor<float>(s, random_floats(rng, s[0] * s[1] * s[2] * s[3]));
    const std::vector<float> xv = x.values<float>();
    std::vector<float> want(static_cast<size_t>(s[0] * s[3]));
    for (int64_t n = 0; n < s[0]; ++n)
      for (int64_t ch = 0; ch < s[3]; ++ch) {
        double sum = 0;
        for (int64_t p = 0; p < s[1] * s[2]; ++p) sum += xv[static_cast<size_t>((n * s[1] * s[2] + p) * s[3] + ch)];
        want[static_cast<size_t>(n * s[3] + ch)] = static_cast<float>(sum / static_cast<double>(s[1] * s[2]));
      }
    const std::vector<const TestTensor*> inputs = {&x};
    const std::vector<const KernelDef*> tiers = kernel_tiers("GlobalAveragePool", 1, inputs, kNhwc);
    for (const KernelDef* def : tiers) {
      const RunResult r = run_kernel_def(def, 1, AttrBuilder(), inputs, 1);
      ASSERT_TRUE(r.status.ok()) << r.phase << ": " << r.status.message();
      EXPECT_EQ(r.outputs[0].shape, (std::vector<int64_t>{s[0], 1, 1, s[3]}));
      expect_close(r.outputs[0].values<float>(), want, label(tiers, def, trial));
    }
  }
}

// Per pixel, channels [group, C/group] come out as [C/group, group].
TEST(NhwcTiers, ChannelShuffleMatchesItsDefinition) {
  std::mt19937 rng(13);
  int accelerated_runs = 0;
  for (int trial = 0; trial < 30; ++trial) {
    const int64_t group = 1 + trial % 4, per_group = 1 + trial % 5, pixels = 1 + trial % 7;
    const int64_t c = group * per_group;
    TestTensor x = make_tensor<float>({1, pixels, 1, c}, random_floats(rng, pixels * c));
    const std::vector<float> xv = x.values<float>();
    std::vector<float> want(xv.size());
    for (int64_t p = 0; p < pixels; ++p)
      for (int64_t g = 0; g < group; ++g)
        for (int64_t j = 0; j < per_group; ++j)
          want[static_cast<size_t>(p * c + j * group + g)] = xv[static_cast<size_t>(p * c + g * per_group + j)];
    const std::vector<const TestTensor*> inputs = {&x};
    const std::vector<const KernelDef*> tiers = kernel_tiers("ChannelShuffle", 1, inputs, kNhwc);
    ASSERT_FALSE(tiers.empty());
    for (const KernelDef* def : tiers) {
      const RunResult r = run_kernel_def(def, 1, AttrBuilder().i("group", group), inputs, 1);
      if (r.status.code() == StatusCode::kDeclined) continue;
      ASSERT_TRUE(r.status.ok()) << label(tiers, def, trial) << ": " << r.status.message();
      EXPECT_EQ(r.outputs[0].values<float>(), want) << label(tiers, def, trial);
      if (def != tiers.back()) ++accelerated_runs;
    }
  }
#if defined(SPUD_XNNPACK)
  EXPECT_GT(accelerated_runs, 15);
#endif
}

}  // namespace
}  // namespace testing
}  // namespace spud
