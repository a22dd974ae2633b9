// Softmax (both opset semantics) and ReduceMean against direct loops.
#include <gtest/gtest.h>

#include <cmath>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace {

// An empty axis with other lanes beside it ([3, 0, 4] along axis 1): the
// output is as empty as the input, and nothing is read.
TEST(SoftmaxNaive, EmptyAxisGivesAnEmptyOutputOnEveryTier) {
  TestTensor x = make_tensor<float>({3, 0, 4}, {});
  for (const char* op : {"Softmax", "LogSoftmax", "Hardmax"}) {
    const std::vector<const TestTensor*> inputs = {&x};
    for (const KernelDef* def : kernel_tiers(op, 13, inputs)) {
      const RunResult r = run_kernel_def(def, 13, AttrBuilder().i("axis", 1), inputs, 1);
      if (r.status.code() == StatusCode::kDeclined) continue;
      ASSERT_TRUE(r.status.ok()) << op << ": " << r.status.message();
      EXPECT_EQ(r.outputs[0].shape, (std::vector<int64_t>{3, 0, 4})) << op;
      EXPECT_TRUE(r.outputs[0].bytes.empty()) << op;
    }
  }
}

TEST(SoftmaxNaive, Opset13PerAxisAndOpset11Coerced) {
  std::mt19937 rng(21);
  for (int trial = 0; trial < 40; ++trial) {
    const int rank = 1 + trial % 4;
    const auto shape = random_shape(rng, rank, 5);
    TestTensor x = make_tensor<float>(shape, random_floats(rng, make_tensor<float>(shape, {}).num_elements(), -5, 5));
    const int64_t axis = static_cast<int64_t>(trial % rank) - (trial % 2 ? rank : 0);  // negative half the time
    const int a = static_cast<int>(axis < 0 ? axis + rank : axis);
    for (int version : {11, 13}) {
      RunResult r = run_kernel("Softmax", version, AttrBuilder().i("axis", axis), {&x}, 1);
      ASSERT_TRUE(r.status.ok()) << r.status.message();
      // outer x extent x inner: opset 13 normalizes along `a` only; opset 11
      // along everything from `a` on.
      int64_t outer = 1, extent = 1, inner = 1;
      for (int i = 0; i < rank; ++i) (i < a ? outer : (i == a || version < 13 ? extent : inner)) *= shape[static_cast<size_t>(i)];
      const auto v = x.values<float>(), y = r.outputs[0].values<float>();
      for (int64_t o = 0; o < outer; ++o)
        for (int64_t in = 0; in < inner; ++in) {
          double denom = 0;
          for (int64_t k = 0; k < extent; ++k) denom += std::exp(static_cast<double>(v[static_cast<size_t>((o * extent + k) * inner + in)]));
          for (int64_t k = 0; k < extent; ++k) {
            const size_t i = static_cast<size_t>((o * extent + k) * inner + in);
            EXPECT_NEAR(y[i], std::exp(static_cast<double>(v[i])) / denom, 1e-5) << "version " << version;
          }
        }
    }
  }
  TestTensor x = make_tensor<float>({2, 2}, std::vector<float>(4, 0.f));
  EXPECT_EQ(run_kernel("Softmax", 13, AttrBuilder().i("axis", 2), {&x}, 1).phase, "prepare");
}

TEST(ReduceMeanNaive, AxesKeepdimsAndAll) {
  std::mt19937 rng(22);
  for (int trial = 0; trial < 60; ++trial) {
    const int rank = 1 + trial % 4;
    const auto shape = random_shape(rng, rank, 4);
    TestTensor x = make_tensor<float>(shape, random_floats(rng, make_tensor<float>(shape, {}).num_elements()));
    std::vector<int64_t> axes;
    std::vector<bool> reduced(static_cast<size_t>(rank), false);
    for (int i = 0; i < rank; ++i)
      if (std::uniform_int_distribution<int>(0, 1)(rng)) {
        axes.push_back(i - (trial % 3 == 0 ? rank : 0));
        reduced[static_cast<size_t>(i)] = true;
      }
    if (axes.empty()) reduced.assign(static_cast<size_t>(rank), true);  // no axes: all
    const bool keep = trial % 2 == 0;
    AttrBuilder a;
    a.i("keepdims", keep ? 1 : 0);
    if (!axes.empty()) a.ints("axes", axes);
    RunResult r = run_kernel("ReduceMean", 13, a, {&x}, 1);
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    std::vector<int64_t> out_shape;
    for (int i = 0; i < rank; ++i)
      if (!reduced[static_cast<size_t>(i)]) out_shape.push_back(shape[static_cast<size_t>(i)]);
      else if (keep) out_shape.push_back(1);
    ASSERT_EQ(r.outputs[0].shape, out_shape);
    // Reference: accumulate each element into its output slot by multi-index.
    const auto v = x.values<float>(), y = r.outputs[0].values<float>();
    std::vector<double> sum(y.size(), 0);
    std::vector<int64_t> cnt(y.size(), 0);
    std::vector<int64_t> idx(static_cast<size_t>(rank), 0);
    for (size_t k = 0; k < v.size(); ++k) {
      int64_t o = 0;
      for (int i = 0; i < rank; ++i)
        if (!reduced[static_cast<size_t>(i)]) o = o * shape[static_cast<size_t>(i)] + idx[static_cast<size_t>(i)];
      sum[static_cast<size_t>(o)] += v[k];
      ++cnt[static_cast<size_t>(o)];
      for (int ax = rank - 1; ax >= 0; --ax) {
        if (++idx[static_cast<size_t>(ax)] < shape[static_cast<size_t>(ax)]) break;
        idx[static_cast<size_t>(ax)] = 0;
      }
    }
    for (size_t k = 0; k < y.size(); ++k) EXPECT_NEAR(y[k], sum[k] / cnt[k], 1e-5);
  }
  TestTensor x = make_tensor<float>({2, 2}, std::vector<float>(4, 0.f));
  EXPECT_EQ(run_kernel("ReduceMean", 13, AttrBuilder().ints("axes", {0, -2}), {&x}, 1).phase, "prepare");  // repeated
}

}  // namespace
}  // namespace testing
}  // namespace spud
