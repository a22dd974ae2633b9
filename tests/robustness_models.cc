#include "robustness_models.h"

#include <string>


namespace spud {
namespace testing {

namespace {

// `n` small weights in a pattern of period `period`, centred on zero.
std::vector<float> pattern(size_t n, int period, float step) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<float>(static_cast<int>(i % period) - period / 2) * step;
  return v;
}

}  // namespace

ModelBuilder small_cnn_builder() {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {1, 12, 12, 4});
  const auto nhwc = [] { return NodeOptions().domain("com.spud.nhwc", 1).since(1); };
  const auto conv3x3 = [] { return Attrs().ints("kernel_shape", {3, 3}).ints("pads", {1, 1, 1, 1}); };
  std::string t = b.node("Conv", {x, b.constant("w1", {16, 3, 3, 4}, pattern(16 * 3 * 3 * 4, 5, 0.1f))},
                         nhwc().attrs(conv3x3().f("activation_min", 0.f).f("activation_max", 6.f)));
  t = b.node("Conv", {t, b.constant("w2", {16, 3, 3, 16}, pattern(16 * 3 * 3 * 16, 11, 0.02f)),
                      b.constant("b2", {16}, pattern(16, 4, 0.1f))},
             nhwc().attrs(conv3x3()));
  t = b.node("Add", {t, b.node("Sigmoid", {t})});
  t = b.node("MaxPool", {t}, nhwc().attrs(Attrs().ints("kernel_shape", {2, 2}).ints("strides", {2, 2})));
  t = b.node("Mul", {t, b.constant("scale", {16}, pattern(16, 7, 0.25f))});
  t = b.node("Flatten", {t});
  t = b.node("Gemm", {t, b.constant("fc1", {576, 128}, pattern(576 * 128, 13, 0.01f)),
                      b.constant("fc1_bias", {128}, pattern(128, 3, 0.1f))});
  t = b.node("Relu", {t});
  t = b.node("Gemm", {t, b.constant("fc2", {128, 10}, pattern(128 * 10, 9, 0.05f))});
  b.output(b.node("Softmax", {t}, Attrs().i("axis", -1)));
  const std::string q = b.input("q", DType::kFloat32, {8, 16});
  const std::string qq = b.node("MatMul", {q, b.node("Transpose", {q}, Attrs().ints("perm", {1, 0}))});
  b.output(b.node("Softmax", {b.node("Tanh", {qq})}, Attrs().i("axis", -1)));
  return b;
}

std::vector<uint8_t> small_cnn_model() { return small_cnn_builder().build(true); }

ModelBuilder dynamic_builder() {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {-1, 6});
  b.graph().tensors.at(x).dim_params = {"n", ""};
  const std::string m = b.input("m", DType::kInt64, {});
  const std::string v0 = b.input("v0", DType::kFloat32, {4});
  const std::string mm = b.node("MatMul", {x, b.constant("w", {6, 4}, pattern(24, 5, 0.25f))});
  b.output(b.node("Softmax", {mm}, Attrs().i("axis", 1)));
  b.output(b.node("ReduceMean", {mm}, Attrs().ints("axes", {0})));
  const std::string zero = b.constant("zero", {}, {0.f});
  const std::string nz = b.node("NonZero", {b.node("Greater", {x, zero}, NodeOptions().dtype(DType::kBool))},
                                NodeOptions().dtype(DType::kInt64));
  b.output(nz);
  const std::string flat =
      b.node("Reshape", {nz, b.constant("flat", DType::kInt64, {1}, std::vector<int64_t>{-1})});
  b.node("Unique", {flat}, NodeOptions().named("unique").outputs(4).attrs(Attrs().i("sorted", 1)));
  for (const std::string& o : b.last_outputs()) b.output(o);
  // Loop body: (iteration, condition, v) -> (condition, v + v0, Relu(v + v0)).
  const std::string iter = b.value("iter", DType::kInt64, {});
  const std::string cond_in = b.value("cond_in", DType::kBool, {});
  const std::string v = b.value("v", DType::kFloat32, {4});
  const std::string sum = b.node("Add", {v, v0}, NodeOptions().named("sum").shape({4}));
  const std::string keep = b.node("Identity", {cond_in}, NodeOptions().named("keep").dtype(DType::kBool).shape({}));
  const std::string row = b.node("Relu", {sum}, NodeOptions().named("row").shape({4}));
  auto body = b.subgraph("body", 3, {iter, cond_in, v}, {keep, sum, row});
  b.node("Loop", {m, "", v0},
         NodeOptions().named("loop").dtype(DType::kFloat32).outputs(2).attrs(Attrs().graph("body", body)));
  for (const std::string& o : b.last_outputs()) b.output(o);
  return b;
}

std::vector<uint8_t> dynamic_model() { return dynamic_builder().build(true); }

}  // namespace testing
}  // namespace spud
