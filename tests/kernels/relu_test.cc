#include <gtest/gtest.h>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace {

TEST(Relu, MatchesNaiveOnRandomShapes) {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 20; ++trial) {
    const auto shape = random_shape(rng, 1 + trial % 4, 7);
    TestTensor x = make_tensor<float>(shape, random_floats(rng, make_tensor<float>(shape, {}).num_elements()));
    RunResult r = run_kernel("Relu", 14, AttrBuilder(), {&x}, 1);
    ASSERT_TRUE(r.status.ok()) << r.phase << ": " << r.status.message();
    ASSERT_EQ(r.outputs[0].shape, shape);
    const auto in = x.values<float>();
    const auto out = r.outputs[0].values<float>();
    for (size_t i = 0; i < in.size(); ++i) EXPECT_EQ(out[i], in[i] < 0 ? 0.f : in[i]);
  }
}

TEST(Relu, RejectsTypeOutsideItsSchema) {
  // Signed integers arrived with opset 14; unsigned ones never did.
  TestTensor x = make_tensor<int32_t>({2}, {1, -1});
  EXPECT_EQ(run_kernel("Relu", 13, AttrBuilder(), {&x}, 1).phase, "lookup");
  TestTensor u = make_tensor<uint8_t>({2}, {1, 2});
  EXPECT_EQ(run_kernel("Relu", 14, AttrBuilder(), {&u}, 1).phase, "lookup");
}

}  // namespace
}  // namespace testing
}  // namespace spud
