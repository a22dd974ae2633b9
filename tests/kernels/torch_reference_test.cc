// Kernels against outputs PyTorch and numpy computed: 3-D Conv,
// ConvTranspose and pools, LpPool and GlobalLpPool (1-D to 3-D), and the
// float64 and integer kernels of Gemm, MatMul, the activations, the
// reductions, the softmax family and the normalizations; NonMaxSuppression
// (torchvision's nms), RoiAlign (torchvision's roi_align), GridSample,
// Unique (numpy's unique), DFT and STFT (numpy.fft, torch.stft), and the
// quantized operators (torch's quantize_per_tensor/per_channel, numpy's
// rint on the formulas ONNX states). The cases are
// written at build time by torch_reference_cases.py (its docstring gives the
// format) into SPUD_TORCH_CASES.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace {

struct Case {
  std::string group, name, op;
  int opset = 0;
  int num_outputs = 0;
  std::shared_ptr<AttrBuilder> attrs = std::make_shared<AttrBuilder>();
  std::vector<TestTensor> inputs;
  std::vector<bool> omitted;
  std::vector<TestTensor> outputs;
  double atol = 0, rtol = 0;
};

template <typename T>
void append(TestTensor* t, T v) {
  const size_t at = t->bytes.size();
  t->bytes.resize(at + sizeof(T));
  std::memcpy(t->bytes.data() + at, &v, sizeof(T));
}

bool read_tensor(std::istringstream& in, TestTensor* t) {
  std::string dtype;
  int rank = 0;
  in >> dtype >> rank;
  t->shape.resize(static_cast<size_t>(rank));
  for (auto& d : t->shape) in >> d;
  const int64_t n = t->num_elements();
  // The type even of an empty tensor (no values below to set it).
  static const std::map<std::string, DType> types = {
      {"float32", DType::kFloat32}, {"float64", DType::kFloat64}, {"int8", DType::kInt8},     {"int16", DType::kInt16},
      {"int32", DType::kInt32},     {"int64", DType::kInt64},     {"uint8", DType::kUInt8},   {"uint16", DType::kUInt16},
      {"uint32", DType::kUInt32},   {"uint64", DType::kUInt64}};
  const auto type = types.find(dtype);
  if (type == types.end()) return false;
  t->dtype = type->second;
  std::string tok;
  for (int64_t i = 0; i < n; ++i) {
    if (!(in >> tok)) return false;
    const char* s = tok.c_str();
    if (dtype == "float32") t->dtype = DType::kFloat32, append(t, static_cast<float>(std::strtod(s, nullptr)));
    else if (dtype == "float64") t->dtype = DType::kFloat64, append(t, std::strtod(s, nullptr));
    else if (dtype == "int8") t->dtype = DType::kInt8, append(t, static_cast<int8_t>(std::strtoll(s, nullptr, 10)));
    else if (dtype == "int16") t->dtype = DType::kInt16, append(t, static_cast<int16_t>(std::strtoll(s, nullptr, 10)));
    else if (dtype == "int32") t->dtype = DType::kInt32, append(t, static_cast<int32_t>(std::strtoll(s, nullptr, 10)));
    else if (dtype == "int64") t->dtype = DType::kInt64, append(t, static_cast<int64_t>(std::strtoll(s, nullptr, 10)));
    else if (dtype == "uint8") t->dtype = DType::kUInt8, append(t, static_cast<uint8_t>(std::strtoull(s, nullptr, 10)));
    else if (dtype == "uint16") t->dtype = DType::kUInt16, append(t, static_cast<uint16_t>(std::strtoull(s, nullptr, 10)));
    else if (dtype == "uint32") t->dtype = DType::kUInt32, append(t, static_cast<uint32_t>(std::strtoull(s, nullptr, 10)));
    else if (dtype == "uint64") t->dtype = DType::kUInt64, append(t, static_cast<uint64_t>(std::strtoull(s, nullptr, 10)));
    else return false;
  }
  return true;
}

