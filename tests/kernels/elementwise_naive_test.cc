// Add/Sub/Mul/Div with numpy broadcasting, against an explicit multi-index
// reference, over float and integer types.
#include <gtest/gtest.h>

#include <cmath>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace {

// Index into `shape` (right-aligned against `out`) for output multi-index.
int64_t source_offset(const std::vector<int64_t>& shape, const std::vector<int64_t>& out, const std::vector<int64_t>& idx) {
  int64_t off = 0;
  const size_t lead = out.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i) off = off * shape[i] + (shape[i] == 1 ? 0 : idx[lead + i]);
  return off;
}

template <typename T, typename F>
void check_op(const std::string& op, F reference, std::mt19937& rng) {
  const std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>> shapes = {
      {{2, 1, 4}, {3, 1}}, {{5}, {}}, {{}, {2, 3}}, {{3, 4}, {3, 4}}, {{1, 3, 1}, {2, 1, 5}}, {{0, 3}, {1, 3}}, {{2, 3, 4, 5}, {4, 1}}};
  for (const auto& [sa, sb] : shapes) {
    std::vector<int64_t> out(std::max(sa.size(), sb.size()));
    for (size_t i = 0; i < out.size(); ++i) {
      const int ia = static_cast<int>(i) - static_cast<int>(out.size() - sa.size());
      const int ib = static_cast<int>(i) - static_cast<int>(out.size() - sb.size());
      const int64_t da = ia >= 0 ? sa[static_cast<size_t>(ia)] : 1, db = ib >= 0 ? sb[static_cast<size_t>(ib)] : 1;
      out[i] = da == 1 ? db : da;
    }
    auto fill = [&](const std::vector<int64_t>& s) {
      int64_t n = 1;
      for (int64_t d : s) n *= d;
      std::vector<T> v(static_cast<size_t>(n));
      std::uniform_int_distribution<int> dist(-20, 20);
      for (T& x : v) {
        x = static_cast<T>(dist(rng));
        if (x == T(0)) x = T(3);  // keep Div's reference defined
      }
      return make_tensor<T>(s, v);
    };
    TestTensor a = fill(sa), b = fill(sb);
    RunResult r = run_kernel(op, 14, AttrBuilder(), {&a, &b}, 1);
    ASSERT_TRUE(r.status.ok()) << op << ": " << r.status.message();
    ASSERT_EQ(r.outputs[0].shape, out) << op;
    const auto av = a.values<T>(), bv = b.values<T>(), y = r.outputs[0].values<T>();
    std::vector<int64_t> idx(out.size(), 0);
    for (size_t k = 0; k < y.size(); ++k) {
      const T expect = reference(av[static_cast<size_t>(source_offset(sa, out, idx))], bv[static_cast<size_t>(source_offset(sb, out, idx))]);
      if constexpr (std::is_floating_point_v<T>) {
        ASSERT_NEAR(y[k], expect, 1e-5 * (1 + std::fabs(expect))) << op;
      } else {
        ASSERT_EQ(y[k], expect) << op;
      }
      for (size_t ax = out.size(); ax-- > 0;) {
        if (++idx[ax] < out[ax]) break;
        idx[ax] = 0;
      }
    }
  }
}

TEST(ElementwiseNaive, BroadcastArithmeticAllTypes) {
  std::mt19937 rng(3);
  check_op<float>("Add", [](float a, float b) { return a + b; }, rng);
  check_op<float>("Sub", [](float a, float b) { return a - b; }, rng);
  check_op<float>("Mul", [](float a, float b) { return a * b; }, rng);
  check_op<float>("Div", [](float a, float b) { return a / b; }, rng);
  check_op<double>("Sub", [](double a, double b) { return a - b; }, rng);
  check_op<int64_t>("Add", [](int64_t a, int64_t b) { return a + b; }, rng);
  check_op<int64_t>("Mul", [](int64_t a, int64_t b) { return a * b; }, rng);
  // Integer division truncates toward zero: -7 / 2 == -3.
  check_op<int32_t>("Div", [](int32_t a, int32_t b) { return a / b; }, rng);
  check_op<int8_t>("Sub", [](int8_t a, int8_t b) { return static_cast<int8_t>(a - b); }, rng);
}

