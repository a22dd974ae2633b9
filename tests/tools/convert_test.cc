// The converter library and the `spud` command line (convert, run, check),
// driven on tiny ONNX models built here with onnx_proto. The CLI binary's
// path comes from CMake as SPUD_CLI_PATH.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_helpers.h"
#include "converter/converter.h"
#include "converter/onnx_import.h"
#include "converter/passes.h"
#include "model_builder.h"
#include "onnx/onnx_pb.h"
#include "spud/kernel.h"
#include "spud/spud.h"

namespace fs = std::filesystem;

namespace spud {
namespace {

using testing::AlignedBytes;
using testing::values_of;
using namespace cli_test;  // NOLINT: OnnxModel, CliTest and the helpers

// Runs converted model bytes through the C API with one float input: the
// output and the kernel state the session made.
struct SpudRun {
  std::vector<float> y;
  size_t kernel_state = 0;
  std::string output_name;
};

SpudRun run_spud_session(const std::vector<uint8_t>& bytes, const std::vector<float>& input) {
  SpudRun r;
  AlignedBytes storage(bytes);
  spud_model* model = nullptr;
  spud_error err{};
  EXPECT_EQ(spud_model_load(storage.data(), storage.size(), &model, &err), SPUD_OK) << err.message;
  if (model == nullptr) return r;
  spud_session* s = nullptr;
  EXPECT_EQ(spud_session_create(model, nullptr, nullptr, 0, &s, &err), SPUD_OK) << err.message;
  if (s != nullptr) {
    r.kernel_state = spud_session_kernel_state_bytes(s);
    spud_tensor in{}, out{};
    EXPECT_EQ(spud_session_input(s, 0, &in), SPUD_OK);
    EXPECT_EQ(in.size_bytes, input.size() * 4);
    std::memcpy(in.data, input.data(), std::min(in.size_bytes, input.size() * 4));
    EXPECT_EQ(spud_session_run(s, &err), SPUD_OK) << err.message;
    EXPECT_EQ(spud_session_output(s, 0, &out), SPUD_OK);
    r.y = values_of<float>(out.data, out.size_bytes);
    r.output_name = out.name;
    spud_session_free(s);
  }
  spud_model_free(model);
  return r;
}

std::vector<float> run_spud(const std::vector<uint8_t>& bytes, const std::vector<float>& input,
                            std::string* output_name = nullptr) {
  SpudRun r = run_spud_session(bytes, input);
  if (output_name != nullptr) *output_name = r.output_name;
  return r.y;
}

std::vector<float> relu_ref(std::vector<float> v) {
  for (float& x : v) x = x > 0 ? x : 0;
  return v;
}

// --- (a) unsupported operators --------------------------------------------

TEST_F(CliTest, TwoUnsupportedOpsGiveOneErrorListingBothAndWriteNothing) {
  OnnxModel m;
  m.import("com.example", 1);
  m.input("x", kFloat, {2, 3}).input("image", kFloat, {1, 1, 4, 4}).input("rois", kFloat, {2, 5});
  m.output("y", kFloat, {2, 3}).output("pooled", kFloat, {2, 1, 2, 2});
  m.node("FancyOp", {"x"}, {"y"}, "com.example");
  onnx::AttributeProto* pooled = m.node("MaxRoiPool", {"image", "rois"}, {"pooled"})->add_attribute();
  pooled->set_name("pooled_shape");
  pooled->set_type(onnx::AttributeProto::INTS);
  pooled->add_ints(2);
  pooled->add_ints(2);
  m.save(path("two_ops.onnx"));

  for (const std::string& args : {std::string("convert ") + path("two_ops.onnx"),
                                  std::string("convert ") + path("two_ops.onnx") + " -o " + path("out/m.spud")}) {
    SCOPED_TRACE(args);
    const CliResult r = cli(args);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(count_of(r.err, "error:"), 1u) << r.err;
    EXPECT_NE(r.err.find("FancyOp"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("com.example"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("MaxRoiPool"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("2 operators"), std::string::npos) << r.err;
    EXPECT_EQ(files(), std::vector<std::string>{"two_ops.onnx"}) << "nothing may be written";
  }
  // The library reports the same as one ConvertError.
  try {
    convert::convert_model(path("two_ops.onnx"), convert::ConvertOptions());
    ADD_FAILURE() << "convert_model accepted a model without kernels";
  } catch (const convert::ConvertError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("FancyOp"), std::string::npos) << what;
    EXPECT_NE(what.find("MaxRoiPool"), std::string::npos) << what;
  }
}

// Nodes without a kernel inside subgraphs (an If branch inside a Loop
// body) are in the same one list as the main graph's, with the file's name.
TEST_F(CliTest, MissingKernelsInsideSubgraphsAreListedOnce) {
  OnnxModel m(16);
  m.import("com.example", 1);
  m.input("m", onnx::TensorProto::INT64, {}).input("x", kFloat, {3});
  m.output("y", kFloat, {3}).output("u", kFloat, {-1});
  onnx::NodeProto* loop = m.node("Loop", {"m", "", "x"}, {"y"});
  onnx::AttributeProto* body_attr = loop->add_attribute();
  body_attr->set_name("body");
  body_attr->set_type(onnx::AttributeProto::GRAPH);
  onnx::GraphProto* body = body_attr->mutable_g();
  body->set_name("body");
  auto typed = [](onnx::ValueInfoProto* v, const std::string& name, int type, std::vector<int64_t> dims) {
    v->set_name(name);
    auto* tt = v->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(type);
    auto* shape = tt->mutable_shape();
    for (int64_t d : dims) shape->add_dim()->set_dim_value(d);
  };
  typed(body->add_input(), "i", onnx::TensorProto::INT64, {});
  typed(body->add_input(), "c", onnx::TensorProto::BOOL, {});
  typed(body->add_input(), "v", kFloat, {3});
  typed(body->add_output(), "c_out", onnx::TensorProto::BOOL, {});
  typed(body->add_output(), "v_out", kFloat, {3});
  auto add_node = [](onnx::GraphProto* g, const std::string& op, std::vector<std::string> in,
                     std::vector<std::string> out, const std::string& domain = "") {
    onnx::NodeProto* n = g->add_node();
    n->set_op_type(op);
    n->set_domain(domain);
    for (const auto& i : in) n->add_input(i);
    for (const auto& o : out) n->add_output(o);
    return n;
  };
  add_node(body, "Identity", {"c"}, {"c_out"});
  add_node(body, "Greater", {"v", "x"}, {"bigger"});
  // Nothing reads it: dead code, removed inside the body before the check
  // (ReduceMin has no kernel for bool).
  add_node(body, "ReduceMin", {"bigger"}, {"any"});
  onnx::NodeProto* iff = add_node(body, "If", {"c"}, {"v_out"});
  for (const char* branch : {"then_branch", "else_branch"}) {
    onnx::AttributeProto* a = iff->add_attribute();
    a->set_name(branch);
    a->set_type(onnx::AttributeProto::GRAPH);
    onnx::GraphProto* g = a->mutable_g();
    g->set_name(branch);
    typed(g->add_output(), std::string(branch) + "_out", kFloat, {3});
    add_node(g, std::string(branch) == "then_branch" ? "FancyOp" : "Neg", {"v"}, {std::string(branch) + "_out"},
             std::string(branch) == "then_branch" ? "com.example" : "");
  }
  m.node("Bernoulli", {"x"}, {"u"});  // no kernel: random draws
  m.save(path("nested.onnx"));
  const CliResult r = cli("convert " + path("nested.onnx"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(count_of(r.err, "error:"), 1u) << r.err;
  EXPECT_NE(r.err.find("nested.onnx uses 2 operators"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("com.example FancyOp"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ai.onnx Bernoulli"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("ReduceMin"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("attribute"), std::string::npos) << r.err;
  EXPECT_EQ(files(), std::vector<std::string>{"nested.onnx"});
}

TEST_F(CliTest, OneBadModelInADirectoryIsReportedAndTheOthersAreWritten) {
  fs::create_directories(dir_ / "models");
  relu_model().save(path("models/good.onnx"));
  OnnxModel bad;
  bad.import("com.example", 1);
  bad.input("x", kFloat, {2}).output("y", kFloat, {2});
  bad.node("FancyOp", {"x"}, {"y"}, "com.example");
  bad.save(path("models/bad.onnx"));
  const CliResult r = cli("convert " + path("models"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.onnx uses 1 operator spud has no kernel for"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("converted 1 of 2 models; 1 failed"), std::string::npos) << r.err;
  EXPECT_EQ(files(), (std::vector<std::string>{"models/bad.onnx", "models/good.onnx", "models/good.spud",
                                               "models/required_operators.config"}));
  // The config is the one model's that converted.
  EXPECT_EQ(count_of(read_text(dir_ / "models/required_operators.config"), "# - "), 1u);
  EXPECT_NE(read_text(dir_ / "models/required_operators.config").find("ai.onnx;17;Relu"), std::string::npos);
}

// --- (b), (c) invalid inputs ------------------------------------------------

TEST_F(CliTest, NotAnOnnxFile) {
  std::ofstream(path("junk.onnx")) << "this is not an ONNX model, just text\n";
  const CliResult r = cli("convert " + path("junk.onnx"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("is not an ONNX model"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("junk.onnx"), std::string::npos) << r.err;
  EXPECT_EQ(files(), std::vector<std::string>{"junk.onnx"});

  std::ofstream(path("empty.onnx")).close();
  const CliResult empty = cli("convert " + path("empty.onnx"));
  EXPECT_NE(empty.exit_code, 0);
  EXPECT_NE(empty.err.find("not an ONNX model"), std::string::npos) << empty.err;

  const CliResult missing = cli("convert " + path("nowhere.onnx"));
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("nowhere.onnx"), std::string::npos) << missing.err;
  EXPECT_EQ(files(), (std::vector<std::string>{"empty.onnx", "junk.onnx"}));
}

TEST_F(CliTest, OnnxCheckerFailure) {
  OnnxModel m;
  m.input("x", kFloat, {2}).output("y", kFloat, {2});
  m.node("Relu", {"undefined_value"}, {"y"});
  m.save(path("bad_graph.onnx"));
  const CliResult r = cli("convert " + path("bad_graph.onnx"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("ONNX checker"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("undefined_value"), std::string::npos) << r.err;
  EXPECT_EQ(files(), std::vector<std::string>{"bad_graph.onnx"});

  const CliResult check = cli("check " + path("bad_graph.onnx"));
  EXPECT_NE(check.exit_code, 0);
  EXPECT_NE(check.out.find("ONNX checker: FAILED"), std::string::npos) << check.out;
}

// --- (d) graph passes -------------------------------------------------------

TEST_F(CliTest, IdentityFeedingAGraphOutputIsRemovedAndTheNameKept) {
  OnnxModel m;
  m.input("x", kFloat, {2, 3}).output("y", kFloat, {2, 3});
  m.node("Relu", {"x"}, {"r"});
  m.node("Identity", {"r"}, {"y"});
  m.save(path("identity.onnx"));
  const convert::ConvertResult r = convert::convert_model(path("identity.onnx"), convert::ConvertOptions());
  EXPECT_EQ(r.stats.identities_removed, 1);
  ASSERT_EQ(r.graph.nodes.size(), 1u);
  EXPECT_EQ(r.graph.nodes[0].op_type, "Relu");
  EXPECT_EQ(r.graph.nodes[0].outputs, std::vector<std::string>{"y"});
  const std::vector<float> x = {-1.f, 2.f, -3.f, 4.f, 0.f, 0.5f};
  std::string name;
  EXPECT_EQ(run_spud(r.bytes, x, &name), relu_ref(x));
  EXPECT_EQ(name, "y");
}

TEST_F(CliTest, IdentityInTheMiddleAndDropoutAreRemoved) {
  OnnxModel m;
  m.input("x", kFloat, {2, 3}).output("y", kFloat, {2, 3});
  m.node("Identity", {"x"}, {"i"});
  m.node("Dropout", {"i"}, {"d", "mask"});  // mask unused: inference
  m.node("Relu", {"d"}, {"r"});
  m.node("Identity", {"r"}, {"r2"});
  m.node("Relu", {"r2"}, {"y"});
  m.save(path("dropout.onnx"));
  const convert::ConvertResult r = convert::convert_model(path("dropout.onnx"), convert::ConvertOptions());
  EXPECT_EQ(r.stats.identities_removed, 3);
  ASSERT_EQ(r.graph.nodes.size(), 2u);
  for (const convert::Node& n : r.graph.nodes) EXPECT_EQ(n.op_type, "Relu");
  EXPECT_EQ(r.graph.nodes[0].inputs, std::vector<std::string>{"x"});
  const std::vector<float> x = {-1.f, 2.f, -3.f, 4.f, 0.f, 0.5f};
  EXPECT_EQ(run_spud(r.bytes, x), relu_ref(x));
}

// Naive NCHW convolution, stride 1, no padding, then optionally batch norm.
std::vector<float> conv_ref(const std::vector<float>& x, int c_in, int h, int w, const std::vector<float>& wt,
                            int c_out, int k, const std::vector<float>& bias) {
  const int oh = h - k + 1, ow = w - k + 1;
  std::vector<float> y(static_cast<size_t>(c_out * oh * ow));
  for (int o = 0; o < c_out; ++o)
    for (int i = 0; i < oh; ++i)
      for (int j = 0; j < ow; ++j) {
        double acc = bias.empty() ? 0.0 : bias[o];
        for (int c = 0; c < c_in; ++c)
          for (int u = 0; u < k; ++u)
            for (int v = 0; v < k; ++v)
              acc += static_cast<double>(x[(c * h + i + u) * w + j + v]) * wt[((o * c_in + c) * k + u) * k + v];
        y[(o * oh + i) * ow + j] = static_cast<float>(acc);
      }
  return y;
}

std::vector<float> bn_ref(std::vector<float> y, int channels, const std::vector<float>& scale,
                          const std::vector<float>& beta, const std::vector<float>& mean,
                          const std::vector<float>& var, float eps) {
  const size_t per = y.size() / static_cast<size_t>(channels);
  for (size_t i = 0; i < y.size(); ++i) {
    const size_t c = i / per;
    y[i] = (y[i] - mean[c]) / std::sqrt(var[c] + eps) * scale[c] + beta[c];
  }
  return y;
}

struct ConvBnParams {
  std::vector<float> w, b, scale, beta, mean, var;
};

ConvBnParams random_conv_bn(int c_out, int c_in, int k) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> u(-1.f, 1.f), pos(0.5f, 2.f);
  ConvBnParams p;
  for (int i = 0; i < c_out * c_in * k * k; ++i) p.w.push_back(u(rng));
  for (int i = 0; i < c_out; ++i) {
    p.b.push_back(u(rng));
    p.scale.push_back(pos(rng));
    p.beta.push_back(u(rng));
    p.mean.push_back(u(rng));
    p.var.push_back(pos(rng));
  }
  return p;
}

convert::TensorInfo const_tensor(const std::string& name, const std::vector<int64_t>& shape,
                                 const std::vector<float>& v) {
  convert::TensorInfo t;
  t.name = name;
  t.dtype = DType::kFloat32;
  t.rank_known = true;
  t.shape = shape;
  t.role = convert::TensorRole::kConstant;
  t.data.resize(v.size() * 4);
  std::memcpy(t.data.data(), v.data(), t.data.size());
  return t;
}

TEST(GraphPasses, BatchNormFoldsIntoConvWeightsNumerically) {
  const int c_in = 2, c_out = 3, k = 3, h = 5, w = 6;
  const float eps = 1e-3f;
  const ConvBnParams p = random_conv_bn(c_out, c_in, k);
  convert::Graph g;
  g.opset_imports[""] = 17;
  convert::TensorInfo x;
  x.name = "x";
  x.dtype = DType::kFloat32;
  x.rank_known = true;
  x.shape = {1, c_in, h, w};
  x.role = convert::TensorRole::kInput;
  g.tensors["x"] = x;
  g.inputs = {"x"};
  g.tensors["W"] = const_tensor("W", {c_out, c_in, k, k}, p.w);
  g.tensors["B"] = const_tensor("B", {c_out}, p.b);
  g.tensors["scale"] = const_tensor("scale", {c_out}, p.scale);
  g.tensors["beta"] = const_tensor("beta", {c_out}, p.beta);
  g.tensors["mean"] = const_tensor("mean", {c_out}, p.mean);
  g.tensors["var"] = const_tensor("var", {c_out}, p.var);
  g.tensors["c"].name = "c";
  g.tensors["y"].name = "y";
  g.tensors["y"].role = convert::TensorRole::kOutput;
  g.outputs = {"y"};
  convert::Node conv;
  conv.name = "conv";
  conv.op_type = "Conv";
  conv.since_version = 11;
  conv.inputs = {"x", "W", "B"};
  conv.outputs = {"c"};
  convert::Node bn;
  bn.name = "bn";
  bn.op_type = "BatchNormalization";
  bn.since_version = 15;
  bn.inputs = {"c", "scale", "beta", "mean", "var"};
  bn.outputs = {"y"};
  convert::Attr eps_attr;
  eps_attr.name = "epsilon";
  eps_attr.type = convert::AttrType::kFloat;
  eps_attr.f = eps;
  bn.attrs = {eps_attr};
  g.nodes = {conv, bn};

  convert::PassStats stats;
  convert::fold_batch_norm(g, &stats);
  EXPECT_EQ(stats.batch_norms_folded, 1);
  ASSERT_EQ(g.nodes.size(), 1u);
  const convert::Node& folded = g.nodes[0];
  EXPECT_EQ(folded.op_type, "Conv");
  EXPECT_EQ(folded.outputs, std::vector<std::string>{"y"});
  ASSERT_EQ(folded.inputs.size(), 3u);
  const convert::TensorInfo& fw = g.tensors.at(folded.inputs[1]);
  const convert::TensorInfo& fb = g.tensors.at(folded.inputs[2]);
  EXPECT_EQ(fw.shape, (std::vector<int64_t>{c_out, c_in, k, k}));
  EXPECT_EQ(fb.shape, std::vector<int64_t>{c_out});
  // The original weights are untouched (another node might read them).
  EXPECT_EQ(values_of<float>(g.tensors.at("W").data.data(), g.tensors.at("W").data.size()), p.w);

  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-2.f, 2.f);
  std::vector<float> input(static_cast<size_t>(c_in * h * w));
  for (float& v : input) v = u(rng);
  const std::vector<float> expected =
      bn_ref(conv_ref(input, c_in, h, w, p.w, c_out, k, p.b), c_out, p.scale, p.beta, p.mean, p.var, eps);
  const std::vector<float> got = conv_ref(input, c_in, h, w, values_of<float>(fw.data.data(), fw.data.size()),
                                          c_out, k, values_of<float>(fb.data.data(), fb.data.size()));
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], 1e-4f) << i;
}

TEST_F(CliTest, BatchNormFoldedIntoConvRunsLikeTheUnfoldedGraph) {
  const int kConvOpset = 11;
  if (!has_kernel("", "Conv", kConvOpset)) GTEST_SKIP() << "no Conv kernel in this build yet";
  const int c_in = 2, c_out = 3, k = 3, h = 5, w = 6;
  const float eps = 1e-5f;
  const ConvBnParams p = random_conv_bn(c_out, c_in, k);
  OnnxModel m;
  m.input("x", kFloat, {1, c_in, h, w}).output("y", kFloat, {1, c_out, h - k + 1, w - k + 1});
  m.initializer("W", {c_out, c_in, k, k}, p.w).initializer("B", {c_out}, p.b);
  m.initializer("scale", {c_out}, p.scale).initializer("beta", {c_out}, p.beta);
  m.initializer("mean", {c_out}, p.mean).initializer("var", {c_out}, p.var);
  m.node("Conv", {"x", "W", "B"}, {"c"});
  m.node("BatchNormalization", {"c", "scale", "beta", "mean", "var"}, {"y"});
  m.save(path("conv_bn.onnx"));
  convert::ConvertOptions nchw;
  nchw.nhwc = false;  // one Conv node, no layout Transposes
  const convert::ConvertResult r = convert::convert_model(path("conv_bn.onnx"), nchw);
  EXPECT_EQ(r.stats.batch_norms_folded, 1);
  ASSERT_EQ(r.graph.nodes.size(), 1u);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-2.f, 2.f);
  std::vector<float> input(static_cast<size_t>(c_in * h * w));
  for (float& v : input) v = u(rng);
  const std::vector<float> expected =
      bn_ref(conv_ref(input, c_in, h, w, p.w, c_out, k, p.b), c_out, p.scale, p.beta, p.mean, p.var, eps);
  const std::vector<float> got = run_spud(r.bytes, input);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], 1e-4f) << i;
}

// --- (e), (f) required_operators.config -----------------------------------

TEST(OpsConfig, OrtFormatSortedByDomainOpsetAndOp) {
  const std::set<convert::OpKey> ops = {{"ai.onnx", 13, "Relu"}, {"ai.onnx", 13, "Add"},
                                        {"com.microsoft", 1, "Gelu"}, {"ai.onnx", 13, "Conv"},
                                        {"ai.onnx", 11, "Conv"}};
  EXPECT_EQ(convert::format_ops_config({"a/one.onnx", "b/two.onnx"}, ops),
            "# Generated by spud convert " SPUD_CONVERTER_VERSION " from model/s:\n"
            "# - a/one.onnx\n"
            "# - b/two.onnx\n"
            "ai.onnx;11;Conv\n"
            "ai.onnx;13;Add,Conv,Relu\n"
            "com.microsoft;1;Gelu\n");
}

TEST_F(CliTest, ConvertWritesSpudAndOrtConfig) {
  relu_model().save(path("relu.onnx"));
  const CliResult r = cli("convert " + path("relu.onnx"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(files(), (std::vector<std::string>{"relu.onnx", "relu.spud", "required_operators.config"}));
  EXPECT_EQ(read_text(dir_ / "required_operators.config"),
            "# Generated by spud convert " SPUD_CONVERTER_VERSION " from model/s:\n"
            "# - " + path("relu.onnx") + "\n"
            "ai.onnx;17;Relu\n");
  // The written file is the planned model and runs.
  const std::string spud = read_text(dir_ / "relu.spud");
  const std::vector<float> x = {-1.f, 2.f, -3.f, 4.f, 0.f, 0.5f};
  EXPECT_EQ(run_spud(std::vector<uint8_t>(spud.begin(), spud.end()), x), relu_ref(x));

  // --config and -o put them elsewhere.
  const CliResult r2 = cli("convert " + path("relu.onnx") + " -o " + path("out/model.spud") + " --config " +
                           path("cfg/ops.config"));
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_TRUE(fs::exists(dir_ / "out/model.spud"));
  EXPECT_TRUE(fs::exists(dir_ / "cfg/ops.config"));
  EXPECT_FALSE(fs::exists(dir_ / "out/required_operators.config"));
}

TEST_F(CliTest, ConvertDirectoryWritesOneSpudPerModelAndOneConfig) {
  fs::create_directories(dir_ / "models/sub");
  relu_model().save(path("models/a.onnx"));
  OnnxModel opset13(13);
  opset13.input("x", kFloat, {4}).output("y", kFloat, {4});
  opset13.node("Relu", {"x"}, {"y"});
  opset13.save(path("models/sub/b.onnx"));
  std::ofstream(path("models/notes.txt")) << "not a model\n";

  const CliResult r = cli("convert " + path("models"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(files(), (std::vector<std::string>{"models/a.onnx", "models/a.spud", "models/notes.txt",
                                               "models/required_operators.config", "models/sub/b.onnx",
                                               "models/sub/b.spud"}));
  EXPECT_EQ(read_text(dir_ / "models/required_operators.config"),
            "# Generated by spud convert " SPUD_CONVERTER_VERSION " from model/s:\n"
            "# - " + path("models/a.onnx") + "\n"
            "# - " + path("models/sub/b.onnx") + "\n"
            "ai.onnx;13;Relu\n"
            "ai.onnx;17;Relu\n");

  const CliResult out = cli("convert " + path("models") + " -o " + path("built"));
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_TRUE(fs::exists(dir_ / "built/a.spud"));
  EXPECT_TRUE(fs::exists(dir_ / "built/sub/b.spud"));
  EXPECT_TRUE(fs::exists(dir_ / "built/required_operators.config"));
}

// --- (g) spud run -----------------------------------------------------------

TEST_F(CliTest, RunChecksInputs) {
  relu_model().save(path("relu.onnx"));
  ASSERT_EQ(cli("convert " + path("relu.onnx")).exit_code, 0);
  const std::string model = path("relu.spud");

  write_tensor_pb(path("good.pb"), "x", {2, 3}, {-1.f, 2.f, -3.f, 4.f, -5.f, 6.f});
  const CliResult ok = cli("run " + model + " --input x=" + path("good.pb") + " --output-dir " + path("out"));
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("output 'y' float32 [2,3]: 0 2 0 4 0 6"), std::string::npos) << ok.out;
  EXPECT_TRUE(fs::exists(dir_ / "out/y.pb"));  // named after the model's output

  write_tensor_pb(path("wrong.pb"), "x", {3, 2}, {1.f, 2.f, 3.f, 4.f, 5.f, 6.f});
  const CliResult shape = cli("run " + model + " --input x=" + path("wrong.pb"));
  EXPECT_NE(shape.exit_code, 0);
  EXPECT_NE(shape.err.find("input 'x'"), std::string::npos) << shape.err;
  EXPECT_NE(shape.err.find("[2,3]"), std::string::npos) << shape.err;
  EXPECT_NE(shape.err.find("[3,2]"), std::string::npos) << shape.err;

  const CliResult missing = cli("run " + model);
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("input 'x'"), std::string::npos) << missing.err;

  const CliResult unknown = cli("run " + model + " --input x=" + path("good.pb") + " --input z=" + path("good.pb"));
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("'z'"), std::string::npos) << unknown.err;

  const CliResult no_file = cli("run " + model + " --input x=" + path("absent.pb"));
  EXPECT_NE(no_file.exit_code, 0);
  EXPECT_NE(no_file.err.find("absent.pb"), std::string::npos) << no_file.err;

  const CliResult random = cli("run " + model + " --random --seed 3 --repeat 3");
  EXPECT_EQ(random.exit_code, 0) << random.err;
}

TEST_F(CliTest, SymbolicDimensionStaysSymbolicAndEachRunTakesItsSize) {
  OnnxModel m;
  m.input("x", kFloat, {-1, 3}).output("y", kFloat, {-1, 3});  // -1: dim_param "N"
  m.node("Relu", {"x"}, {"y"});
  m.save(path("sym.onnx"));
  const CliResult conv = cli("convert " + path("sym.onnx") + " -o " + path("sym.spud"));
  ASSERT_EQ(conv.exit_code, 0) << conv.err;
  EXPECT_NE(conv.out.find("dimension 0 ('N') is symbolic"), std::string::npos) << conv.out;
  const CliResult check = cli("check " + path("sym.spud"));
  EXPECT_NE(check.out.find("x: float32 [N,3]"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("Run() may allocate"), std::string::npos) << check.out;

  // Each run takes its input file's size, or --shape's.
  write_tensor_pb(path("two.pb"), "x", {2, 3}, {-1.f, 2.f, -3.f, 4.f, -5.f, 6.f});
  std::vector<float> five(15);
  for (size_t i = 0; i < five.size(); ++i) five[i] = static_cast<float>(i) - 7.f;
  write_tensor_pb(path("five.pb"), "x", {5, 3}, five);
  const CliResult two = cli("run " + path("sym.spud") + " --input x=" + path("two.pb"));
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_NE(two.out.find("output 'y' float32 [2,3]: 0 2 0 4 0 6"), std::string::npos) << two.out;
  const CliResult big = cli("run " + path("sym.spud") + " --input x=" + path("five.pb") + " --print 15");
  ASSERT_EQ(big.exit_code, 0) << big.err;
  EXPECT_NE(big.out.find("output 'y' float32 [5,3]: 0 0 0 0 0 0 0 0 1 2 3 4 5 6 7"), std::string::npos) << big.out;
  const CliResult shaped = cli("run " + path("sym.spud") + " --random --shape x=4,3");
  ASSERT_EQ(shaped.exit_code, 0) << shaped.err;
  EXPECT_NE(shaped.out.find("output 'y' float32 [4,3]"), std::string::npos) << shaped.out;

  // What the model fixes is named.
  write_tensor_pb(path("wide.pb"), "x", {2, 4}, std::vector<float>(8, 1.f));
  const CliResult wide = cli("run " + path("sym.spud") + " --input x=" + path("wide.pb"));
  EXPECT_NE(wide.exit_code, 0);
  EXPECT_NE(wide.err.find("fixed at 3"), std::string::npos) << wide.err;
  const CliResult bad_shape = cli("run " + path("sym.spud") + " --random --shape x=4,2");
  EXPECT_NE(bad_shape.exit_code, 0);
  EXPECT_NE(bad_shape.err.find("fixed at 3"), std::string::npos) << bad_shape.err;
  const CliResult bad_name = cli("run " + path("sym.spud") + " --random --shape q=4,3");
  EXPECT_NE(bad_name.exit_code, 0);
  EXPECT_NE(bad_name.err.find("no input"), std::string::npos) << bad_name.err;
  const CliResult bad_text = cli("run " + path("sym.spud") + " --random --shape x=4,three");
  EXPECT_NE(bad_text.exit_code, 0);
  EXPECT_NE(bad_text.err.find("--shape"), std::string::npos) << bad_text.err;

  // --dim fixes it: a planned file that never allocates; a name the model
  // does not have is an error that lists the ones it has, and writes nothing.
  ASSERT_EQ(cli("convert " + path("sym.onnx") + " -o " + path("fixed.spud") + " --dim N=2").exit_code, 0);
  EXPECT_NE(cli("check " + path("fixed.spud")).out.find("Run() never allocates"), std::string::npos);
  const CliResult typo = cli("convert " + path("sym.onnx") + " -o " + path("typo.spud") + " --dim M=2");
  EXPECT_NE(typo.exit_code, 0);
  EXPECT_NE(typo.err.find("--dim M"), std::string::npos) << typo.err;
  EXPECT_NE(typo.err.find("they have: N"), std::string::npos) << typo.err;
  EXPECT_FALSE(fs::exists(path("typo.spud")));

  // --dim N=1..4 bounds it: planned, nothing allocated in Run(), and a
  // size past the bound is refused with the bound in the message.
  const CliResult bounded = cli("convert " + path("sym.onnx") + " -o " + path("bounded.spud") + " --dim N=..4");
  ASSERT_EQ(bounded.exit_code, 0) << bounded.err;
  EXPECT_NE(bounded.out.find("bounded to 1..4"), std::string::npos) << bounded.out;
  const CliResult bcheck = cli("check " + path("bounded.spud"));
  EXPECT_NE(bcheck.out.find("x: float32 [N,3] (N 1..4)"), std::string::npos) << bcheck.out;
  EXPECT_NE(bcheck.out.find("within the bounds the file is planned for"), std::string::npos) << bcheck.out;
  const CliResult in_bound = cli("run " + path("bounded.spud") + " --input x=" + path("two.pb"));
  ASSERT_EQ(in_bound.exit_code, 0) << in_bound.err;
  EXPECT_NE(in_bound.out.find("output 'y' float32 [2,3]: 0 2 0 4 0 6"), std::string::npos) << in_bound.out;
  const CliResult past = cli("run " + path("bounded.spud") + " --input x=" + path("five.pb"));
  EXPECT_NE(past.exit_code, 0);
  EXPECT_NE(past.err.find("outside the bounds 1..4"), std::string::npos) << past.err;
  for (const std::string bad : {"N=4..2", "N=1..x", "N=..", "N=-3"}) {
    const CliResult r = cli("convert " + path("sym.onnx") + " -o " + path("bad.spud") + " --dim " + bad);
    EXPECT_NE(r.exit_code, 0) << bad;
    EXPECT_NE(r.err.find("--dim"), std::string::npos) << bad << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(path("bad.spud")));
}

// --- (h) spud check ---------------------------------------------------------

TEST_F(CliTest, CheckReportsACorruptSpudInOneLine) {
  relu_model().save(path("relu.onnx"));
  ASSERT_EQ(cli("convert " + path("relu.onnx")).exit_code, 0);
  const CliResult good = cli("check " + path("relu.spud") + " --nodes");
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_NE(good.out.find("verified"), std::string::npos) << good.out;
  EXPECT_NE(good.out.find("Relu/14"), std::string::npos) << good.out;

  std::string bytes = read_text(dir_ / "relu.spud");
  ASSERT_GT(bytes.size(), 16u);
  bytes[10] = 'X';  // the file identifier
  std::ofstream(path("corrupt.spud"), std::ios::binary) << bytes;
  const CliResult bad = cli("check " + path("corrupt.spud"));
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_EQ(bad.lines(), 1) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("corrupt.spud"), std::string::npos) << bad.err;

  std::ofstream(path("short.spud"), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  const CliResult truncated = cli("check " + path("short.spud"));
  EXPECT_NE(truncated.exit_code, 0);
  EXPECT_EQ(truncated.lines(), 1) << truncated.out << truncated.err;
}

TEST_F(CliTest, CheckListsAnOnnxModel) {
  OnnxModel m;
  m.input("x", kFloat, {2, 3}).output("y", kFloat, {2, 3});
  m.initializer("unused_w", {2}, {1.f, 2.f});
  m.node("Relu", {"x"}, {"r"});
  m.node("Relu", {"r"}, {"y"});
  m.save(path("two.onnx"));
  const CliResult r = cli("check " + path("two.onnx") + " --nodes");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ONNX checker: passed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("x: float [2,3]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("parameters: 2 values, 8 bytes (0.0 KiB), in 1 initializer and 0 Constant nodes"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("operators: 2 nodes, 1 type: Relu 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Relu (x) -> r"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Relu (r) -> y"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("y: float [2,3]"), std::string::npos) << r.out;

  std::ofstream(path("text.onnx")) << "hello\n";
  const CliResult junk = cli("check " + path("text.onnx"));
  EXPECT_NE(junk.exit_code, 0);
  EXPECT_EQ(junk.lines(), 1) << junk.out << junk.err;
}

}  // namespace
}  // namespace spud

namespace spud {
using namespace cli_test;  // NOLINT
namespace {

// n values drawn uniformly from [lo, hi).
std::vector<float> uniform_floats(std::mt19937& rng, size_t n, float lo, float hi) {
  std::uniform_real_distribution<float> u(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = u(rng);
  return v;
}

// Attributes of a hand-built ONNX node.
void set_attr(onnx::NodeProto* n, const std::string& name, const std::vector<int64_t>& v) {
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v) a->add_ints(x);
}
void set_attr(onnx::NodeProto* n, const std::string& name, int64_t v) {
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}
void set_attr(onnx::NodeProto* n, const std::string& name, const std::string& v) {
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(v);
}

// A small network of everything the layout pass touches: Conv (plain and
// depthwise) with Relu and Clip after them, a residual Add, a per-channel
// Mul by a constant, both pools, a channel Concat, Sigmoid, the global pool.
void save_layout_model(const std::string& file) {
  std::mt19937 rng(17);
  auto values = [&](size_t n) { return uniform_floats(rng, n, -1.f, 1.f); };
  OnnxModel m;
  m.input("x", kFloat, {1, 4, 9, 9}).output("y", kFloat, {1, 16});
  m.initializer("W1", {8, 4, 3, 3}, values(8 * 4 * 9)).initializer("B1", {8}, values(8));
  m.initializer("W2", {8, 1, 3, 3}, values(8 * 9)).initializer("lo", {}, {0.f}).initializer("hi", {}, {0.5f});
  m.initializer("scale", {8, 1, 1}, values(8));
  onnx::NodeProto* c1 = m.node("Conv", {"x", "W1", "B1"}, {"c1"});
  set_attr(c1, "pads", std::vector<int64_t>{1, 1, 1, 1});
  m.node("Relu", {"c1"}, {"r1"});
  onnx::NodeProto* c2 = m.node("Conv", {"r1", "W2"}, {"c2"});
  set_attr(c2, "pads", std::vector<int64_t>{1, 1, 1, 1});
  set_attr(c2, "group", int64_t{8});
  m.node("Clip", {"c2", "lo", "hi"}, {"k2"});
  m.node("Add", {"k2", "r1"}, {"s"});
  m.node("Mul", {"s", "scale"}, {"sm"});
  onnx::NodeProto* mp = m.node("MaxPool", {"sm"}, {"p"});
  set_attr(mp, "kernel_shape", std::vector<int64_t>{3, 3});
  set_attr(mp, "strides", std::vector<int64_t>{2, 2});
  set_attr(mp, "pads", std::vector<int64_t>{1, 1, 1, 1});
  onnx::NodeProto* ap = m.node("AveragePool", {"p"}, {"a"});
  set_attr(ap, "kernel_shape", std::vector<int64_t>{2, 2});
  set_attr(m.node("Concat", {"a", "a"}, {"cat"}), "axis", int64_t{1});
  m.node("Sigmoid", {"cat"}, {"sg"});
  m.node("GlobalAveragePool", {"sg"}, {"gp"});
  m.node("Flatten", {"gp"}, {"y"});
  m.save(file);
}

TEST_F(CliTest, NhwcLayoutAndFusionGiveTheSameOutputs) {
  save_layout_model(path("layout.onnx"));
  convert::ConvertOptions nchw, unfused, fused;
  nchw.nhwc = false;
  unfused.fuse = false;
  const convert::ConvertResult a = convert::convert_model(path("layout.onnx"), nchw);
  const convert::ConvertResult b = convert::convert_model(path("layout.onnx"), unfused);
  const convert::ConvertResult c = convert::convert_model(path("layout.onnx"), fused);
  EXPECT_EQ(c.layout.nodes_converted, 5);  // two Conv, two pools, the global pool
  EXPECT_EQ(c.layout.activations_fused, 2);
  EXPECT_EQ(b.layout.activations_fused, 0);
  // The Transposes left are the two at the chain's edges.
  int transposes = 0, nhwc_nodes = 0;
  for (const convert::Node& n : c.graph.nodes) {
    transposes += n.op_type == "Transpose";
    nhwc_nodes += n.domain == convert::kNhwcDomain;
  }
  EXPECT_EQ(transposes, 2);
  EXPECT_EQ(nhwc_nodes, 5);
  for (const convert::Node& n : a.graph.nodes) EXPECT_TRUE(n.domain.empty()) << n.op_type;
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::vector<float> x(4 * 9 * 9);
  for (float& v : x) v = u(rng);
  const std::vector<float> ya = run_spud(a.bytes, x), yb = run_spud(b.bytes, x), yc = run_spud(c.bytes, x);
  ASSERT_EQ(ya.size(), 16u);
  ASSERT_EQ(yb.size(), 16u);
  ASSERT_EQ(yc.size(), 16u);
  for (size_t i = 0; i < ya.size(); ++i) {
    EXPECT_NEAR(yb[i], ya[i], 1e-5f) << i;
    EXPECT_NEAR(yc[i], ya[i], 1e-5f) << i;
  }
  // The file says which layout it has; --layout picks it; a bad value
  // writes nothing.
  ASSERT_EQ(cli("convert " + path("layout.onnx") + " -o " + path("nhwc.spud")).exit_code, 0);
  ASSERT_EQ(cli("convert " + path("layout.onnx") + " -o " + path("nchw.spud") + " --layout nchw").exit_code, 0);
  EXPECT_NE(cli("check " + path("nhwc.spud")).out.find("layout: NHWC"), std::string::npos);
  EXPECT_NE(cli("check " + path("nchw.spud")).out.find("layout: NCHW"), std::string::npos);
  const CliResult bad = cli("convert " + path("layout.onnx") + " -o " + path("bad.spud") + " --layout nhcw");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("--layout"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(path("bad.spud")));
}

// Conv -> ReduceMean over H and W, as x.mean([2, 3]) exports (keepdims 0)
// and with keepdims 1 and negative axes: the NHWC file has global pools in
// the chain and no ReduceMean, and gives the NCHW file's outputs (where the
// ReduceMean kernel computes the means).
TEST_F(CliTest, SpatialReduceMeanBecomesAnNhwcGlobalPool) {
  std::mt19937 rng(31);
  auto values = [&](size_t n) { return uniform_floats(rng, n, -1.f, 1.f); };
  OnnxModel m;
  m.input("x", kFloat, {1, 3, 7, 6}).output("y", kFloat, {1, 10});
  m.initializer("W", {5, 3, 3, 3}, values(5 * 27)).initializer("B", {5}, values(5));
  set_attr(m.node("Conv", {"x", "W", "B"}, {"c"}), "pads", std::vector<int64_t>{1, 1, 1, 1});
  onnx::NodeProto* dropped = m.node("ReduceMean", {"c"}, {"m0"});
  set_attr(dropped, "axes", std::vector<int64_t>{2, 3});
  set_attr(dropped, "keepdims", int64_t{0});
  set_attr(m.node("ReduceMean", {"c"}, {"m1"}), "axes", std::vector<int64_t>{-1, -2});  // keepdims defaults to 1
  m.node("Flatten", {"m1"}, {"f1"});
  set_attr(m.node("Concat", {"m0", "f1"}, {"y"}), "axis", int64_t{1});
  m.save(path("mean.onnx"));
  convert::ConvertOptions nchw, nhwc;
  nchw.nhwc = false;
  const convert::ConvertResult a = convert::convert_model(path("mean.onnx"), nchw);
  const convert::ConvertResult b = convert::convert_model(path("mean.onnx"), nhwc);
  int means_a = 0, means_b = 0, pools_b = 0;
  for (const convert::Node& n : a.graph.nodes) means_a += n.op_type == "ReduceMean";
  for (const convert::Node& n : b.graph.nodes) {
    means_b += n.op_type == "ReduceMean";
    pools_b += n.domain == convert::kNhwcDomain && n.op_type == "GlobalAveragePool";
  }
  EXPECT_EQ(means_a, 2);
  EXPECT_EQ(means_b, 0);
  EXPECT_EQ(pools_b, 2);
  const std::vector<float> x = values(3 * 7 * 6);
  const std::vector<float> ya = run_spud(a.bytes, x), yb = run_spud(b.bytes, x);
  ASSERT_EQ(ya.size(), 10u);
  ASSERT_EQ(yb.size(), 10u);
  for (size_t i = 0; i < ya.size(); ++i) EXPECT_NEAR(yb[i], ya[i], 1e-5f) << i;
  for (size_t i = 0; i < 5; ++i) EXPECT_NEAR(ya[i], ya[5 + i], 1e-6f) << "keepdims 0 and 1 differ at " << i;
}

// Conv -> x * Sigmoid(x) (EfficientNet's SiLU, either operand order) fuses
// into com.spud Silu; a Sigmoid read twice, and a Mul of a Sigmoid of
// another tensor (a squeeze-and-excite gate), stay. Fused and unfused files
// give the same outputs.
TEST_F(CliTest, SigmoidTimesItsInputFusesIntoSiluWithTheSameOutputs) {
  std::mt19937 rng(37);
  auto values = [&](size_t n) { return uniform_floats(rng, n, -2.f, 2.f); };
  OnnxModel m;
  m.input("x", kFloat, {1, 4, 5, 5}).output("y", kFloat, {1, 4, 5, 5});
  m.initializer("W", {4, 4, 1, 1}, values(16));
  m.node("Conv", {"x", "W"}, {"c"});
  m.node("Sigmoid", {"c"}, {"s1"});
  m.node("Mul", {"c", "s1"}, {"a1"});        // fuses
  m.node("Sigmoid", {"a1"}, {"s2"});
  m.node("Mul", {"s2", "a1"}, {"a2"});       // fuses, the other order
  m.node("Sigmoid", {"a2"}, {"s3"});
  m.node("Mul", {"a2", "s3"}, {"a3"});       // s3 is read twice: stays
  m.node("Add", {"a3", "s3"}, {"a4"});
  m.node("Sigmoid", {"x"}, {"gate"});
  m.node("Mul", {"a4", "gate"}, {"y"});      // a gate on another tensor: stays
  m.save(path("silu.onnx"));
  convert::ConvertOptions fused, unfused;
  unfused.fuse = false;
  const convert::ConvertResult a = convert::convert_model(path("silu.onnx"), unfused);
  const convert::ConvertResult b = convert::convert_model(path("silu.onnx"), fused);
  EXPECT_EQ(b.layout.silus_fused, 2);
  int silus = 0, sigmoids = 0;
  for (const convert::Node& n : b.graph.nodes) {
    silus += n.domain == convert::kSpudDomain && n.op_type == "Silu";
    sigmoids += n.op_type == "Sigmoid";
  }
  EXPECT_EQ(silus, 2);
  EXPECT_EQ(sigmoids, 2);
  EXPECT_TRUE(b.ops.count(convert::OpKey("com.spud", 1, "Silu"))) << "the config lists com.spud;1;Silu";
  const std::vector<float> x = values(4 * 25);
  const std::vector<float> ya = run_spud(a.bytes, x), yb = run_spud(b.bytes, x);
  ASSERT_EQ(ya.size(), 100u);
  ASSERT_EQ(yb.size(), 100u);
  for (size_t i = 0; i < ya.size(); ++i) EXPECT_NEAR(yb[i], ya[i], 1e-5f) << i;
}

// x[3,8] -> MatMul(W[8,5]) -> Add(bias[5]) -> Relu: the fused graph is one
// Gemm with the Relu as its clamp, and gives the unfused graph's outputs.
TEST_F(CliTest, MatMulAddFusesIntoGemmWithTheSameOutputs) {
  std::mt19937 rng(29);
  auto values = [&](size_t n) { return uniform_floats(rng, n, -1.f, 1.f); };
  OnnxModel m;
  m.input("x", kFloat, {3, 8}).output("y", kFloat, {3, 5});
  m.initializer("W", {8, 5}, values(40)).initializer("bias", {5}, values(5));
  m.node("MatMul", {"x", "W"}, {"mm"});
  m.node("Add", {"bias", "mm"}, {"s"});
  m.node("Relu", {"s"}, {"y"});
  m.save(path("fc.onnx"));
  convert::ConvertOptions unfused;
  unfused.fuse = false;
  const convert::ConvertResult a = convert::convert_model(path("fc.onnx"), unfused);
  const convert::ConvertResult b = convert::convert_model(path("fc.onnx"), convert::ConvertOptions());
  EXPECT_EQ(b.layout.matmuls_fused, 1);
  EXPECT_EQ(b.layout.activations_fused, 1);
  // The Gemm it becomes takes the Relu as its output clamp: one com.spud Gemm.
  ASSERT_EQ(b.graph.nodes.size(), 1u);
  EXPECT_EQ(b.graph.nodes[0].op_type, "Gemm");
  EXPECT_EQ(b.graph.nodes[0].domain, convert::kSpudDomain);
  EXPECT_EQ(b.ops.count(convert::OpKey("com.spud", 1, "Gemm")), 1u);
  EXPECT_EQ(a.graph.nodes.size(), 3u);
  const std::vector<float> x = values(24);
  const std::vector<float> ya = run_spud(a.bytes, x), yb = run_spud(b.bytes, x);
  ASSERT_EQ(ya.size(), 15u);
  ASSERT_EQ(yb.size(), 15u);
  for (size_t i = 0; i < ya.size(); ++i) EXPECT_NEAR(yb[i], ya[i], 1e-5f) << i;
}

// A chain of every spatial operator the NHWC domain has beyond Conv and the
// pools: Conv+Relu, grouped ConvTranspose (stride 2, output_padding)+Relu,
// DepthToSpace DCR, SpaceToDepth, bilinear Resize by sizes, DepthToSpace
// CRD, nearest Resize by scales, then the global pool, a Gemm (transB) and
// a Relu.
void save_spatial_chain_model(const std::string& file) {
  std::mt19937 rng(53);
  auto values = [&](size_t n) { return uniform_floats(rng, n, -1.f, 1.f); };
  OnnxModel m(13);
  m.input("x", kFloat, {1, 4, 6, 6}).output("y", kFloat, {1, 5});
  m.initializer("W1", {8, 4, 3, 3}, values(8 * 4 * 9)).initializer("B1", {8}, values(8));
  m.initializer("WT", {8, 4, 3, 3}, values(8 * 4 * 9)).initializer("BT", {8}, values(8));
  m.int64_initializer("sizes", {1, 8, 9, 9});
  m.initializer("scales", {4}, {1.f, 1.f, 0.5f, 0.5f});
  m.initializer("G", {5, 2}, values(10)).initializer("GB", {5}, values(5));
  onnx::NodeProto* c1 = m.node("Conv", {"x", "W1", "B1"}, {"c1"});
  set_attr(c1, "pads", std::vector<int64_t>{1, 1, 1, 1});
  m.node("Relu", {"c1"}, {"r1"});
  onnx::NodeProto* ct = m.node("ConvTranspose", {"r1", "WT", "BT"}, {"ct"});  // [1,8,12,12]
  set_attr(ct, "strides", std::vector<int64_t>{2, 2});
  set_attr(ct, "pads", std::vector<int64_t>{1, 1, 1, 1});
  set_attr(ct, "output_padding", std::vector<int64_t>{1, 1});
  set_attr(ct, "group", int64_t{2});
  m.node("Relu", {"ct"}, {"rt"});
  onnx::NodeProto* d1 = m.node("DepthToSpace", {"rt"}, {"d1"});  // [1,2,24,24]
  set_attr(d1, "blocksize", int64_t{2});
  onnx::NodeProto* s1 = m.node("SpaceToDepth", {"d1"}, {"s1"});  // [1,8,12,12]
  set_attr(s1, "blocksize", int64_t{2});
  onnx::NodeProto* z1 = m.node("Resize", {"s1", "", "", "sizes"}, {"z1"});  // [1,8,9,9]
  set_attr(z1, "mode", std::string("linear"));
  onnx::NodeProto* d2 = m.node("DepthToSpace", {"z1"}, {"d2"});  // [1,2,18,18]
  set_attr(d2, "blocksize", int64_t{2});
  set_attr(d2, "mode", std::string("CRD"));
  onnx::NodeProto* z2 = m.node("Resize", {"d2", "", "scales"}, {"z2"});  // [1,2,9,9]
  set_attr(z2, "mode", std::string("nearest"));
  set_attr(z2, "coordinate_transformation_mode", std::string("asymmetric"));
  set_attr(z2, "nearest_mode", std::string("floor"));
  m.node("GlobalAveragePool", {"z2"}, {"gp"});
  m.node("Flatten", {"gp"}, {"f"});
  onnx::NodeProto* gm = m.node("Gemm", {"f", "G", "GB"}, {"g"});
  set_attr(gm, "transB", int64_t{1});
  m.node("Relu", {"g"}, {"y"});
  m.save(file);
}

TEST_F(CliTest, SpatialChainRunsInNhwcWithTheSameOutputs) {
  save_spatial_chain_model(path("chain.onnx"));
  convert::ConvertOptions nchw_unfused, nchw, unfused, fused;
  nchw_unfused.nhwc = false;
  nchw_unfused.fuse = false;
  nchw.nhwc = false;
  unfused.fuse = false;
  const convert::ConvertResult a = convert::convert_model(path("chain.onnx"), nchw_unfused);
  const convert::ConvertResult b = convert::convert_model(path("chain.onnx"), nchw);
  const convert::ConvertResult c = convert::convert_model(path("chain.onnx"), unfused);
  const convert::ConvertResult d = convert::convert_model(path("chain.onnx"), fused);
  // Conv, ConvTranspose, two DepthToSpace, SpaceToDepth, two Resize, the global pool.
  EXPECT_EQ(d.layout.nodes_converted, 8);
  EXPECT_EQ(d.layout.activations_fused, 3);  // Conv's, ConvTranspose's and Gemm's Relu
  EXPECT_EQ(b.layout.activations_fused, 1);  // NCHW: only the Gemm's
  EXPECT_EQ(c.layout.activations_fused, 0);
  std::multiset<std::string> nhwc_ops;
  int transposes = 0, spud_gemms = 0;
  for (const convert::Node& n : d.graph.nodes) {
    transposes += n.op_type == "Transpose";
    if (n.domain == convert::kNhwcDomain) nhwc_ops.insert(n.op_type);
    spud_gemms += n.domain == convert::kSpudDomain && n.op_type == "Gemm";
    EXPECT_NE(n.op_type, "Relu") << "every Relu is fused";
  }
  EXPECT_EQ(transposes, 2) << "only the chain's edges";
  EXPECT_EQ(nhwc_ops, (std::multiset<std::string>{"Conv", "ConvTranspose", "DepthToSpace", "DepthToSpace",
                                                  "SpaceToDepth", "Resize", "Resize", "GlobalAveragePool"}));
  EXPECT_EQ(spud_gemms, 1);
  for (const convert::Node& n : a.graph.nodes) EXPECT_TRUE(n.domain.empty()) << n.op_type;
  // The operator config names the internal ones, so a build from it has them.
  for (const char* op : {"ConvTranspose", "DepthToSpace", "SpaceToDepth", "Resize"})
    EXPECT_EQ(d.ops.count(convert::OpKey("com.spud.nhwc", 1, op)), 1u) << op;
  EXPECT_EQ(d.ops.count(convert::OpKey("com.spud", 1, "Gemm")), 1u);
  std::mt19937 rng(6);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::vector<float> x(4 * 6 * 6);
  for (float& v : x) v = u(rng);
  const std::vector<float> ya = run_spud(a.bytes, x);
  ASSERT_EQ(ya.size(), 5u);
  float largest = 0;
  for (float v : ya) largest = std::max(largest, std::fabs(v));
  EXPECT_GT(largest, 0.f) << "a model whose output is all zeros tests nothing";
  for (const convert::ConvertResult* r : {&b, &c, &d}) {
    const std::vector<float> y = run_spud(r->bytes, x);
    ASSERT_EQ(y.size(), 5u);
    for (size_t i = 0; i < ya.size(); ++i) EXPECT_NEAR(y[i], ya[i], 1e-5f) << i;
  }
}

// A Resize of the channel axis is not one the layout pass takes: it stays
// in NCHW, where the kernel that serves every case runs.
TEST_F(CliTest, ResizeTheNhwcKernelsDoNotServeStaysNchw) {
  OnnxModel m(13);
  m.input("x", kFloat, {1, 2, 4, 4}).output("y", kFloat, {1, 4, 8, 8});
  m.initializer("scales", {4}, {1.f, 2.f, 2.f, 2.f});
  onnx::NodeProto* z = m.node("Resize", {"x", "", "scales"}, {"y"});
  set_attr(z, "mode", std::string("nearest"));
  m.save(path("channels.onnx"));
  const convert::ConvertResult r = convert::convert_model(path("channels.onnx"), convert::ConvertOptions());
  EXPECT_EQ(r.layout.nodes_converted, 0);
  ASSERT_EQ(r.graph.nodes.size(), 1u);
  EXPECT_TRUE(r.graph.nodes[0].domain.empty());
}

// 3-D spatial operators are not the NHWC domain's (it and XNNPACK are 2-D):
// the layout pass leaves them in NCHW, where the reference kernels run them.
TEST_F(CliTest, ThreeDimensionalChainStaysNchw) {
  std::mt19937 rng(61);
  OnnxModel m(13);
  m.input("x", kFloat, {1, 2, 6, 6, 6}).output("y", kFloat, {1, 4, 1, 1, 1});
  m.initializer("W", {4, 2, 3, 3, 3}, uniform_floats(rng, 4 * 2 * 27, -0.5f, 0.5f));
  onnx::NodeProto* c = m.node("Conv", {"x", "W"}, {"c"});
  set_attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1, 1, 1});
  m.node("Relu", {"c"}, {"r"});
  onnx::NodeProto* mp = m.node("MaxPool", {"r"}, {"mp"});  // [1,4,3,3,3]
  set_attr(mp, "kernel_shape", std::vector<int64_t>{2, 2, 2});
  set_attr(mp, "strides", std::vector<int64_t>{2, 2, 2});
  onnx::NodeProto* lp = m.node("LpPool", {"mp"}, {"lp"});  // [1,4,2,2,2]
  set_attr(lp, "kernel_shape", std::vector<int64_t>{2, 2, 2});
  m.node("GlobalAveragePool", {"lp"}, {"y"});
  m.save(path("conv3d.onnx"));
  const convert::ConvertResult r = convert::convert_model(path("conv3d.onnx"), convert::ConvertOptions());
  EXPECT_EQ(r.layout.nodes_converted, 0);
  int transposes = 0;
  for (const convert::Node& n : r.graph.nodes) {
    EXPECT_NE(n.domain, convert::kNhwcDomain) << n.op_type;
    transposes += n.op_type == "Transpose";
  }
  EXPECT_EQ(transposes, 0);
  const std::vector<float> y = run_spud(r.bytes, uniform_floats(rng, 2 * 216, -1.f, 1.f));
  ASSERT_EQ(y.size(), 4u);
  float largest = 0;
  for (float v : y) largest = std::max(largest, std::fabs(v));
  EXPECT_GT(largest, 0.f) << "a model whose output is all zeros tests nothing";
}

// A Transpose of constant weights is done once, at conversion: the
// converted graph reads the transposed constant.
TEST_F(CliTest, ConstantWeightTransposeIsFoldedAtConversion) {
  std::mt19937 rng(59);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::vector<float> wt(5 * 8), bias(5), x(3 * 8);
  for (float& v : wt) v = u(rng);
  for (float& v : bias) v = u(rng);
  for (float& v : x) v = u(rng);
  OnnxModel m;
  m.input("x", kFloat, {3, 8}).output("y", kFloat, {3, 5});
  m.initializer("Wt", {5, 8}, wt).initializer("bias", {5}, bias);
  onnx::NodeProto* t = m.node("Transpose", {"Wt"}, {"W"});
  set_attr(t, "perm", std::vector<int64_t>{1, 0});
  m.node("MatMul", {"x", "W"}, {"mm"});
  m.node("Add", {"mm", "bias"}, {"y"});
  m.save(path("wt.onnx"));
  const convert::ConvertResult r = convert::convert_model(path("wt.onnx"), convert::ConvertOptions());
  ASSERT_EQ(r.graph.nodes.size(), 1u);
  EXPECT_EQ(r.graph.nodes[0].op_type, "Gemm");
  const convert::TensorInfo& w = r.graph.tensors.at(r.graph.nodes[0].inputs[1]);
  EXPECT_EQ(w.role, convert::TensorRole::kConstant);
  EXPECT_EQ(w.shape, (std::vector<int64_t>{8, 5}));
  std::vector<float> want(15);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 5; ++j) {
      double acc = bias[static_cast<size_t>(j)];
      for (int k = 0; k < 8; ++k) acc += static_cast<double>(x[static_cast<size_t>(i * 8 + k)]) * wt[static_cast<size_t>(j * 8 + k)];
      want[static_cast<size_t>(i * 5 + j)] = static_cast<float>(acc);
    }
  const std::vector<float> y = run_spud(r.bytes, x);
  ASSERT_EQ(y.size(), want.size());
  for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], want[i], 1e-5f) << i;
}


// --- pre-packed weights (--prepack) -------------------------------------------

// x [1,16,12,12] -> 1x1 Conv + Relu -> 3x3 Conv (12x12: 36 Winograd tiles)
// -> 3x3 Conv of stride 2 (products of 288): one node for each of the
// AVX-512 Conv kernels that pack.
void save_packing_model(const std::string& file) {
  std::mt19937 rng(23);
  auto values = [&](size_t n) { return uniform_floats(rng, n, -0.3f, 0.3f); };
  OnnxModel m;
  m.input("x", kFloat, {1, 16, 12, 12}).output("y", kFloat, {1, 16, 6, 6});
  m.initializer("W1", {32, 16, 1, 1}, values(32 * 16)).initializer("B1", {32}, values(32));
  m.initializer("W2", {32, 32, 3, 3}, values(32 * 32 * 9)).initializer("B2", {32}, values(32));
  m.initializer("W3", {16, 32, 3, 3}, values(16 * 32 * 9));
  m.node("Conv", {"x", "W1", "B1"}, {"c1"});
  m.node("Relu", {"c1"}, {"r1"});
  set_attr(m.node("Conv", {"r1", "W2", "B2"}, {"c2"}), "pads", std::vector<int64_t>{1, 1, 1, 1});
  onnx::NodeProto* c3 = m.node("Conv", {"c2", "W3"}, {"y"});
  set_attr(c3, "pads", std::vector<int64_t>{1, 1, 1, 1});
  set_attr(c3, "strides", std::vector<int64_t>{2, 2});
  m.save(file);
}

}  // namespace
namespace kernels {
bool packed_gemm_available();
}  // namespace kernels
namespace {

TEST_F(CliTest, PrepackedWeightsAreUsedInPlaceWithTheSameOutputs) {
  save_packing_model(path("packing.onnx"));
  convert::ConvertOptions plain, prepack;
  prepack.prepack = true;
  const convert::ConvertResult a = convert::convert_model(path("packing.onnx"), plain);
  const convert::ConvertResult b = convert::convert_model(path("packing.onnx"), prepack);
  size_t packed_bytes = 0;
  std::vector<std::string> kinds;
  for (const convert::Node& n : a.graph.nodes) EXPECT_TRUE(n.packed_kind.empty()) << n.op_type;
  for (const convert::Node& n : b.graph.nodes)
    if (!n.packed_kind.empty()) {
      kinds.push_back(n.packed_kind);
      packed_bytes += n.packed.size();
    }
  std::sort(kinds.begin(), kinds.end());
#if defined(SPUD_XNNPACK)
  // Packed whatever the converting CPU: the kinds name layout and sizes.
  EXPECT_EQ(kinds, (std::vector<std::string>{"spud.conv_ohwi.panels32.v1 k=16 n=32",
                                             "spud.conv_ohwi.panels32.v1 k=288 n=16",
                                             "spud.winograd_f2x2_3x3.panels32.v1 k=32 n=32"}));
  // The file grows by the packed bytes, their alignment and their kinds.
  EXPECT_GE(b.bytes.size(), a.bytes.size() + packed_bytes);
  EXPECT_LE(b.bytes.size(), a.bytes.size() + packed_bytes + 3 * (64 + 64) + 64);
#else
  EXPECT_TRUE(kinds.empty()) << "a build without the AVX-512 kernels has nothing to pre-pack";
#endif
  std::mt19937 rng(5);
  const std::vector<float> x = uniform_floats(rng, 16 * 12 * 12, -1.f, 1.f);
  const SpudRun ra = run_spud_session(a.bytes, x), rb = run_spud_session(b.bytes, x);
  ASSERT_EQ(ra.y.size(), 16u * 36u);
  ASSERT_EQ(rb.y.size(), ra.y.size());
  // The same kernels over the same packed values.
  for (size_t i = 0; i < ra.y.size(); ++i) EXPECT_EQ(rb.y[i], ra.y[i]) << i;
  const bool used = !kinds.empty() && kernels::packed_gemm_available();
  // In place: the session holds none of those bytes itself.
  EXPECT_EQ(ra.kernel_state - rb.kernel_state, used ? packed_bytes : 0u);

  // A kind the kernel does not know (the file is untrusted) is ignored:
  // it packs from the original weights and computes the same.
  std::vector<uint8_t> renamed = b.bytes;
  const std::string mark = "spud.winograd";
  auto at = std::search(renamed.begin(), renamed.end(), mark.begin(), mark.end());
  ASSERT_EQ(at != renamed.end(), !kinds.empty());
  if (at != renamed.end()) *at = 'S';
  const SpudRun rc = run_spud_session(renamed, x);
  ASSERT_EQ(rc.y.size(), ra.y.size());
  for (size_t i = 0; i < ra.y.size(); ++i) EXPECT_EQ(rc.y[i], ra.y[i]) << i;
  if (used) EXPECT_GT(rc.kernel_state, rb.kernel_state);

  // The CLI: --prepack says what it stored; spud check shows it.
  const CliResult conv = cli("convert " + path("packing.onnx") + " -o " + path("p.spud") + " --prepack");
  ASSERT_EQ(conv.exit_code, 0) << conv.err;
  EXPECT_NE(conv.out.find("pre-packed: " + std::to_string(kinds.size()) + " nodes"), std::string::npos) << conv.out;
  const CliResult check = cli("check " + path("p.spud"));
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.out.find("pre-packed weights: " + std::to_string(kinds.size()) + " nodes") != std::string::npos,
            !kinds.empty())
      << check.out;
}

// ONNX 1.12's shape inference divides by a zero stride (SIGFPE) on a model
// its checker accepts: the converter runs it in a child process, so that is
// an error naming the file, and nothing is written.
TEST_F(CliTest, ShapeInferenceCrashIsAnError) {
  OnnxModel m;
  m.input("x", kFloat, {1, 1, 4, 4}).output("y", kFloat, {1, 1, 3, 3});
  m.initializer("w", {1, 1, 2, 2}, {1.f, 1.f, 1.f, 1.f});
  set_attr(m.node("Conv", {"x", "w"}, {"y"}), "strides", std::vector<int64_t>{0, 0});
  m.save(path("zero_stride.onnx"));
  const CliResult r = cli("convert " + path("zero_stride.onnx"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("zero_stride.onnx"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ONNX shape inference"), std::string::npos) << r.err;
  EXPECT_EQ(files(), std::vector<std::string>{"zero_stride.onnx"});
}

// ONNX's shape inference and version converter run through
// run_onnx_isolated: a crash in the child is a ConvertError naming the file,
// the step and the signal; what the step throws comes back as its text;
// and a model the child makes comes back whole.
TEST(RunOnnxIsolated, CrashThrowAndResult) {
  onnx::ModelProto m;
  m.set_producer_name("before");
  try {
    convert::run_onnx_isolated(m, "m.onnx", "the step", "look here", [](const onnx::ModelProto&) -> onnx::ModelProto {
      std::raise(SIGSEGV);
      return {};
    });
    ADD_FAILURE() << "a crash in the child was not an error";
  } catch (const convert::IsolatedError& e) {
    ADD_FAILURE() << "a crash came back as the step's own exception: " << e.what();
  } catch (const convert::ConvertError& e) {
    EXPECT_EQ(std::string(e.what()), "m.onnx: the step crashed on this model (signal " + std::to_string(SIGSEGV) + "); look here");
  }
  try {
    convert::run_onnx_isolated(m, "m.onnx", "the step", "", [](const onnx::ModelProto&) -> onnx::ModelProto {
      throw std::invalid_argument("no such input");
    });
    ADD_FAILURE() << "an exception in the child was lost";
  } catch (const convert::IsolatedError& e) {
    EXPECT_STREQ(e.what(), "no such input");
  }
  const onnx::ModelProto out = convert::run_onnx_isolated(m, "m.onnx", "the step", "", [](const onnx::ModelProto& in) {
    onnx::ModelProto copy = in;
    copy.set_producer_name(in.producer_name() + ", after");
    return copy;
  });
  EXPECT_EQ(out.producer_name(), "before, after");
}

// An empty initializer whose other dimensions multiply past int64: its
// (zero) data matches, but the converter multiplies the dimensions.
TEST_F(CliTest, InitializerWithOverflowingDimensionsIsAnError) {
  OnnxModel m;
  m.input("x", kFloat, {1}).output("y", kFloat, {1});
  m.initializer("huge", {0, int64_t{1} << 42, int64_t{1} << 42}, {});
  m.node("Identity", {"x"}, {"y"});
  m.node("Shape", {"huge"}, {"s"});
  m.save(path("huge.onnx"));
  const CliResult r = cli("convert " + path("huge.onnx"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("huge"), std::string::npos) << r.err;
  EXPECT_EQ(files(), std::vector<std::string>{"huge.onnx"});
}

// At opset 18 ONNX 1.12's checker and shape inference are skipped, so a
// Shape with no input reaches the writer with an output of no type: the
// error names that value and its node (fuzz regression
// shape-node-without-input), and nothing is written.
TEST_F(CliTest, ValueWithoutElementTypeNamesItsNode) {
  OnnxModel m(18);
  m.input("x", kFloat, {1}).output("y", kFloat, {1});
  m.node("Shape", {}, {"s"})->set_name("lonely_shape");
  set_attr(m.node("Cast", {"s"}, {"f"}), "to", int64_t{onnx::TensorProto::FLOAT});
  m.node("Add", {"x", "f"}, {"y"});
  m.save(path("untyped.onnx"));
  const CliResult r = cli("convert " + path("untyped.onnx"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("tensor 's' has no element type"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'lonely_shape' (Shape)"), std::string::npos) << r.err;
  EXPECT_EQ(files(), std::vector<std::string>{"untyped.onnx"});
}

// ConstantOfShape(shape) -> ReduceSum -> + x: a chain the converter folds
// when what it computes is small.
OnnxModel constant_chain(const std::vector<int64_t>& shape, bool matmul) {
  OnnxModel m(13);
  m.input("x", kFloat, {1}).output("y", kFloat, {1});
  m.int64_initializer("shape", shape);
  onnx::NodeProto* c = m.node("ConstantOfShape", {"shape"}, {"c"});
  onnx::AttributeProto* a = c->add_attribute();
  a->set_name("value");
  a->set_type(onnx::AttributeProto::TENSOR);
  a->mutable_t()->set_data_type(onnx::TensorProto::FLOAT);
  a->mutable_t()->add_dims(1);
  a->mutable_t()->add_float_data(1.f);
  if (matmul) m.node("MatMul", {"c", "c"}, {"p"});
  set_attr(m.node("ReduceSum", {matmul ? "p" : "c"}, {"r"}), "keepdims", int64_t{0});
  m.node("Add", {"x", "r"}, {"y"});
  return m;
}

std::vector<std::string> op_types(const convert::Graph& g) {
  std::vector<std::string> ops;
  for (const convert::Node& n : g.nodes) ops.push_back(n.op_type);
  return ops;
}

TEST_F(CliTest, SmallConstantChainsAreFolded) {
  constant_chain({5, 5}, /*matmul=*/true).save(path("small.onnx"));
  const convert::ConvertResult r = convert::convert_model(path("small.onnx"), convert::ConvertOptions());
  EXPECT_EQ(op_types(r.graph), std::vector<std::string>{"Add"});
  EXPECT_EQ(run_spud(r.bytes, {0.5f}), std::vector<float>{0.5f + 5 * 5 * 5});
}

// A 200-byte model whose ConstantOfShape makes 30000 x 30000 floats: folded,
// it took 14 GB and 80 s of the converter (a fuzz finding). Over the folding
// budget the node stays for run time, and the plan (3.6 GB) is laid out
// without allocating it.
TEST_F(CliTest, ConstantsOverTheFoldingBudgetAreLeftToRunTime) {
  constant_chain({30000, 30000}, false).save(path("big.onnx"));
  const convert::ConvertResult r = convert::convert_model(path("big.onnx"), convert::ConvertOptions());
  EXPECT_EQ(op_types(r.graph), (std::vector<std::string>{"ConstantOfShape", "ReduceSum", "Add"}));
  EXPECT_LT(r.bytes.size(), 4096u);
  AlignedBytes storage(r.bytes);
  spud_model* model = nullptr;
  spud_error err{};
  ASSERT_EQ(spud_model_load(storage.data(), storage.size(), &model, &err), SPUD_OK) << err.message;
  size_t need = 0;
  EXPECT_EQ(spud_model_session_memory(model, &need, &err), SPUD_OK) << err.message;
  EXPECT_GT(need, size_t{30000} * 30000 * 4);
  spud_model_free(model);
}

// 1024 x 1024 ones times themselves is 2^30 multiply-adds: the constant
// operand is folded (4 MiB of weights), the product left to run time.
TEST_F(CliTest, MatrixProductsOverTheFoldingBudgetAreLeftToRunTime) {
  constant_chain({1024, 1024}, true).save(path("product.onnx"));
  const convert::ConvertResult r = convert::convert_model(path("product.onnx"), convert::ConvertOptions());
  EXPECT_EQ(op_types(r.graph), (std::vector<std::string>{"MatMul", "ReduceSum", "Add"}));
  EXPECT_GT(r.bytes.size(), size_t{1024} * 1024 * 4);
}

TEST_F(CliTest, AShapeWhoseBytesOverflowIsAnErrorNamingTheValue) {
  constant_chain({1000000000000, 1000000000000}, false).save(path("huge.onnx"));
  const CliResult r = cli("convert " + path("huge.onnx"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("tensor 'c' (an output of node 'ConstantOfShape_1' (ConstantOfShape)) has shape "
                       "[1000000000000, 1000000000000], more bytes than a tensor can hold"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(files(), std::vector<std::string>{"huge.onnx"});
}

}  // namespace
}  // namespace spud
