// Conv against a direct per-output-element sum over (input channel, kernel
// tap), with the padded input coordinate bounds-checked explicitly.
#include <gtest/gtest.h>

#include "kernel_runner.h"
#include "kernels/naive_util.h"

namespace spud {
namespace testing {
namespace {

using naive::Shape;

struct ConvCase {
  int spatial = 2;
  int64_t n = 1, c = 1, m = 1, group = 1;
  Shape in, kernel, stride, dilation, pad_begin, pad_end;
  std::string auto_pad = "NOTSET";
  bool bias = false;
  bool give_kernel_shape = false, give_strides = false, give_dilations = false, give_pads = false;
};

// The output size per axis and the resolved begin padding, from the ONNX
// Conv spec: explicit pads, VALID (no padding), or SAME_* (out = ceil(in /
// stride), the total padding split with the odd one at the end for UPPER
// and at the beginning for LOWER).
void geometry(const ConvCase& cc, Shape* out, Shape* begin) {
  out->clear();
  begin->clear();
  for (int a = 0; a < cc.spatial; ++a) {
    const int64_t eff = (cc.kernel[a] - 1) * cc.dilation[a] + 1;
    if (cc.auto_pad == "SAME_UPPER" || cc.auto_pad == "SAME_LOWER") {
      const int64_t o = (cc.in[a] + cc.stride[a] - 1) / cc.stride[a];
      const int64_t total = std::max<int64_t>(0, (o - 1) * cc.stride[a] + eff - cc.in[a]);
      out->push_back(o);
      begin->push_back(cc.auto_pad == "SAME_UPPER" ? total / 2 : (total + 1) / 2);
    } else if (cc.auto_pad == "VALID") {
      out->push_back((cc.in[a] - eff) / cc.stride[a] + 1);
      begin->push_back(0);
    } else {
      out->push_back((cc.in[a] + cc.pad_begin[a] + cc.pad_end[a] - eff) / cc.stride[a] + 1);
      begin->push_back(cc.pad_begin[a]);
    }
  }
}

std::vector<double> reference(const ConvCase& cc, const std::vector<float>& x, const std::vector<float>& w,
                              const std::vector<float>& b, Shape* out_shape) {
  Shape out, pb;
  geometry(cc, &out, &pb);
  *out_shape = {cc.n, cc.m};
  out_shape->insert(out_shape->end(), out.begin(), out.end());
  const int64_t cg = cc.c / cc.group, mg = cc.m / cc.group;
  Shape x_shape = {cc.n, cc.c};
  x_shape.insert(x_shape.end(), cc.in.begin(), cc.in.end());
  Shape w_shape = {cc.m, cg};
  w_shape.insert(w_shape.end(), cc.kernel.begin(), cc.kernel.end());
  std::vector<double> y(static_cast<size_t>(naive::count(*out_shape)));
  const int64_t taps = naive::count(cc.kernel);
  for (size_t flat = 0; flat < y.size(); ++flat) {
    const Shape oi = naive::unravel(static_cast<int64_t>(flat), *out_shape);
    const int64_t n = oi[0], oc = oi[1];
    double sum = cc.bias ? b[static_cast<size_t>(oc)] : 0.0;
    const int64_t g = oc / mg;
    for (int64_t icg = 0; icg < cg; ++icg) {
      for (int64_t t = 0; t < taps; ++t) {
        const Shape ki = naive::unravel(t, cc.kernel);
        Shape xi = {n, g * cg + icg};
        bool inside = true;
        for (int a = 0; a < cc.spatial; ++a) {
          // Position in the padded input, then back to the real input.
          const int64_t padded = oi[2 + a] * cc.stride[a] + ki[a] * cc.dilation[a];
          const int64_t real = padded - pb[a];
          if (real < 0 || real >= cc.in[a]) inside = false;
          xi.push_back(real);
        }
        if (!inside) continue;
        Shape wi = {oc, icg};
        wi.insert(wi.end(), ki.begin(), ki.end());
        sum += static_cast<double>(x[static_cast<size_t>(naive::ravel(xi, x_shape))]) *
               w[static_cast<size_t>(naive::ravel(wi, w_shape))];
      }
    }
    y[flat] = sum;
  }
  return y;
}

AttrBuilder attrs_for(const ConvCase& cc) {
  AttrBuilder a;
  if (cc.group != 1 || cc.c % 2 == 0) a.i("group", cc.group);  // sometimes explicit even when 1
  if (cc.give_kernel_shape) a.ints("kernel_shape", cc.kernel);
  if (cc.give_strides) a.ints("strides", cc.stride);
  if (cc.give_dilations) a.ints("dilations", cc.dilation);
  if (cc.auto_pad != "NOTSET" || cc.give_pads) a.s("auto_pad", cc.auto_pad);
  if (cc.auto_pad == "NOTSET" && cc.give_pads) {
    Shape pads = cc.pad_begin;
    pads.insert(pads.end(), cc.pad_end.begin(), cc.pad_end.end());
    a.ints("pads", pads);
  }
  return a;
}

ConvCase random_case(std::mt19937& rng) {
  ConvCase cc;
  cc.spatial = naive::coin(rng) ? 2 : 1;
  cc.n = naive::rand_int(rng, 1, 2);
  switch (naive::rand_int(rng, 0, 2)) {
    case 0:  // plain
      cc.group = 1;
      cc.c = naive::rand_int(rng, 1, 4);
      cc.m = naive::rand_int(rng, 1, 4);
      break;
    case 1:  // grouped
      cc.group = naive::rand_int(rng, 2, 3);
      cc.c = cc.group * naive::rand_int(rng, 1, 3);
      cc.m = cc.group * naive::rand_int(rng, 1, 3);
      break;
    default:  // depthwise, with a channel multiplier
      cc.c = naive::rand_int(rng, 1, 5);
      cc.group = cc.c;
      cc.m = cc.c * naive::rand_int(rng, 1, 2);
      break;
  }
  const int mode = static_cast<int>(naive::rand_int(rng, 0, 5));
  cc.auto_pad = mode == 3 ? "SAME_UPPER" : mode == 4 ? "SAME_LOWER" : mode == 5 ? "VALID" : "NOTSET";
  for (int a = 0; a < cc.spatial; ++a) {
    cc.kernel.push_back(naive::rand_int(rng, 1, 4));
    cc.stride.push_back(naive::rand_int(rng, 1, 3));
    cc.dilation.push_back(naive::rand_int(rng, 1, 3));
    cc.pad_begin.push_back(cc.auto_pad == "NOTSET" ? naive::rand_int(rng, 0, 3) : 0);
    cc.pad_end.push_back(cc.auto_pad == "NOTSET" ? naive::rand_int(rng, 0, 3) : 0);
    const int64_t eff = (cc.kernel[a] - 1) * cc.dilation[a] + 1;
    int64_t in = naive::rand_int(rng, 1, 9);
    // The window must fit the (padded) input.
    const int64_t need = cc.auto_pad == "NOTSET" ? eff - cc.pad_begin[a] - cc.pad_end[a] : cc.auto_pad == "VALID" ? eff : 1;
    if (in < need) in = need;
    cc.in.push_back(in);
  }
  bool defaults = true;
  for (int a = 0; a < cc.spatial; ++a) defaults = defaults && cc.stride[a] == 1 && cc.dilation[a] == 1;
  cc.give_kernel_shape = naive::coin(rng);
  cc.give_strides = naive::coin(rng) || !defaults;
  cc.give_dilations = naive::coin(rng) || !defaults;
  bool zero_pads = true;
  for (int a = 0; a < cc.spatial; ++a) zero_pads = zero_pads && cc.pad_begin[a] == 0 && cc.pad_end[a] == 0;
  cc.give_pads = !zero_pads || naive::coin(rng);
  cc.bias = naive::coin(rng);
  return cc;
}

std::string describe(const ConvCase& cc) {
  return "spatial=" + std::to_string(cc.spatial) + " N=" + std::to_string(cc.n) + " C=" + std::to_string(cc.c) +
         " M=" + std::to_string(cc.m) + " group=" + std::to_string(cc.group) + " in=" + naive::shape_str(cc.in) +
         " k=" + naive::shape_str(cc.kernel) + " s=" + naive::shape_str(cc.stride) +
         " d=" + naive::shape_str(cc.dilation) + " pb=" + naive::shape_str(cc.pad_begin) +
         " pe=" + naive::shape_str(cc.pad_end) + " auto_pad=" + cc.auto_pad + " bias=" + std::to_string(cc.bias);
}

void run_case(const ConvCase& cc, std::mt19937& rng, int opset) {
  Shape x_shape = {cc.n, cc.c};
  x_shape.insert(x_shape.end(), cc.in.begin(), cc.in.end());
  Shape w_shape = {cc.m, cc.c / cc.group};
  w_shape.insert(w_shape.end(), cc.kernel.begin(), cc.kernel.end());
  const std::vector<float> xv = random_floats(rng, naive::count(x_shape));
  const std::vector<float> wv = random_floats(rng, naive::count(w_shape));
  const std::vector<float> bv = random_floats(rng, cc.m);
  TestTensor x = make_tensor<float>(x_shape, xv);
  TestTensor w = make_tensor<float>(w_shape, wv);
  TestTensor b = make_tensor<float>({cc.m}, bv);
  std::vector<const TestTensor*> inputs = {&x, &w};
  if (cc.bias) inputs.push_back(&b);
  RunResult r = run_kernel("Conv", opset, attrs_for(cc), inputs, 1);
  ASSERT_TRUE(r.status.ok()) << describe(cc) << ": " << r.phase << ": " << r.status.message();
  Shape want_shape;
  const std::vector<double> want = reference(cc, xv, wv, bv, &want_shape);
  ASSERT_EQ(r.outputs[0].shape, want_shape) << describe(cc);
  naive::expect_close(r.outputs[0].values<float>(), want, 1e-5, 1e-5, describe(cc));
}

TEST(Conv, RandomGeometriesMatchDirectSum) {
  std::mt19937 rng(20240601);
  int per_mode[4] = {};
  for (int trial = 0; trial < 400; ++trial) {
    const ConvCase cc = random_case(rng);
    per_mode[cc.auto_pad == "NOTSET" ? 0 : cc.auto_pad == "SAME_UPPER" ? 1 : cc.auto_pad == "SAME_LOWER" ? 2 : 3]++;
    run_case(cc, rng, trial % 2 == 0 ? 11 : 1);
    if (::testing::Test::HasFatalFailure()) return;
  }
  for (int m : per_mode) EXPECT_GT(m, 20);  // every auto_pad mode was exercised
}

// Hand-checked: SAME_UPPER and SAME_LOWER differ only in where the odd
// padding goes. 1-D, in = 4, k = 2, stride 1: total padding 1.
TEST(Conv, SameUpperAndLowerPlaceTheOddPad) {
  TestTensor x = make_tensor<float>({1, 1, 4}, {1, 2, 3, 4});
  TestTensor w = make_tensor<float>({1, 1, 2}, {1, 10});
  RunResult upper = run_kernel("Conv", 11, AttrBuilder().s("auto_pad", "SAME_UPPER"), {&x, &w}, 1);
  ASSERT_TRUE(upper.status.ok()) << upper.status.message();
  EXPECT_EQ(upper.outputs[0].values<float>(), (std::vector<float>{21, 32, 43, 4}));
  RunResult lower = run_kernel("Conv", 11, AttrBuilder().s("auto_pad", "SAME_LOWER"), {&x, &w}, 1);
  ASSERT_TRUE(lower.status.ok()) << lower.status.message();
  EXPECT_EQ(lower.outputs[0].values<float>(), (std::vector<float>{10, 21, 32, 43}));
}

// Depthwise with a 3x3 box kernel and pad 1: each output is the sum of its
// in-image neighbourhood, per channel.
TEST(Conv, DepthwiseBoxFilterByHand) {
  TestTensor x = make_tensor<float>({1, 2, 2, 2}, {1, 2, 3, 4, 10, 20, 30, 40});
  TestTensor w = make_tensor<float>({2, 1, 3, 3}, std::vector<float>(18, 1.f));
  TestTensor b = make_tensor<float>({2}, {0.5f, -0.5f});
  RunResult r = run_kernel("Conv", 11, AttrBuilder().i("group", 2).ints("pads", {1, 1, 1, 1}), {&x, &w, &b}, 1);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.outputs[0].shape, (Shape{1, 2, 2, 2}));
  EXPECT_EQ(r.outputs[0].values<float>(), (std::vector<float>{10.5f, 10.5f, 10.5f, 10.5f, 99.5f, 99.5f, 99.5f, 99.5f}));
}

TEST(Conv, BadShapesAndAttributesFail) {
  TestTensor x = make_tensor<float>({1, 4, 5, 5}, std::vector<float>(100, 1.f));
  {  // W's input channels do not match X's
    TestTensor w = make_tensor<float>({2, 3, 3, 3}, std::vector<float>(54, 1.f));
    RunResult r = run_kernel("Conv", 11, AttrBuilder(), {&x, &w}, 1);
    EXPECT_EQ(r.phase, "prepare");
    EXPECT_EQ(r.status.code(), StatusCode::kInvalidModel);
  }
  {  // rank mismatch
    TestTensor w = make_tensor<float>({2, 4, 3}, std::vector<float>(24, 1.f));
    RunResult r = run_kernel("Conv", 11, AttrBuilder(), {&x, &w}, 1);
    EXPECT_EQ(r.phase, "prepare");
    EXPECT_EQ(r.status.code(), StatusCode::kInvalidModel);
  }
  {  // group does not divide the channels (4 % 3)
    TestTensor w = make_tensor<float>({3, 1, 1, 1}, std::vector<float>(3, 1.f));
    RunResult r = run_kernel("Conv", 11, AttrBuilder().i("group", 3), {&x, &w}, 1);
    EXPECT_EQ(r.phase, "prepare");
    EXPECT_EQ(r.status.code(), StatusCode::kInvalidModel);
  }
  {  // output channels not divisible by group
    TestTensor w = make_tensor<float>({3, 2, 1, 1}, std::vector<float>(6, 1.f));
    RunResult r = run_kernel("Conv", 11, AttrBuilder().i("group", 2), {&x, &w}, 1);
    EXPECT_EQ(r.phase, "prepare");
  }
  {  // group 0
    TestTensor w = make_tensor<float>({2, 4, 1, 1}, std::vector<float>(8, 1.f));
    RunResult r = run_kernel("Conv", 11, AttrBuilder().i("group", 0), {&x, &w}, 1);
    EXPECT_EQ(r.phase, "init");
  }
  {  // bias of the wrong length
    TestTensor w = make_tensor<float>({2, 4, 1, 1}, std::vector<float>(8, 1.f));
    TestTensor b = make_tensor<float>({3}, {1, 2, 3});
    RunResult r = run_kernel("Conv", 11, AttrBuilder(), {&x, &w, &b}, 1);
    EXPECT_EQ(r.phase, "prepare");
  }
  {  // kernel_shape disagrees with W
    TestTensor w = make_tensor<float>({2, 4, 3, 3}, std::vector<float>(72, 1.f));
    RunResult r = run_kernel("Conv", 11, AttrBuilder().ints("kernel_shape", {2, 2}), {&x, &w}, 1);
    EXPECT_EQ(r.phase, "prepare");
  }
  {  // the kernel is larger than the input
    TestTensor w = make_tensor<float>({2, 4, 6, 1}, std::vector<float>(48, 1.f));
    RunResult r = run_kernel("Conv", 11, AttrBuilder(), {&x, &w}, 1);
    EXPECT_EQ(r.phase, "prepare");
    RunResult padded = run_kernel("Conv", 11, AttrBuilder().ints("pads", {1, 0, 0, 0}), {&x, &w}, 1);
    EXPECT_TRUE(padded.status.ok()) << padded.status.message();  // padding makes it fit
  }
  {  // negative pads and zero strides are rejected at init
    TestTensor w = make_tensor<float>({2, 4, 1, 1}, std::vector<float>(8, 1.f));
    EXPECT_EQ(run_kernel("Conv", 11, AttrBuilder().ints("pads", {-1, 0, 0, 0}), {&x, &w}, 1).phase, "init");
    EXPECT_EQ(run_kernel("Conv", 11, AttrBuilder().ints("strides", {0, 1}), {&x, &w}, 1).phase, "init");
    EXPECT_EQ(run_kernel("Conv", 11, AttrBuilder().s("auto_pad", "SAME"), {&x, &w}, 1).phase, "init");
  }
  {  // 3-D convolution is not supported
    TestTensor x3 = make_tensor<float>({1, 1, 3, 3, 3}, std::vector<float>(27, 1.f));
    TestTensor w3 = make_tensor<float>({1, 1, 2, 2, 2}, std::vector<float>(8, 1.f));
    RunResult r = run_kernel("Conv", 11, AttrBuilder(), {&x3, &w3}, 1);
    EXPECT_EQ(r.phase, "prepare");
    EXPECT_EQ(r.status.code(), StatusCode::kUnsupported);
  }
  {  // X of rank 2 has no spatial axis
    TestTensor x2 = make_tensor<float>({1, 4}, std::vector<float>(4, 1.f));
    TestTensor w2 = make_tensor<float>({1, 4}, std::vector<float>(4, 1.f));
    EXPECT_EQ(run_kernel("Conv", 11, AttrBuilder(), {&x2, &w2}, 1).phase, "prepare");
  }
}

}  // namespace
}  // namespace testing
}  // namespace spud