TEST(ElementwiseNaive, IntegerDivisionEdgeCases) {
  TestTensor a = make_tensor<int32_t>({4}, {7, -7, 5, INT32_MIN});
  TestTensor b = make_tensor<int32_t>({4}, {2, 2, 0, -1});
  RunResult r = run_kernel("Div", 14, AttrBuilder(), {&a, &b}, 1);
  ASSERT_TRUE(r.status.ok());
  // Truncation toward zero; division by zero gives 0 (see div.cc); INT_MIN / -1 wraps.
  EXPECT_EQ(r.outputs[0].values<int32_t>(), (std::vector<int32_t>{3, -3, 0, INT32_MIN}));
}

TEST(ElementwiseNaive, IncompatibleShapesAndTypesFail) {
  TestTensor a = make_tensor<float>({2, 3}, std::vector<float>(6, 1.f)), b = make_tensor<float>({4}, std::vector<float>(4, 1.f));
  EXPECT_EQ(run_kernel("Add", 14, AttrBuilder(), {&a, &b}, 1).phase, "prepare");
  TestTensor c = make_tensor<double>({3}, std::vector<double>(3, 1.0));
  TestTensor d = make_tensor<float>({3}, std::vector<float>(3, 1.f));
  EXPECT_EQ(run_kernel("Mul", 14, AttrBuilder(), {&c, &d}, 1).phase, "prepare");
}

// com.spud Silu, x * sigmoid(x), on every tier against the formula in double:
// lengths around the 16-lane vectors (the accelerated tail), values across
// exp's range and past where it saturates, signed zeros and NaN.
TEST(ElementwiseNaive, SiluMatchesXTimesSigmoidOnEveryTier) {
  std::mt19937 rng(41);
  int accelerated = 0;
  for (int64_t n : {1, 15, 16, 17, 33, 1000, 40000}) {
    std::vector<float> v(static_cast<size_t>(n));
    std::uniform_real_distribution<float> wide(-100.f, 100.f), near(-6.f, 6.f);
    for (size_t i = 0; i < v.size(); ++i) v[i] = i % 3 == 0 ? wide(rng) : near(rng);
    const float special[] = {0.f, -0.f, 87.f, -87.f, 88.5f, -88.5f, 1e-3f, -1e-3f, 20.f, -20.f, NAN};
    for (size_t i = 0; i < v.size() && i < sizeof special / sizeof special[0]; ++i) v[i * 7 % v.size()] = special[i];
    TestTensor x = make_tensor<float>({n}, v);
    const std::vector<const TestTensor*> inputs = {&x};
    const std::vector<const KernelDef*> tiers = kernel_tiers("Silu", 1, inputs, "com.spud");
    ASSERT_FALSE(tiers.empty());
    for (const KernelDef* def : tiers) {
      const RunResult r = run_kernel_def(def, 1, AttrBuilder(), inputs, 1);
      ASSERT_TRUE(r.status.ok()) << r.phase << ": " << r.status.message();
      const std::vector<float> y = r.outputs[0].values<float>();
      ASSERT_EQ(y.size(), v.size());
      for (size_t i = 0; i < v.size(); ++i) {
        const double xi = v[i];
        if (std::isnan(xi)) {
          EXPECT_TRUE(std::isnan(y[i])) << "n " << n << " at " << i;
          continue;
        }
        const double want = xi / (1.0 + std::exp(-xi));
        EXPECT_NEAR(y[i], want, 1e-6 * std::fabs(want) + 1e-30) << "n " << n << ", x " << xi << ", tier "
                                                                 << (def == tiers.back() ? "reference" : "accelerated");
      }
      accelerated += def != tiers.back();
    }
  }
#if defined(SPUD_XNNPACK)
  EXPECT_EQ(accelerated, 7) << "the accelerated Silu is missing";
#endif
}

}  // namespace
}  // namespace testing
}  // namespace spud