// Every case of the file, or an empty list with the reason in *error.
std::vector<Case> load_cases(std::string* error) {
  std::vector<Case> cases;
  std::ifstream file(SPUD_TORCH_CASES);
  if (!file) {
    *error = std::string("cannot open ") + SPUD_TORCH_CASES;
    return {};
  }
  std::string line;
  Case c;
  while (std::getline(file, line)) {
    std::istringstream in(line);
    std::string kind;
    in >> kind;
    if (kind == "case") {
      c = Case();
      in >> c.group >> c.name >> c.op >> c.opset >> c.num_outputs;
    } else if (kind == "attr") {
      std::string type, name;
      in >> type >> name;
      if (type == "i") {
        int64_t v = 0;
        in >> v;
        c.attrs->i(name, v);
      } else if (type == "f") {
        std::string v;
        in >> v;
        c.attrs->f(name, static_cast<float>(std::strtod(v.c_str(), nullptr)));
      } else if (type == "s") {
        std::string v;
        in >> v;
        c.attrs->s(name, v);
      } else {
        int n = 0;
        in >> n;
        std::vector<int64_t> v(static_cast<size_t>(n));
        for (auto& x : v) in >> x;
        c.attrs->ints(name, v);
      }
    } else if (kind == "in" || kind == "out") {
      TestTensor t;
      const bool none = kind == "in" && line.find("in none") == 0;
      if (!none && !read_tensor(in, &t)) {
        *error = "bad tensor in case " + c.name;
        return {};
      }
      if (kind == "in") {
        c.inputs.push_back(std::move(t));
        c.omitted.push_back(none);
      } else {
        c.outputs.push_back(std::move(t));
      }
    } else if (kind == "tol") {
      in >> c.atol >> c.rtol;
    } else if (kind == "end") {
      cases.push_back(c);
    }
  }
  return cases;
}

const std::vector<Case>& all_cases() {
  static std::string error;
  static const std::vector<Case> cases = load_cases(&error);
  EXPECT_TRUE(error.empty()) << error;
  return cases;
}

template <typename T>
void expect_close(const TestTensor& got, const TestTensor& want, const Case& c, int k) {
  const std::vector<T> g = got.values<T>(), w = want.values<T>();
  ASSERT_EQ(g.size(), w.size());
  for (size_t i = 0; i < g.size(); ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      const double gv = g[i], wv = w[i];
      if (std::isnan(wv)) {
        EXPECT_TRUE(std::isnan(gv)) << c.name << " output " << k << " [" << i << "]";
      } else {
        EXPECT_NEAR(gv, wv, c.atol + c.rtol * std::fabs(wv)) << c.name << " output " << k << " [" << i << "]";
      }
    } else {
      EXPECT_EQ(g[i], w[i]) << c.name << " output " << k << " [" << i << "]";
    }
  }
}

// Runs every case of `group`; returns how many there were.
int run_group(const std::string& group) {
  int count = 0;
  for (const Case& c : all_cases()) {
    if (c.group != group) continue;
    ++count;
    std::vector<const TestTensor*> inputs;
    for (size_t i = 0; i < c.inputs.size(); ++i) inputs.push_back(c.omitted[i] ? nullptr : &c.inputs[i]);
    const RunResult r = run_kernel(c.op, c.opset, *c.attrs, inputs, c.num_outputs);
    EXPECT_TRUE(r.status.ok()) << c.name << ": " << r.phase << ": " << r.status.message();
    if (!r.status.ok()) continue;
    for (size_t k = 0; k < c.outputs.size(); ++k) {
      const TestTensor& got = r.outputs[k];
      const TestTensor& want = c.outputs[k];
      EXPECT_EQ(got.shape, want.shape) << c.name << " output " << k;
      EXPECT_EQ(got.dtype, want.dtype) << c.name << " output " << k;
      if (got.shape != want.shape || got.dtype != want.dtype) continue;
      const int ki = static_cast<int>(k);
      switch (want.dtype) {
        case DType::kFloat32: expect_close<float>(got, want, c, ki); break;
        case DType::kFloat64: expect_close<double>(got, want, c, ki); break;
        case DType::kInt8: expect_close<int8_t>(got, want, c, ki); break;
        case DType::kInt16: expect_close<int16_t>(got, want, c, ki); break;
        case DType::kInt32: expect_close<int32_t>(got, want, c, ki); break;
        case DType::kInt64: expect_close<int64_t>(got, want, c, ki); break;
        case DType::kUInt8: expect_close<uint8_t>(got, want, c, ki); break;
        case DType::kUInt16: expect_close<uint16_t>(got, want, c, ki); break;
        case DType::kUInt32: expect_close<uint32_t>(got, want, c, ki); break;
        case DType::kUInt64: expect_close<uint64_t>(got, want, c, ki); break;
        default: ADD_FAILURE() << c.name << ": unexpected output type";
      }
    }
  }
  return count;
}

