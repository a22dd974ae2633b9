// Gemm and MatMul against index-by-index dot products.
#include <gtest/gtest.h>

#include <cmath>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace {

TEST(GemmNaive, TransposesAlphaBetaAndBroadcastC) {
  std::mt19937 rng(11);
  int accelerated = 0;
  auto pick = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  for (int trial = 0; trial < 80; ++trial) {
    const int64_t M = pick(1, 6), N = pick(1, 6), K = pick(1, 6);
    const bool ta = pick(0, 2) == 0, tb = pick(0, 1) == 1;
    // alpha 1 with beta 1 (or no C) is the form the XNNPACK tier takes.
    const float alpha = pick(0, 1) == 0 ? 1.f : 0.5f + static_cast<float>(pick(1, 2));
    const float beta = std::vector<float>{0.f, 1.f, 1.5f}[static_cast<size_t>(pick(0, 2))];
    TestTensor A = make_tensor<float>(ta ? std::vector<int64_t>{K, M} : std::vector<int64_t>{M, K}, random_floats(rng, M * K));
    TestTensor B = make_tensor<float>(tb ? std::vector<int64_t>{N, K} : std::vector<int64_t>{K, N}, random_floats(rng, K * N));
    const std::vector<std::vector<int64_t>> c_shapes = {{}, {N}, {1, N}, {M, 1}, {M, N}};
    const int ci = static_cast<int>(pick(0, 5));  // 5: no C
    TestTensor C;
    if (ci < 5) {
      int64_t cn = 1;
      for (int64_t d : c_shapes[static_cast<size_t>(ci)]) cn *= d;
      C = make_tensor<float>(c_shapes[static_cast<size_t>(ci)], random_floats(rng, cn));
    }
    B.constant = C.constant = trial % 5 != 0;  // weights, as in a model
    const std::vector<const TestTensor*> inputs = {&A, &B, ci < 5 ? &C : nullptr};
    AttrBuilder attrs;
    attrs.f("alpha", alpha).f("beta", beta).i("transA", ta).i("transB", tb);
    // Every tier of this build, each held to the same sum.
    for (const KernelDef* def : kernel_tiers("Gemm", 13, inputs)) {
    RunResult r = run_kernel_def(def, 13, attrs, inputs, 1);
    if (r.status.code() == StatusCode::kDeclined) continue;
    accelerated += def != kernel_tiers("Gemm", 13, inputs).back();
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    ASSERT_EQ(r.outputs[0].shape, (std::vector<int64_t>{M, N}));
    const auto a = A.values<float>(), b = B.values<float>(), c = C.values<float>(), y = r.outputs[0].values<float>();
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) {
        double s = 0;
        for (int64_t p = 0; p < K; ++p)
          s += static_cast<double>(ta ? a[static_cast<size_t>(p * M + i)] : a[static_cast<size_t>(i * K + p)]) *
               (tb ? b[static_cast<size_t>(j * K + p)] : b[static_cast<size_t>(p * N + j)]);
        double expect = alpha * s;
        if (ci < 5) {
          const auto& cs = c_shapes[static_cast<size_t>(ci)];
          const int64_t ri = cs.size() == 2 && cs[0] == M ? i : 0;
          const int64_t cj = !cs.empty() && cs.back() == N ? j : 0;
          expect += beta * c[static_cast<size_t>(ri * (cs.empty() ? 1 : cs.back()) + cj)];
        }
        ASSERT_NEAR(y[static_cast<size_t>(i * N + j)], expect, 1e-4 * (1 + std::fabs(expect))) << "trial " << trial;
      }
    }
  }
#if defined(SPUD_XNNPACK)
  EXPECT_GT(accelerated, 5) << "the XNNPACK Gemm took almost no case";
#endif
  TestTensor A = make_tensor<float>({2, 3}, std::vector<float>(6, 1.f));
  TestTensor B = make_tensor<float>({4, 2}, std::vector<float>(8, 1.f));
  EXPECT_EQ(run_kernel("Gemm", 13, AttrBuilder(), {&A, &B}, 1).phase, "prepare");  // K mismatch
}

