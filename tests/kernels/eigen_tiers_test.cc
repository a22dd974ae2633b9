// The kernels the Eigen tier serves (MatMul, Gemm, Einsum, Softmax,
// LayerNormalization, Exp, Tanh, Sigmoid, Erf), on every tier this build
// has for them, against naive loops in double: shapes whose operands pass
// 128 KB (so Eigen's GEMM blocks them), transposes, broadcast batch dims,
// 1-D operands, odd sizes. On a build with SPUD_EIGEN, the Eigen
// definitions must be there and must take the cases they are meant for.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "kernel_runner.h"

#if defined(SPUD_EIGEN)
namespace spud {
namespace kernels {
extern const KernelDef kMatMulEigenFloat32, kGemmEigenFloat32, kEinsumEigenFloat32, kEinsumEigenFloat64,
    kSoftmaxEigenFloat32, kSoftmaxEigenFloat64, kLayerNormalizationEigenFloat32, kLayerNormalizationEigenFloat64,
    kExpEigenFloat32, kExpEigenFloat64, kTanhEigenFloat32, kTanhEigenFloat64, kSigmoidEigenFloat32,
    kErfEigenFloat32, kErfEigenFloat64;
}  // namespace kernels
}  // namespace spud
#endif

namespace spud {
namespace testing {
namespace {

// Runs the node on every tier; `check` gets each accepted result. Returns
// the definitions that accepted it.
template <typename Check>
std::vector<const KernelDef*> on_every_tier(const std::string& op, int version, const AttrBuilder& attrs,
                                            const std::vector<const TestTensor*>& inputs, int outputs,
                                            const Check& check) {
  std::vector<const KernelDef*> accepted;
  const std::vector<const KernelDef*> tiers = kernel_tiers(op, version, inputs);
  EXPECT_FALSE(tiers.empty()) << op;
  for (const KernelDef* def : tiers) {
    RunResult r = run_kernel_def(def, version, attrs, inputs, outputs);
    if (r.status.code() == StatusCode::kDeclined) continue;
    EXPECT_TRUE(r.status.ok()) << op << ": " << r.status.message();
    if (!r.status.ok()) continue;
    accepted.push_back(def);
    check(r, def == tiers.back());
  }
  return accepted;
}

bool has(const std::vector<const KernelDef*>& defs, const KernelDef* def) {
  return std::find(defs.begin(), defs.end(), def) != defs.end();
}

std::vector<double> random_doubles(std::mt19937& rng, int64_t n) {
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<double> v(static_cast<size_t>(n));
  for (double& x : v) x = u(rng);
  return v;
}

int64_t product(const std::vector<int64_t>& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

// MatMul with numpy semantics, index by index.
std::vector<double> naive_matmul(const std::vector<float>& av, std::vector<int64_t> a, const std::vector<float>& bv,
                                 std::vector<int64_t> b) {
  if (a.size() == 1) a.insert(a.begin(), 1);
  if (b.size() == 1) b.push_back(1);
  const int64_t M = a[a.size() - 2], K = a.back(), N = b.back();
  const size_t br = std::max(a.size(), b.size()) - 2;
  std::vector<int64_t> batch(br), ab(br), bb(br);
  for (size_t i = 0; i < br; ++i) {
    const long ia = static_cast<long>(i) - static_cast<long>(br - (a.size() - 2));
    const long ib = static_cast<long>(i) - static_cast<long>(br - (b.size() - 2));
    ab[i] = ia >= 0 ? a[static_cast<size_t>(ia)] : 1;
    bb[i] = ib >= 0 ? b[static_cast<size_t>(ib)] : 1;
    batch[i] = std::max(ab[i], bb[i]);
  }
  const int64_t count = product(batch);
  std::vector<double> y(static_cast<size_t>(count * M * N));
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
      for (int64_t p = 0; p < K; ++p) {
        const double x = av[static_cast<size_t>(ao * M * K + i * K + p)];
        for (int64_t j = 0; j < N; ++j)
          y[static_cast<size_t>((t * M + i) * N + j)] += x * bv[static_cast<size_t>(bo * K * N + p * N + j)];
      }
  }
  return y;
}

template <typename T>
void expect_close(const std::vector<T>& y, const std::vector<double>& expect, double atol, double rtol,
                  const std::string& what) {
  ASSERT_EQ(y.size(), expect.size()) << what;
  size_t bad = 0;
  for (size_t i = 0; i < y.size(); ++i)
    if (!(std::fabs(y[i] - expect[i]) <= atol + rtol * std::fabs(expect[i])) && bad++ < 5)
      ADD_FAILURE() << what << ": element " << i << " is " << y[i] << ", expected " << expect[i];
}

TEST(EigenTier, MatMulBatchedBroadcastVectorsAndBlocking) {
  std::mt19937 rng(81);
  struct Case { std::vector<int64_t> a, b, y; };
  const std::vector<Case> cases = {
      {{8, 128, 256}, {8, 256, 128}, {8, 128, 128}},   // 1 MB operands
      {{2, 1, 67, 300}, {3, 300, 45}, {2, 3, 67, 45}},  // broadcast batch dims, odd sizes
      {{1, 130, 257}, {4, 257, 33}, {4, 130, 33}},     // A broadcast over B's batch
      {{3, 200, 150}, {150, 170}, {3, 200, 170}},      // one B for a stacked A
      {{300}, {2, 300, 129}, {2, 129}},                // 1-D A
      {{5, 77, 301}, {301}, {5, 77}},                  // 1-D B
      {{513}, {513}, {}},                              // dot product
      {{2, 0, 7}, {2, 7, 3}, {2, 0, 3}},               // empty
      {{4, 9}, {9, 5}, {4, 5}},                        // small
      {{6, 2, 3}, {6, 3, 2}, {6, 2, 2}},               // tiny products: left to the reference
      {{3, 40, 0}, {3, 0, 20}, {3, 40, 20}},           // K = 0: zeros
  };
  int eigen = 0;
  for (const Case& cs : cases)
    for (bool constant_b : {false, true}) {
      TestTensor A = make_tensor<float>(cs.a, random_floats(rng, product(cs.a)));
      TestTensor B = make_tensor<float>(cs.b, random_floats(rng, product(cs.b)));
      B.constant = constant_b;
      const std::vector<double> expect = naive_matmul(A.values<float>(), cs.a, B.values<float>(), cs.b);
      const auto accepted = on_every_tier("MatMul", 13, AttrBuilder(), {&A, &B}, 1, [&](const RunResult& r, bool) {
        ASSERT_EQ(r.outputs[0].shape, cs.y);
        expect_close(r.outputs[0].values<float>(), expect, 1e-4, 1e-4, "MatMul");
      });
#if defined(SPUD_EIGEN)
      eigen += has(accepted, &kernels::kMatMulEigenFloat32);
      // Non-constant B: no tier before Eigen takes it.
      if (!constant_b)
        EXPECT_EQ(has(accepted, &kernels::kMatMulEigenFloat32), cs.a[0] != 6) << cs.a.size() << "-D A";
#endif
    }
#if defined(SPUD_EIGEN)
  EXPECT_GE(eigen, 10);
#endif
}

TEST(EigenTier, GemmTransposesAlphaBetaBroadcastCAndBlocking) {
  std::mt19937 rng(82);
  int eigen = 0;
  // 300x520x600: Eigen's blocking passes the 1 MB a task may hold, so its
  // panels are narrowed.
  const int64_t sizes[][3] = {{150, 130, 400}, {300, 520, 600}, {7, 300, 33}, {1, 1, 1}, {65, 1, 200}, {3, 0, 4}};
  for (const auto& s : sizes)
    for (int trans = 0; trans < 4; ++trans) {
      const int64_t M = s[0], N = s[1], K = s[2];
      const bool ta = trans & 1, tb = trans & 2;
      TestTensor A = make_tensor<float>(ta ? std::vector<int64_t>{K, M} : std::vector<int64_t>{M, K}, random_floats(rng, M * K));
      TestTensor B = make_tensor<float>(tb ? std::vector<int64_t>{N, K} : std::vector<int64_t>{K, N}, random_floats(rng, K * N));
      const std::vector<std::vector<int64_t>> c_shapes = {{}, {N}, {1, N}, {M, 1}, {M, N}};
      const int ci = trans + static_cast<int>(M % 2);  // a different C per case; 5 = none
      TestTensor C = make_tensor<float>(c_shapes[static_cast<size_t>(ci % 5)], random_floats(rng, product(c_shapes[static_cast<size_t>(ci % 5)])));
      const bool with_c = ci != 4 || M != 150;
      const float alpha = trans == 1 ? 1.f : 0.75f, beta = trans == 2 ? 0.f : 1.5f;
      AttrBuilder attrs;
      attrs.f("alpha", alpha).f("beta", beta).i("transA", ta).i("transB", tb);
      const auto a = A.values<float>(), b = B.values<float>(), c = C.values<float>();
      const auto& cs = c_shapes[static_cast<size_t>(ci % 5)];
      std::vector<double> expect(static_cast<size_t>(M * N));
      for (int64_t i = 0; i < M; ++i)
        for (int64_t j = 0; j < N; ++j) {
          double sum = 0;
          for (int64_t p = 0; p < K; ++p)
            sum += static_cast<double>(ta ? a[static_cast<size_t>(p * M + i)] : a[static_cast<size_t>(i * K + p)]) *
                   (tb ? b[static_cast<size_t>(j * K + p)] : b[static_cast<size_t>(p * N + j)]);
          double e = alpha * sum;
          if (with_c) {
            const int64_t ri = cs.size() == 2 && cs[0] == M ? i : 0, cj = !cs.empty() && cs.back() == N ? j : 0;
            e += beta * c[static_cast<size_t>(ri * (cs.empty() ? 1 : cs.back()) + cj)];
          }
          expect[static_cast<size_t>(i * N + j)] = e;
        }
      const std::vector<const TestTensor*> inputs = {&A, &B, with_c ? &C : nullptr};
      const auto accepted = on_every_tier("Gemm", 13, attrs, inputs, 1, [&](const RunResult& r, bool) {
        ASSERT_EQ(r.outputs[0].shape, (std::vector<int64_t>{M, N}));
        expect_close(r.outputs[0].values<float>(), expect, 1e-4, 1e-4, "Gemm trans " + std::to_string(trans));
      });
#if defined(SPUD_EIGEN)
      EXPECT_TRUE(has(accepted, &kernels::kGemmEigenFloat32));
      eigen += has(accepted, &kernels::kGemmEigenFloat32);
#endif
    }
  (void)eigen;
  TestTensor A = make_tensor<float>({200, 300}, std::vector<float>(60000, 1.f));
  TestTensor B = make_tensor<float>({301, 2}, std::vector<float>(602, 1.f));
  // K mismatch: an error, not a crash, whichever tier meets it first.
  RunResult r = run_kernel("Gemm", 13, AttrBuilder(), {&A, &B}, 1);
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidModel);
  EXPECT_EQ(r.phase, "prepare");
#if defined(SPUD_EIGEN)
  EXPECT_EQ(run_kernel_def(&kernels::kGemmEigenFloat32, 13, AttrBuilder(), {&A, &B}, 1).status.code(),
            StatusCode::kInvalidModel);
#endif
}

// Einsum by its definition: every combination of label values.
template <typename T>
std::vector<double> naive_einsum(const std::string& a_labels, const std::vector<T>& a, const std::vector<int64_t>& as,
                                 const std::string& b_labels, const std::vector<T>& b, const std::vector<int64_t>& bs,
                                 const std::string& y_labels) {
  std::map<char, int64_t> size;
  for (size_t i = 0; i < a_labels.size(); ++i) size[a_labels[i]] = as[i];
  for (size_t i = 0; i < b_labels.size(); ++i) size[b_labels[i]] = bs[i];
  std::string all;
  for (const auto& kv : size) all += kv.first;
  std::map<char, int64_t> value;
  for (char l : all) value[l] = 0;
  int64_t ny = 1;
  for (char l : y_labels) ny *= size[l];
  std::vector<double> y(static_cast<size_t>(ny));
  const auto offset = [&](const std::string& labels) {
    int64_t o = 0;
    for (char l : labels) o = o * size[l] + value[l];
    return o;
  };
  for (;;) {
    y[static_cast<size_t>(offset(y_labels))] += static_cast<double>(a[static_cast<size_t>(offset(a_labels))]) *
                                                 b[static_cast<size_t>(offset(b_labels))];
    size_t k = all.size();
    while (k-- > 0) {
      if (++value[all[k]] < size[all[k]]) break;
      value[all[k]] = 0;
    }
    if (k == static_cast<size_t>(-1)) break;
  }
  return y;
}

template <typename T>
void einsum_case(std::mt19937& rng, const std::string& eq, const std::vector<int64_t>& as,
                 const std::vector<int64_t>& bs, bool eigen_serves) {
  const size_t comma = eq.find(','), arrow = eq.find("->");
  const std::string al = eq.substr(0, comma), bl = eq.substr(comma + 1, arrow - comma - 1);
  std::string yl;
  if (arrow != std::string::npos) {
    yl = eq.substr(arrow + 2);
  } else {
    for (char c = 'a'; c <= 'z'; ++c)
      if (std::count(al.begin(), al.end(), c) + std::count(bl.begin(), bl.end(), c) == 1) yl += c;
  }
  std::vector<T> av, bv;
  for (double v : random_doubles(rng, product(as))) av.push_back(static_cast<T>(v));
  for (double v : random_doubles(rng, product(bs))) bv.push_back(static_cast<T>(v));
  TestTensor A = make_tensor<T>(as, av), B = make_tensor<T>(bs, bv);
  const std::vector<double> expect = naive_einsum(al, av, as, bl, bv, bs, yl);
  const auto accepted = on_every_tier("Einsum", 12, AttrBuilder().s("equation", eq), {&A, &B}, 1,
                                      [&](const RunResult& r, bool) {
                                        ASSERT_EQ(r.outputs[0].num_elements(), static_cast<int64_t>(expect.size())) << eq;
                                        expect_close(r.outputs[0].values<T>(), expect, 1e-4, 1e-4, eq);
                                      });
#if defined(SPUD_EIGEN)
  const KernelDef* eigen = std::is_same<T, float>::value ? &kernels::kEinsumEigenFloat32 : &kernels::kEinsumEigenFloat64;
  EXPECT_EQ(has(accepted, eigen), eigen_serves) << eq;
#else
  (void)accepted;
  (void)eigen_serves;
#endif
}

TEST(EigenTier, EinsumContractionsAndWhatItDeclines) {
  std::mt19937 rng(83);
  einsum_case<float>(rng, "ij,jk->ik", {150, 200}, {200, 170}, true);
  einsum_case<float>(rng, "bij,bjk->bik", {3, 70, 90}, {3, 90, 50}, true);
  einsum_case<float>(rng, "bhqd,bhkd->bhqk", {2, 3, 65, 64}, {2, 3, 70, 64}, true);
  einsum_case<float>(rng, "bhqk,bhkd->bhqd", {2, 3, 65, 70}, {2, 3, 70, 64}, true);
  einsum_case<float>(rng, "ki,kj->ij", {300, 40}, {300, 30}, true);      // A transposed
  einsum_case<float>(rng, "bij,bjk->bki", {2, 33, 300}, {2, 300, 17}, true);  // Y transposed
  einsum_case<float>(rng, "ij,jk", {20, 30}, {30, 10}, true);             // implicit output
  einsum_case<float>(rng, "abc,cd->abd", {4, 50, 120}, {120, 60}, true);  // two row labels
  einsum_case<float>(rng, "bij,jk->bik", {3, 40, 50}, {50, 20}, true);    // b as a row label
  einsum_case<float>(rng, "i,i->", {1000}, {1000}, true);
  einsum_case<float>(rng, "i,j->ij", {70}, {90}, true);
  einsum_case<double>(rng, "bij,bjk->bik", {2, 60, 80}, {2, 80, 40}, true);
  // Left to the reference Einsum.
  einsum_case<float>(rng, "ij,kj->ikj", {5, 6}, {4, 6}, false);   // batch label not leading
  einsum_case<float>(rng, "ij,jk->i", {5, 6}, {6, 4}, false);     // k summed within B
  einsum_case<float>(rng, "bij,bjk->bik", {50, 2, 3}, {50, 3, 2}, false);  // tiny products
  // Sizes that differ: Eigen declines, the reference reports the error.
  TestTensor A = make_tensor<float>({2, 5, 6}, random_floats(rng, 60)), B = make_tensor<float>({2, 3, 7}, random_floats(rng, 42));
  AttrBuilder attrs;
  attrs.s("equation", "bij,bkj->bki");
  RunResult r = run_kernel("Einsum", 12, attrs, {&A, &B}, 1);
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidModel);
  EXPECT_EQ(r.phase, "prepare");
#if defined(SPUD_EIGEN)
  EXPECT_EQ(run_kernel_def(&kernels::kEinsumEigenFloat32, 12, attrs, {&A, &B}, 1).status.code(), StatusCode::kDeclined);
#endif
}

TEST(EigenTier, SoftmaxLastAxisAndOlderOpsets) {
  std::mt19937 rng(84);
  struct Case { std::vector<int64_t> shape; int version; int64_t axis; bool eigen; };
  const std::vector<Case> cases = {
      {{64, 1000}, 13, -1, true}, {{7, 33}, 13, 1, true},     {{2, 3, 5}, 11, 1, true},
      {{2, 3, 5}, 13, 1, false},  {{4, 6, 1}, 13, 1, true},  {{3, 257}, 1, 1, true},
      {{5}, 13, 0, true},
  };
  for (const Case& cs : cases) {
    const int rank = static_cast<int>(cs.shape.size());
    TestTensor x = make_tensor<float>(cs.shape, random_floats(rng, product(cs.shape), -30, 30));
    const int a = static_cast<int>(cs.axis < 0 ? cs.axis + rank : cs.axis);
    int64_t outer = 1, extent = 1, inner = 1;
    for (int i = 0; i < rank; ++i)
      (i < a ? outer : (i == a || cs.version < 13 ? extent : inner)) *= cs.shape[static_cast<size_t>(i)];
    const auto v = x.values<float>();
    std::vector<double> expect(v.size());
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t in = 0; in < inner; ++in) {
        double top = -INFINITY, denom = 0;
        for (int64_t k = 0; k < extent; ++k) top = std::max(top, double(v[static_cast<size_t>((o * extent + k) * inner + in)]));
        for (int64_t k = 0; k < extent; ++k) denom += std::exp(v[static_cast<size_t>((o * extent + k) * inner + in)] - top);
        for (int64_t k = 0; k < extent; ++k) {
          const size_t i = static_cast<size_t>((o * extent + k) * inner + in);
          expect[i] = std::exp(v[i] - top) / denom;
        }
      }
    const auto accepted = on_every_tier("Softmax", cs.version, AttrBuilder().i("axis", cs.axis), {&x}, 1,
                                        [&](const RunResult& r, bool) {
                                          expect_close(r.outputs[0].values<float>(), expect, 1e-6, 1e-5, "Softmax");
                                        });
#if defined(SPUD_EIGEN)
    EXPECT_EQ(has(accepted, &kernels::kSoftmaxEigenFloat32), cs.eigen) << cs.shape.size() << "-D, axis " << cs.axis;
#else
    (void)accepted;
#endif
  }
  TestTensor x64 = make_tensor<double>({3, 500}, random_doubles(rng, 1500));
  const auto v = x64.values<double>();
  std::vector<double> expect(v.size());
  for (int r = 0; r < 3; ++r) {
    double denom = 0;
    for (int k = 0; k < 500; ++k) denom += std::exp(v[static_cast<size_t>(r * 500 + k)]);
    for (int k = 0; k < 500; ++k) expect[static_cast<size_t>(r * 500 + k)] = std::exp(v[static_cast<size_t>(r * 500 + k)]) / denom;
  }
  const auto accepted = on_every_tier("Softmax", 13, AttrBuilder(), {&x64}, 1, [&](const RunResult& r, bool) {
    expect_close(r.outputs[0].values<double>(), expect, 1e-12, 1e-10, "Softmax float64");
  });
#if defined(SPUD_EIGEN)
  EXPECT_TRUE(has(accepted, &kernels::kSoftmaxEigenFloat64));
#endif
}

