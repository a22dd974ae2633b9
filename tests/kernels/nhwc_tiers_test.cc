// spud's NHWC operators (com.spud.nhwc), and its fused Gemm (com.spud), on
// every tier this build has (XNNPACK, reference), each against a direct
// computation over seeded random geometries: the same reference holds every
// implementation.
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
extern const KernelDef kConvNhwcPointwiseXnnpackFloat32;
extern const KernelDef kConvNhwcGatherXnnpackFloat32;
bool packed_gemm_available();
void set_packed_gemm_enabled_for_tests(bool enabled);
}  // namespace kernels
namespace testing {
namespace {
#endif

// The direct sum of a one-group NHWC convolution with OHWI weights and an
// optional bias, clamped to [lo, hi].
std::vector<float> direct_conv(const Geometry& g, int64_t m, const TestTensor& x, const TestTensor& w,
                               const TestTensor* b, float lo, float hi) {
  const std::vector<float> xv = x.values<float>(), wv = w.values<float>();
  const std::vector<float> bv = b != nullptr ? b->values<float>() : std::vector<float>(static_cast<size_t>(m), 0.f);
  std::vector<float> y(static_cast<size_t>(g.n * g.oh() * g.ow() * m));
  for (int64_t n = 0; n < g.n; ++n)
    for (int64_t oy = 0; oy < g.oh(); ++oy)
      for (int64_t ox = 0; ox < g.ow(); ++ox)
        for (int64_t oc = 0; oc < m; ++oc) {
          double acc = bv[static_cast<size_t>(oc)];
          for (int64_t ky = 0; ky < g.kh; ++ky)
            for (int64_t kx = 0; kx < g.kw; ++kx) {
              const int64_t iy = oy * g.sh + ky * g.dh - g.pt, ix = ox * g.sw + kx * g.dw - g.pl;
              if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
              for (int64_t ic = 0; ic < g.c; ++ic)
                acc += static_cast<double>(xv[static_cast<size_t>(((n * g.h + iy) * g.w + ix) * g.c + ic)]) *
                       wv[static_cast<size_t>(((oc * g.kh + ky) * g.kw + kx) * g.c + ic)];
            }
          y[static_cast<size_t>(((n * g.oh() + oy) * g.ow() + ox) * m + oc)] =
              std::min(hi, std::max(lo, static_cast<float>(acc)));
        }
  return y;
}

// A random one-group convolution case of geometry g into m channels, on
// every tier of this build and on 1 and 2 threads, against the direct sum.
// Returns how many times `counted` took it (once per thread count).
int expect_conv_on_every_tier(std::mt19937& rng, const Geometry& g, int64_t m, bool bias, bool clamp,
                              const KernelDef* counted) {
  const std::string what = std::to_string(g.kh) + "x" + std::to_string(g.kw) + " stride " + std::to_string(g.sh) +
                           " dilation " + std::to_string(g.dh) + " on " + std::to_string(g.n) + "x" +
                           std::to_string(g.h) + "x" + std::to_string(g.w) + ", " + std::to_string(g.c) + " -> " +
                           std::to_string(m) + (bias ? ", bias" : "") + (clamp ? ", clamp" : "");
  TestTensor x = make_tensor<float>({g.n, g.h, g.w, g.c}, random_floats(rng, g.n * g.h * g.w * g.c));
  TestTensor w = make_tensor<float>({m, g.kh, g.kw, g.c}, random_floats(rng, m * g.kh * g.kw * g.c, -0.2f, 0.2f));
  TestTensor b = make_tensor<float>({m}, random_floats(rng, m));
  w.constant = b.constant = true;
  const float lo = clamp ? -0.3f : -INFINITY, hi = clamp ? 0.4f : INFINITY;
  const std::vector<float> want = direct_conv(g, m, x, w, bias ? &b : nullptr, lo, hi);
  AttrBuilder a;
  a.ints("kernel_shape", {g.kh, g.kw}).ints("strides", {g.sh, g.sw}).ints("dilations", {g.dh, g.dw});
  a.ints("pads", {g.pt, g.pl, g.pb, g.pr});
  if (clamp) a.f("activation_min", lo).f("activation_max", hi);
  const std::vector<const TestTensor*> inputs = {&x, &w, bias ? &b : nullptr};
  const std::vector<const KernelDef*> tiers = kernel_tiers("Conv", 1, inputs, kNhwc);
  EXPECT_FALSE(tiers.empty());
  int taken = 0;
  for (const KernelDef* def : tiers)
    for (int threads : {1, 2}) {  // rows, panels, tiles and products cut between threads
      const RunResult r = run_kernel_def(def, 1, a, inputs, 1, threads);
      if (r.status.code() == StatusCode::kDeclined) continue;
      EXPECT_TRUE(r.status.ok()) << what << ": " << r.phase << ": " << r.status.message();
      if (!r.status.ok()) continue;
      expect_close(r.outputs[0].values<float>(), want,
                   what + (def == tiers.back() ? " (reference)" : " (accelerated)") + ", threads " +
                       std::to_string(threads));
      taken += def == counted && threads == 1;
    }
  return taken;
}

const KernelDef* xnnpack_def(const char* which) {
#if defined(SPUD_XNNPACK)
  const std::string w = which;
  if (w == "pointwise") return &kernels::kConvNhwcPointwiseXnnpackFloat32;
  if (w == "gather") return &kernels::kConvNhwcGatherXnnpackFloat32;
  if (w == "winograd") return &kernels::kConvNhwcWinogradXnnpackFloat32;
#endif
  (void)which;
  return nullptr;
}

bool packed_product() {
#if defined(SPUD_XNNPACK)
  return kernels::packed_gemm_available();
#else
  return false;
#endif
}

// 1x1 convolutions, which the XNNPACK tier runs as spud's packed product on
// AVX-512 CPUs: output channels around the 32- and 16-column panels, pixel
// counts around the 8-row micro-kernel and the 96-row blocks, short and
// long inputs, with and without bias and clamp.
TEST(NhwcTiers, Conv1x1MatchesDirectSumOnEveryTier) {
  struct Case {
    int64_t n, h, w, c, m;
    bool bias, clamp;
  };
  const Case cases[] = {{1, 1, 1, 1, 1, true, false},     {1, 1, 7, 7, 31, false, true},
                        {1, 2, 4, 16, 32, true, false},   {1, 3, 3, 64, 33, true, true},
                        {2, 5, 19, 24, 64, false, false}, {1, 8, 12, 300, 100, true, true},
                        {1, 13, 15, 40, 96, true, false}, {3, 4, 8, 5, 130, false, true}};
  std::mt19937 rng(13);
  int packed_runs = 0;
  for (const Case& k : cases)
    packed_runs += expect_conv_on_every_tier(rng, Geometry{k.n, k.h, k.w, k.c, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, k.m,
                                             k.bias, k.clamp, xnnpack_def("pointwise"));
  if (packed_product()) EXPECT_EQ(packed_runs, 8) << "the packed 1x1 Conv declined a case";
}

// Convolutions of one group that are neither 1x1 nor Winograd's: on
// AVX-512 CPUs the XNNPACK tier gathers each output pixel's window into a
// packed product (rows copied whole for an image's 3 channels). Strides,
// dilations, asymmetric padding, 7x7 windows, two images, channel counts
// around the panels.
TEST(NhwcTiers, GatheredConvMatchesDirectSumOnEveryTier) {
  struct Case {
    int64_t n, h, w, c, m, k, s, dil, pt, pl, pb, pr;
  };
  const Case cases[] = {
      {1, 30, 28, 3, 64, 7, 2, 1, 3, 3, 3, 3},  {2, 17, 15, 3, 20, 7, 2, 1, 3, 2, 1, 3},
      {1, 14, 14, 32, 70, 3, 2, 1, 1, 1, 1, 1}, {1, 7, 7, 64, 64, 3, 1, 1, 1, 1, 1, 1},
      {1, 12, 11, 16, 33, 5, 1, 2, 4, 3, 2, 4},  {2, 9, 10, 24, 96, 3, 2, 2, 2, 0, 1, 2},
      {1, 8, 8, 80, 31, 1, 2, 1, 0, 0, 0, 0},
  };
  std::mt19937 rng(19);
  int gathered = 0;
  for (const Case& k : cases)
    gathered += expect_conv_on_every_tier(
        rng, Geometry{k.n, k.h, k.w, k.c, k.k, k.k, k.s, k.s, k.dil, k.dil, k.pt, k.pl, k.pb, k.pr}, k.m, true, true,
        xnnpack_def("gather"));
  if (packed_product()) EXPECT_EQ(gathered, 7) << "the gathered Conv declined a case";
}

// 3x3 convolutions of stride 1, where the XNNPACK tier has Winograd
// F(2x2, 3x3): odd and even sizes (a last tile row or column half outside
// the image), every padding a 3x3 window allows, two images, channel counts
// off the 16-lane vectors, tiles in several blocks, with and without bias
// and clamp. On AVX-512 CPUs it runs twice: Winograd's products on spud's
// packed product, then on XNNPACK's fully connected operators.
void check_conv3x3_cases() {
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
    const Geometry g{k.n, k.h, k.w, k.c, 3, 3, 1, 1, 1, 1, k.pt, k.pl, k.pb, k.pr};
    const int taken = expect_conv_on_every_tier(rng, g, k.m, k.bias, k.clamp, xnnpack_def("winograd"));
    winograd_runs += taken;
    if (taken > 0) EXPECT_GE(g.oh(), 10) << "Winograd took a small image: " << g.oh() << "x" << g.ow();
  }
  if (xnnpack_def("winograd") != nullptr)
    EXPECT_EQ(winograd_runs, 7) << "Winograd Conv should take every case but the 7x7 one";
}

TEST(NhwcTiers, Conv3x3StrideOneMatchesDirectSumOnEveryTier) {
  check_conv3x3_cases();
#if defined(SPUD_XNNPACK)
  if (kernels::packed_gemm_available()) {
    kernels::set_packed_gemm_enabled_for_tests(false);
    check_conv3x3_cases();
    kernels::set_packed_gemm_enabled_for_tests(true);
  }
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

// Resize of H and W, nearest (each rounding) and linear, under each
// coordinate transformation, by scales or by sizes, against a direct
// evaluation of ONNX's formulas.
TEST(NhwcTiers, ResizeMatchesOnnxFormulas) {
  std::mt19937 rng(31);
  auto pick = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  const char* transforms[] = {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric",
                              "tf_half_pixel_for_nearest"};
  const char* roundings[] = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
  const float scale_choices[] = {0.5f, 1.f, 1.5f, 2.f, 3.f};
  int accelerated_runs = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const bool linear = trial % 2 == 0;
    const std::string transform = transforms[trial / 2 % 5];
    const std::string rounding = roundings[trial / 10 % 4];
    const bool by_sizes = trial % 3 == 0;
    const int64_t n = pick(1, 2), h = pick(1, 7), w = pick(1, 7), c = pick(1, 9);
    double sh, sw;
    int64_t oh, ow;
    if (by_sizes) {
      oh = pick(1, 12);
      ow = pick(1, 12);
      sh = static_cast<double>(oh) / static_cast<double>(h);
      sw = static_cast<double>(ow) / static_cast<double>(w);
    } else {
      const float fh = scale_choices[pick(0, 4)], fw = scale_choices[pick(0, 4)];
      sh = fh;
      sw = fw;
      oh = static_cast<int64_t>(std::floor(static_cast<double>(h) * fh));
      ow = static_cast<int64_t>(std::floor(static_cast<double>(w) * fw));
      if (oh == 0 || ow == 0) continue;
    }
    TestTensor x = make_tensor<float>({n, h, w, c}, random_floats(rng, n * h * w * c));
    TestTensor scales = make_tensor<float>({4}, {1.f, static_cast<float>(sh), static_cast<float>(sw), 1.f});
    TestTensor sizes = make_tensor<int64_t>({4}, {n, oh, ow, c});
    scales.constant = sizes.constant = true;
    // The input coordinate of output coordinate o along an axis of `in`.
    auto coord = [&](int64_t o, int64_t in, double s) {
      const double length = s * static_cast<double>(in);
      if (transform == "half_pixel") return (o + 0.5) / s - 0.5;
      if (transform == "pytorch_half_pixel") return length > 1 ? (o + 0.5) / s - 0.5 : 0.0;
      if (transform == "align_corners") return length == 1 ? 0.0 : o * static_cast<double>(in - 1) / (length - 1);
      if (transform == "asymmetric") return o / s;
      return (o + 0.5) / s;  // tf_half_pixel_for_nearest
    };
    auto nearest = [&](double v, int64_t in) {
      const double f = std::floor(v);
      double r = v;
      if (v != f) {
        if (rounding == "floor") r = f;
        else if (rounding == "ceil") r = f + 1;
        else if (v - f == 0.5) r = rounding == "round_prefer_floor" ? f : f + 1;
        else r = std::round(v);
      }
      return std::min<int64_t>(in - 1, std::max<int64_t>(0, static_cast<int64_t>(r)));
    };
    // Every axis goes through the transform, N and C too (at scale 1: the
    // identity, except for tf_half_pixel_for_nearest's half-pixel shift).
    const std::vector<float> xv = x.values<float>();
    const int64_t in_dims[4] = {n, h, w, c}, out_dims[4] = {n, oh, ow, c};
    const double axis_scale[4] = {1, sh, sw, 1};
    std::vector<float> want(static_cast<size_t>(n * oh * ow * c));
    for (size_t e = 0; e < want.size(); ++e) {
      int64_t o[4], lo_idx[4], hi_idx[4];
      double ratio[4];
      int64_t rest = static_cast<int64_t>(e);
      for (int ax = 3; ax >= 0; --ax) {
        o[ax] = rest % out_dims[ax];
        rest /= out_dims[ax];
      }
      for (int ax = 0; ax < 4; ++ax) {
        const double cc = coord(o[ax], in_dims[ax], axis_scale[ax]);
        if (!linear) {
          lo_idx[ax] = hi_idx[ax] = nearest(cc, in_dims[ax]);
          ratio[ax] = 0;
        } else {
          // Outside the image the edge values hold: clamp the coordinate.
          const double v = std::min<double>(static_cast<double>(in_dims[ax] - 1), std::max(0.0, cc));
          lo_idx[ax] = static_cast<int64_t>(std::floor(v));
          hi_idx[ax] = std::min(lo_idx[ax] + 1, in_dims[ax] - 1);
          ratio[ax] = v - static_cast<double>(lo_idx[ax]);
        }
      }
      double acc = 0;
      for (int corner = 0; corner < 16; ++corner) {
        double weight = 1;
        int64_t off = 0;
        for (int ax = 0; ax < 4; ++ax) {
          const bool high = (corner >> ax) & 1;
          weight *= high ? ratio[ax] : 1 - ratio[ax];
          off = off * in_dims[ax] + (high ? hi_idx[ax] : lo_idx[ax]);
        }
        acc += weight * xv[static_cast<size_t>(off)];
      }
      want[e] = static_cast<float>(acc);
    }
    AttrBuilder a;
    a.s("mode", linear ? "linear" : "nearest").s("coordinate_transformation_mode", transform);
    a.s("nearest_mode", rounding);
    const std::vector<const TestTensor*> inputs = {&x, nullptr, by_sizes ? nullptr : &scales,
                                                   by_sizes ? &sizes : nullptr};
    const std::vector<const KernelDef*> tiers = kernel_tiers("Resize", 1, inputs, kNhwc);
    ASSERT_FALSE(tiers.empty());
    for (const KernelDef* def : tiers) {
      const RunResult r = run_kernel_def(def, 1, a, inputs, 1);
      if (r.status.code() == StatusCode::kDeclined) continue;
      const std::string what = label(tiers, def, trial) + " " + (linear ? "linear " : "nearest ") + transform + " " +
                               rounding + (by_sizes ? " sizes" : " scales");
      ASSERT_TRUE(r.status.ok()) << what << ": " << r.phase << ": " << r.status.message();
      EXPECT_EQ(r.outputs[0].shape, (std::vector<int64_t>{n, oh, ow, c})) << what;
      expect_close(r.outputs[0].values<float>(), want, what);
      if (def != tiers.back()) ++accelerated_runs;
    }
  }
#if defined(SPUD_XNNPACK)
  EXPECT_GT(accelerated_runs, 40) << "the XNNPACK Resize declined nearly every bilinear case";
#endif
}

// DepthToSpace (DCR and CRD) and SpaceToDepth from ONNX's definitions,
// written for channels last.
TEST(NhwcTiers, DepthToSpaceAndSpaceToDepthMatchTheirDefinitions) {
  std::mt19937 rng(37);
  auto pick = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  int accelerated_runs = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const int kind = trial % 3;  // 0 DepthToSpace DCR, 1 DepthToSpace CRD, 2 SpaceToDepth
    const int64_t b = pick(1, 3), n = pick(1, 2), h = pick(1, 4), w = pick(1, 4), c = pick(1, 3);
    std::vector<int64_t> in_shape, out_shape;
    if (kind < 2) in_shape = {n, h, w, c * b * b}, out_shape = {n, h * b, w * b, c};
    else in_shape = {n, h * b, w * b, c}, out_shape = {n, h, w, c * b * b};
    TestTensor x = make_tensor<float>(in_shape, random_floats(rng, n * h * w * c * b * b));
    const std::vector<float> xv = x.values<float>();
    std::vector<float> want(xv.size());
    for (int64_t bn = 0; bn < n; ++bn)
      for (int64_t hh = 0; hh < h; ++hh)
        for (int64_t ww = 0; ww < w; ++ww)
          for (int64_t i = 0; i < b; ++i)
            for (int64_t j = 0; j < b; ++j)
              for (int64_t ch = 0; ch < c; ++ch) {
                // The deep tensor's pixel (hh, ww) and channel; the wide tensor's pixel and channel ch.
                const int64_t deep_c = kind == 1 ? ch * b * b + i * b + j : (i * b + j) * c + ch;
                const size_t deep = static_cast<size_t>(((bn * h + hh) * w + ww) * c * b * b + deep_c);
                const size_t wide = static_cast<size_t>(((bn * h * b + hh * b + i) * w * b + ww * b + j) * c + ch);
                if (kind < 2) want[wide] = xv[deep];
                else want[deep] = xv[wide];
              }
    const char* op = kind < 2 ? "DepthToSpace" : "SpaceToDepth";
    AttrBuilder a;
    a.i("blocksize", b);
    if (kind < 2) a.s("mode", kind == 1 ? "CRD" : "DCR");
    const std::vector<const TestTensor*> inputs = {&x};
    const std::vector<const KernelDef*> tiers = kernel_tiers(op, 1, inputs, kNhwc);
    ASSERT_FALSE(tiers.empty()) << op;
    for (const KernelDef* def : tiers) {
      const RunResult r = run_kernel_def(def, 1, a, inputs, 1);
      if (r.status.code() == StatusCode::kDeclined) continue;
      ASSERT_TRUE(r.status.ok()) << label(tiers, def, trial) << ": " << r.phase << ": " << r.status.message();
      EXPECT_EQ(r.outputs[0].shape, out_shape) << label(tiers, def, trial);
      EXPECT_EQ(r.outputs[0].values<float>(), want) << label(tiers, def, trial) << " mode " << kind;
      if (def != tiers.back()) ++accelerated_runs;
    }
  }
#if defined(SPUD_XNNPACK)
  EXPECT_GT(accelerated_runs, 8) << "the XNNPACK DepthToSpace declined nearly every DCR case";
#endif
}

// Transposed convolution as a gather: output pixel o takes input pixel i
// through tap k where i * stride - pad_begin + k * dilation == o.
TEST(NhwcTiers, ConvTransposeMatchesDirectGather) {
  std::mt19937 rng(41);
  auto pick = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  int accelerated_runs = 0;
  for (int trial = 0; trial < 120; ++trial) {
    const int64_t group = pick(1, 3), cg = pick(1, 3), mg = pick(1, 3);
    const int64_t n = pick(1, 2), h = pick(1, 5), w = pick(1, 5), c = group * cg, m = group * mg;
    int64_t k[2] = {pick(1, 3), pick(1, 3)}, s[2] = {pick(1, 3), pick(1, 3)}, d[2] = {pick(1, 2), pick(1, 2)};
    int64_t pads[4], out_pad[2], out[2], pb[2];
    const bool use_output_shape = trial % 4 == 3;
    const int64_t in[2] = {h, w};
    for (int i = 0; i < 2; ++i) {
      pads[i] = pick(0, static_cast<int>(k[i] - 1));
      pads[2 + i] = pick(0, static_cast<int>(k[i] - 1));
      out_pad[i] = pick(0, static_cast<int>(s[i] - 1));
      const int64_t full = s[i] * (in[i] - 1) + out_pad[i] + (k[i] - 1) * d[i] + 1;
      if (use_output_shape) {
        out[i] = std::max<int64_t>(1, full - pick(0, 2));
        const int64_t total = full - out[i];
        pb[i] = total - total / 2;  // ONNX: the start gets the larger half
      } else {
        out[i] = full - pads[i] - pads[2 + i];
        pb[i] = pads[i];
      }
    }
    if (out[0] <= 0 || out[1] <= 0) continue;
    const bool bias = trial % 3 != 0, clamp = trial % 2 == 0;
    const float lo = -0.25f, hi = 0.5f;
    TestTensor x = make_tensor<float>({n, h, w, c}, random_floats(rng, n * h * w * c));
    TestTensor wt = make_tensor<float>({m, k[0], k[1], cg}, random_floats(rng, m * k[0] * k[1] * cg));
    TestTensor b = make_tensor<float>({m}, random_floats(rng, m));
    wt.constant = b.constant = true;
    const std::vector<float> xv = x.values<float>(), wv = wt.values<float>(), bv = b.values<float>();
    std::vector<float> want(static_cast<size_t>(n * out[0] * out[1] * m));
    for (int64_t bn = 0; bn < n; ++bn)
      for (int64_t oy = 0; oy < out[0]; ++oy)
        for (int64_t ox = 0; ox < out[1]; ++ox)
          for (int64_t oc = 0; oc < m; ++oc) {
            double acc = bias ? bv[static_cast<size_t>(oc)] : 0.0;
            const int64_t g = oc / mg;
            for (int64_t ky = 0; ky < k[0]; ++ky)
              for (int64_t kx = 0; kx < k[1]; ++kx) {
                const int64_t ty = oy + pb[0] - ky * d[0], tx = ox + pb[1] - kx * d[1];
                if (ty < 0 || tx < 0 || ty % s[0] != 0 || tx % s[1] != 0 || ty / s[0] >= h || tx / s[1] >= w) continue;
                const int64_t iy = ty / s[0], ix = tx / s[1];
                for (int64_t ic = 0; ic < cg; ++ic)
                  acc += static_cast<double>(xv[static_cast<size_t>(((bn * h + iy) * w + ix) * c + g * cg + ic)]) *
                         wv[static_cast<size_t>(((oc * k[0] + ky) * k[1] + kx) * cg + ic)];
              }
            float v = static_cast<float>(acc);
            if (clamp) v = std::min(hi, std::max(lo, v));
            want[static_cast<size_t>(((bn * out[0] + oy) * out[1] + ox) * m + oc)] = v;
          }
    AttrBuilder a;
    a.ints("kernel_shape", {k[0], k[1]}).ints("strides", {s[0], s[1]}).ints("dilations", {d[0], d[1]}).i("group", group);
    if (use_output_shape) a.ints("output_shape", {out[0], out[1]}).ints("output_padding", {out_pad[0], out_pad[1]});
    else a.ints("pads", {pads[0], pads[1], pads[2], pads[3]}).ints("output_padding", {out_pad[0], out_pad[1]});
    if (clamp) a.f("activation_min", lo).f("activation_max", hi);
    const std::vector<const TestTensor*> inputs = {&x, &wt, bias ? &b : nullptr};
    const std::vector<const KernelDef*> tiers = kernel_tiers("ConvTranspose", 1, inputs, kNhwc);
    ASSERT_FALSE(tiers.empty());
    for (const KernelDef* def : tiers) {
      const RunResult r = run_kernel_def(def, 1, a, inputs, 1);
      if (r.status.code() == StatusCode::kDeclined) continue;
      ASSERT_TRUE(r.status.ok()) << label(tiers, def, trial) << ": " << r.phase << ": " << r.status.message();
      EXPECT_EQ(r.outputs[0].shape, (std::vector<int64_t>{n, out[0], out[1], m})) << label(tiers, def, trial);
      expect_close(r.outputs[0].values<float>(), want, label(tiers, def, trial));
      if (def != tiers.back()) ++accelerated_runs;
    }
  }
#if defined(SPUD_XNNPACK)
  EXPECT_GT(accelerated_runs, 80) << "the XNNPACK ConvTranspose declined nearly every case";
#endif
}

// spud's com.spud Gemm: ONNX's Gemm with the output clamp of a fused Relu
// or Clip, on every tier.
TEST(NhwcTiers, FusedGemmMatchesMatrixProductAndClamp) {
  std::mt19937 rng(43);
  auto pick = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  int accelerated_runs = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const int64_t m = pick(1, 6), k = pick(1, 20), n = pick(1, 12);
    const bool trans_b = trial % 2 == 1, bias = trial % 3 != 0;
    const float lo = trial % 4 == 0 ? -INFINITY : -0.2f, hi = trial % 5 == 0 ? INFINITY : 0.6f;
    TestTensor a = make_tensor<float>({m, k}, random_floats(rng, m * k));
    TestTensor b = make_tensor<float>(trans_b ? std::vector<int64_t>{n, k} : std::vector<int64_t>{k, n},
                                      random_floats(rng, k * n));
    TestTensor c = make_tensor<float>({n}, random_floats(rng, n));
    b.constant = c.constant = true;
    const std::vector<float> av = a.values<float>(), bv = b.values<float>(), cv = c.values<float>();
    std::vector<float> want(static_cast<size_t>(m * n));
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double acc = bias ? cv[static_cast<size_t>(j)] : 0.0;
        for (int64_t p = 0; p < k; ++p)
          acc += static_cast<double>(av[static_cast<size_t>(i * k + p)]) *
                 bv[static_cast<size_t>(trans_b ? j * k + p : p * n + j)];
        want[static_cast<size_t>(i * n + j)] = std::min(hi, std::max(lo, static_cast<float>(acc)));
      }
    AttrBuilder attrs;
    attrs.i("transB", trans_b ? 1 : 0);
    if (!std::isinf(lo)) attrs.f("activation_min", lo);
    if (!std::isinf(hi)) attrs.f("activation_max", hi);
    const std::vector<const TestTensor*> inputs = {&a, &b, bias ? &c : nullptr};
    const std::vector<const KernelDef*> tiers = kernel_tiers("Gemm", 1, inputs, "com.spud");
    ASSERT_FALSE(tiers.empty());
    for (const KernelDef* def : tiers) {
      const RunResult r = run_kernel_def(def, 1, attrs, inputs, 1);
      if (r.status.code() == StatusCode::kDeclined) continue;
      ASSERT_TRUE(r.status.ok()) << label(tiers, def, trial) << ": " << r.phase << ": " << r.status.message();
      expect_close(r.outputs[0].values<float>(), want, label(tiers, def, trial));
      if (def != tiers.back()) ++accelerated_runs;
    }
  }
#if defined(SPUD_XNNPACK)
  EXPECT_GT(accelerated_runs, 50) << "the XNNPACK Gemm declined nearly every case";
#endif
}

}  // namespace
}  // namespace testing
}  // namespace spud