TEST(MatMulNaive, BatchBroadcastAndVectors) {
  std::mt19937 rng(12);
  struct Case { std::vector<int64_t> a, b, y; };
  const std::vector<Case> cases = {
      {{3, 4}, {4, 5}, {3, 5}},       {{2, 1, 3, 4}, {5, 4, 2}, {2, 5, 3, 2}}, {{4}, {4, 3}, {3}},
      {{2, 3, 4}, {4}, {2, 3}},       {{4}, {4}, {}},                          {{1, 2, 3}, {3, 3, 1}, {3, 2, 1}}};
  int accelerated = 0;
  for (const Case& cs : cases)
    for (bool constant_b : {false, true}) {
    int64_t na = 1, nb = 1;
    for (int64_t d : cs.a) na *= d;
    for (int64_t d : cs.b) nb *= d;
    TestTensor A = make_tensor<float>(cs.a, random_floats(rng, na)), B = make_tensor<float>(cs.b, random_floats(rng, nb));
    B.constant = constant_b;  // a constant 2-D B is what the XNNPACK tier takes
    const std::vector<const TestTensor*> inputs = {&A, &B};
    const std::vector<const KernelDef*> tiers = kernel_tiers("MatMul", 13, inputs);
    for (const KernelDef* def : tiers) {
    RunResult r = run_kernel_def(def, 13, AttrBuilder(), inputs, 1);
    if (r.status.code() == StatusCode::kDeclined) continue;
    accelerated += def != tiers.back();
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    ASSERT_EQ(r.outputs[0].shape, cs.y);
    // Reference: promote vectors, broadcast batch dims index by index.
    std::vector<int64_t> a = cs.a, b = cs.b;
    if (a.size() == 1) a.insert(a.begin(), 1);
    if (b.size() == 1) b.push_back(1);
    const int64_t M = a[a.size() - 2], K = a.back(), N = b.back();
    const size_t br = std::max(a.size(), b.size()) - 2;
    std::vector<int64_t> batch(br, 1), ab(br, 1), bb(br, 1);
    for (size_t i = 0; i < br; ++i) {
      const int ia = static_cast<int>(i) - static_cast<int>(br - (a.size() - 2));
      const int ib = static_cast<int>(i) - static_cast<int>(br - (b.size() - 2));
      ab[i] = ia >= 0 ? a[static_cast<size_t>(ia)] : 1;
      bb[i] = ib >= 0 ? b[static_cast<size_t>(ib)] : 1;
      batch[i] = std::max(ab[i], bb[i]);
    }
    int64_t count = 1;
    for (int64_t d : batch) count *= d;
    const auto av = A.values<float>(), bv = B.values<float>(), y = r.outputs[0].values<float>();
    for (int64_t t = 0; t < count; ++t) {
      int64_t rem = t, ao = 0, bo = 0, as = 1, bs = 1;
      for (size_t i = br; i-- > 0;) {
        const int64_t idx = rem % batch[i];
        rem /= batch[i];
        ao += (ab[i] == 1 ? 0 : idx) * as;
        bo += (bb[i] == 1 ? 0 : idx) * bs;
        as *= ab[i];
        bs *= bb[i];
      }
      for (int64_t i = 0; i < M; ++i)
        for (int64_t j = 0; j < N; ++j) {
          double s = 0;
          for (int64_t p = 0; p < K; ++p)
            s += static_cast<double>(av[static_cast<size_t>(ao * M * K + i * K + p)]) * bv[static_cast<size_t>(bo * K * N + p * N + j)];
          EXPECT_NEAR(y[static_cast<size_t>(t * M * N + i * N + j)], s, 1e-4);
        }
    }
    }
  }
#if defined(SPUD_XNNPACK)
  EXPECT_GE(accelerated, 2) << "the XNNPACK MatMul took no case";
#endif
  TestTensor A = make_tensor<float>({2, 3, 4}, std::vector<float>(24, 1.f)), B = make_tensor<float>({3, 4, 2}, std::vector<float>(24, 1.f));
  EXPECT_EQ(run_kernel("MatMul", 13, AttrBuilder(), {&A, &B}, 1).phase, "prepare");  // batch 2 vs 3
}

}  // namespace
}  // namespace testing
}  // namespace spud