// Each group must hold cases: an empty or truncated file fails, not passes.
TEST(TorchReference, Conv3dAndFloat64Conv) { EXPECT_GE(run_group("conv"), 19); }
TEST(TorchReference, ConvTranspose3d) { EXPECT_GE(run_group("conv_transpose"), 10); }
TEST(TorchReference, MaxPool3dWithIndices) { EXPECT_GE(run_group("max_pool"), 14); }
TEST(TorchReference, AveragePool3d) { EXPECT_GE(run_group("avg_pool"), 16); }
TEST(TorchReference, LpPool) { EXPECT_GE(run_group("lp_pool"), 17); }
TEST(TorchReference, GlobalLpPool) { EXPECT_GE(run_group("global_lp_pool"), 7); }
TEST(TorchReference, GemmFloat64AndIntegers) { EXPECT_GE(run_group("gemm"), 11); }
TEST(TorchReference, MatMulFloat64AndIntegers) { EXPECT_GE(run_group("matmul"), 12); }
TEST(TorchReference, ActivationsFloat64AndIntegers) { EXPECT_GE(run_group("activation"), 23); }
TEST(TorchReference, ReductionsFloat64AndIntegers) { EXPECT_GE(run_group("reduce"), 73); }
TEST(TorchReference, SoftmaxFamilyFloat64) { EXPECT_GE(run_group("softmax"), 8); }
TEST(TorchReference, NormalizationFloat64) { EXPECT_GE(run_group("norm"), 8); }
TEST(TorchReference, NonMaxSuppressionBatchesClassesThresholds) { EXPECT_GE(run_group("nms"), 7); }
TEST(TorchReference, RoiAlignModesScalesRatios) { EXPECT_GE(run_group("roi_align"), 18); }
TEST(TorchReference, GridSampleEveryModePaddingAlignment) { EXPECT_GE(run_group("grid_sample"), 36); }
TEST(TorchReference, UniqueSortedUnsortedAxes) { EXPECT_GE(run_group("unique"), 10); }
TEST(TorchReference, DftAxesLengthsInverseOnesided) { EXPECT_GE(run_group("dft"), 28); }
TEST(TorchReference, StftWindowsStepsComplex) { EXPECT_GE(run_group("stft"), 8); }
TEST(TorchReference, QuantizePerAxisTiesSaturation) { EXPECT_GE(run_group("quantize"), 17); }
TEST(TorchReference, IntegerAndQLinearMatMulConv) { EXPECT_GE(run_group("qlinear"), 21); }

// Bad attributes and shapes of the new kernels fail in init or prepare.
TEST(TorchReference, LpPoolRejectsBadInput) {
  TestTensor x = make_tensor<float>({1, 1, 4, 4}, std::vector<float>(16, 1.f));
  EXPECT_EQ(run_kernel("LpPool", 11, AttrBuilder().i("p", 2), {&x}, 1).phase, "init");  // no kernel_shape
  EXPECT_EQ(run_kernel("LpPool", 11, AttrBuilder().ints("kernel_shape", {2, 2}).i("p", 0), {&x}, 1).phase, "init");
  EXPECT_EQ(run_kernel("LpPool", 1, AttrBuilder().ints("kernel_shape", {2, 2}).f("p", -1.f), {&x}, 1).phase, "init");
  RunResult rank = run_kernel("LpPool", 11, AttrBuilder().ints("kernel_shape", {2, 2, 2}), {&x}, 1);
  EXPECT_EQ(rank.phase, "prepare");
  const std::string message = rank.status.message() != nullptr ? rank.status.message() : "";
  EXPECT_NE(message.find("rank"), std::string::npos) << message;
  RunResult big = run_kernel("LpPool", 11, AttrBuilder().ints("kernel_shape", {5, 5}), {&x}, 1);
  EXPECT_EQ(big.phase, "prepare");
  EXPECT_EQ(run_kernel("GlobalLpPool", 2, AttrBuilder().i("p", -2), {&x}, 1).phase, "init");
  TestTensor flat = make_tensor<float>({4, 4}, std::vector<float>(16, 1.f));
  EXPECT_EQ(run_kernel("GlobalLpPool", 2, AttrBuilder(), {&flat}, 1).phase, "prepare");
}

TEST(TorchReference, Conv3dRejectsBadShapes) {
  TestTensor x = make_tensor<double>({1, 2, 3, 3, 3}, std::vector<double>(54, 1.0));
  TestTensor w4 = make_tensor<double>({1, 2, 2, 2}, std::vector<double>(8, 1.0));
  TestTensor w_big = make_tensor<double>({1, 2, 4, 2, 2}, std::vector<double>(32, 1.0));
  EXPECT_EQ(run_kernel("Conv", 11, AttrBuilder(), {&x, &w4}, 1).phase, "prepare");
  EXPECT_EQ(run_kernel("Conv", 11, AttrBuilder(), {&x, &w_big}, 1).phase, "prepare");
  TestTensor wf = make_tensor<float>({1, 2, 2, 2, 2}, std::vector<float>(16, 1.f));
  EXPECT_EQ(run_kernel("Conv", 11, AttrBuilder(), {&x, &wf}, 1).phase, "prepare");  // mixed types
}

}  // namespace
}  // namespace testing
}  // namespace spud