TEST(EigenTier, LayerNormalizationWithStatistics) {
  std::mt19937 rng(85);
  struct Case { std::vector<int64_t> shape; int64_t axis; bool bias; int outputs; };
  const std::vector<Case> cases = {{{128, 768}, -1, true, 1}, {{4, 6, 50}, 1, false, 3}, {{3, 7}, 0, true, 3}, {{9, 1}, -1, true, 1}};
  for (const Case& cs : cases) {
    const int rank = static_cast<int>(cs.shape.size());
    const int a = static_cast<int>(cs.axis < 0 ? cs.axis + rank : cs.axis);
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < rank; ++i) (i < a ? outer : inner) *= cs.shape[static_cast<size_t>(i)];
    std::vector<float> xv = random_floats(rng, outer * inner, -3, 5);
    TestTensor x = make_tensor<float>(cs.shape, xv);
    TestTensor scale = make_tensor<float>({inner}, random_floats(rng, inner, 0.5f, 2.f));
    TestTensor bias = make_tensor<float>({inner}, random_floats(rng, inner));
    const auto sv = scale.values<float>(), bv = bias.values<float>();
    std::vector<double> expect(xv.size()), means(static_cast<size_t>(outer)), invs(static_cast<size_t>(outer));
    for (int64_t o = 0; o < outer; ++o) {
      double mean = 0, var = 0;
      for (int64_t i = 0; i < inner; ++i) mean += xv[static_cast<size_t>(o * inner + i)];
      mean /= static_cast<double>(inner);
      for (int64_t i = 0; i < inner; ++i) var += std::pow(xv[static_cast<size_t>(o * inner + i)] - mean, 2);
      const double inv = 1 / std::sqrt(var / static_cast<double>(inner) + 1e-3);
      for (int64_t i = 0; i < inner; ++i)
        expect[static_cast<size_t>(o * inner + i)] =
            (xv[static_cast<size_t>(o * inner + i)] - mean) * inv * sv[static_cast<size_t>(i)] + (cs.bias ? bv[static_cast<size_t>(i)] : 0);
      means[static_cast<size_t>(o)] = mean;
      invs[static_cast<size_t>(o)] = inv;
    }
    const std::vector<const TestTensor*> inputs = {&x, &scale, cs.bias ? &bias : nullptr};
    const auto accepted = on_every_tier("LayerNormalization", 17, AttrBuilder().i("axis", cs.axis).f("epsilon", 1e-3f),
                                        inputs, cs.outputs, [&](const RunResult& r, bool) {
                                          expect_close(r.outputs[0].values<float>(), expect, 1e-4, 1e-4, "LayerNorm Y");
                                          if (cs.outputs < 3) return;
                                          expect_close(r.outputs[1].values<float>(), means, 1e-5, 1e-5, "Mean");
                                          expect_close(r.outputs[2].values<float>(), invs, 1e-5, 1e-4, "InvStdDev");
                                          std::vector<int64_t> stat = cs.shape;
                                          for (int i = a; i < rank; ++i) stat[static_cast<size_t>(i)] = 1;
                                          EXPECT_EQ(r.outputs[1].shape, stat);
                                        });
#if defined(SPUD_EIGEN)
    EXPECT_TRUE(has(accepted, &kernels::kLayerNormalizationEigenFloat32));
#else
    (void)accepted;
#endif
  }
  TestTensor x = make_tensor<float>({2, 4}, std::vector<float>(8, 1.f)), scale = make_tensor<float>({3}, {1, 1, 1});
  for (const KernelDef* def : kernel_tiers("LayerNormalization", 17, {&x, &scale}))  // Scale too short
    EXPECT_EQ(run_kernel_def(def, 17, AttrBuilder(), {&x, &scale}, 1).status.code(), StatusCode::kInvalidModel);
}

