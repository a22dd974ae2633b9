// The models the robustness tests share (allocation failure, API misuse,
// threads), made with the chained-call builder: the planned file, or the
// builder itself (for the operators a build needs). Host-only test code.
#ifndef SPUD_TESTS_ROBUSTNESS_MODELS_H_
#define SPUD_TESTS_ROBUSTNESS_MODELS_H_

#include <cstdint>
#include <vector>

#include "model_builder.h"

namespace spud {
namespace testing {

// A small CNN whose nodes take every tier the build has:
//   x [1,12,12,4] -> NHWC Conv 3x3 (clamp 0..6) -> NHWC Conv 3x3 of 16
//   channels -> Add(t, Sigmoid(t)) -> NHWC MaxPool 2x2 -> Mul by a channel
//   scale -> Flatten -> Gemm by [576,128] weights (295 KB packed: XNNPACK
//   maps blocks that large) -> Relu -> Gemm by [128,10] -> Softmax: y [1,10]
//   q [8,16] -> MatMul(q, Transpose(q)) -> Tanh -> Softmax (Eigen on
//   non-constant operands): p [8,8]
ModelBuilder small_cnn_builder();
std::vector<uint8_t> small_cnn_model();

// Every kind of dynamic node:
//   x [n,6], n symbolic -> MatMul by constant [6,4] -> Softmax: y [n,4],
//                          and ReduceMean over n: z [1,4]
//   x -> Greater than 0 -> NonZero: nz [2, count] (shape from the values)
//   nz -> Reshape [-1] -> Unique (sorted): its four outputs (prepare sorts
//                          in scratch it asks for)
//   m (int64 scalar), v0 [4] -> Loop m times { v + v0, and Relu of it as a
//                          row }: last [4] and rows [m,4] (the scan output
//                          grows as rows come)
// Inputs in that order: x, m, v0.
ModelBuilder dynamic_builder();
std::vector<uint8_t> dynamic_model();

}  // namespace testing
}  // namespace spud

#endif  // SPUD_TESTS_ROBUSTNESS_MODELS_H_