TEST(EigenTier, VectorizedExpTanhSigmoidErf) {
  std::mt19937 rng(86);
  struct Op { const char* name; int version; double (*f)(double); float lo, hi; bool f64; };
  const Op ops[] = {
      {"Exp", 13, [](double v) { return std::exp(v); }, -80, 80, true},
      {"Tanh", 13, [](double v) { return std::tanh(v); }, -12, 12, true},
      {"Sigmoid", 13, [](double v) { return 1 / (1 + std::exp(-v)); }, -40, 40, false},
      {"Erf", 13, [](double v) { return std::erf(v); }, -5, 5, true},
  };
  for (const Op& op : ops)
    for (int64_t n : {int64_t{1}, int64_t{17}, int64_t{(1 << 16) + 7}}) {
      TestTensor x = make_tensor<float>({n}, random_floats(rng, n, op.lo, op.hi));
      std::vector<double> expect;
      for (float v : x.values<float>()) expect.push_back(op.f(v));
      const auto accepted = on_every_tier(op.name, op.version, AttrBuilder(), {&x}, 1, [&](const RunResult& r, bool) {
        expect_close(r.outputs[0].values<float>(), expect, 1e-6, 1e-5, op.name);
      });
#if defined(SPUD_EIGEN)
      EXPECT_GE(accepted.size(), 2u) << op.name << ": Eigen (and XNNPACK for Sigmoid) and the reference";
#endif
      if (!op.f64) continue;
      TestTensor x64 = make_tensor<double>({n}, random_doubles(rng, n));
      std::vector<double> expect64;
      for (double v : x64.values<double>()) expect64.push_back(op.f(v));
      const auto accepted64 = on_every_tier(op.name, op.version, AttrBuilder(), {&x64}, 1, [&](const RunResult& r, bool) {
        expect_close(r.outputs[0].values<double>(), expect64, 1e-14, 1e-12, std::string(op.name) + " float64");
      });
#if defined(SPUD_EIGEN)
      EXPECT_EQ(accepted64.size(), 2u) << op.name;
#else
      (void)accepted;
      (void)accepted64;
#endif
    }
}

// The tier cannot vanish from a build that asked for it.
TEST(EigenTier, DefinitionsAreInTheTable) {
#if defined(SPUD_EIGEN)
  TestTensor f = make_tensor<float>({2, 2}, {1, 2, 3, 4});
  const std::pair<const char*, const KernelDef*> ops[] = {
      {"MatMul", &kernels::kMatMulEigenFloat32},   {"Gemm", &kernels::kGemmEigenFloat32},
      {"Einsum", &kernels::kEinsumEigenFloat32},   {"Softmax", &kernels::kSoftmaxEigenFloat32},
      {"Exp", &kernels::kExpEigenFloat32},         {"Tanh", &kernels::kTanhEigenFloat32},
      {"Sigmoid", &kernels::kSigmoidEigenFloat32}, {"Erf", &kernels::kErfEigenFloat32},
  };
  for (const auto& op : ops) {
    const int version = std::string(op.first) == "Einsum" ? 12 : 13;
    const auto tiers = kernel_tiers(op.first, version, {&f, &f});
    ASSERT_GE(tiers.size(), 2u) << op.first;
    EXPECT_TRUE(has(tiers, op.second)) << op.first;
    EXPECT_NE(tiers.back(), op.second) << op.first << ": the reference kernel must stay last";
  }
  EXPECT_TRUE(has(kernel_tiers("LayerNormalization", 17, {&f, &f}), &kernels::kLayerNormalizationEigenFloat32));
#else
  GTEST_SKIP() << "built without SPUD_EIGEN";
#endif
}

}  // namespace
}  // namespace testing
}  // namespace spud
