// The command line as a user meets it (issue #12): every error names the
// problem and the next step; check summarizes and judges; --json parses and
// holds the documented fields; inputs by position, as .pb, .npy (made and
// read by NumPy itself) or raw bytes; outputs named after the model's; the
// content checksum catches a flipped byte; configs merge.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "cli_helpers.h"
#include "nlohmann/json.hpp"
#include "spud/spud.h"
#include "spud_generated.h"

namespace spud {
namespace {

using namespace cli_test;  // NOLINT
using nlohmann::json;

constexpr int kInt64 = onnx::TensorProto::INT64;

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// x[N,3] (N symbolic) -> Relu -> y
OnnxModel symbolic_relu() {
  OnnxModel m;
  m.input("x", kFloat, {-1, 3}).output("y", kFloat, {-1, 3});
  m.node("Relu", {"x"}, {"y"});
  return m;
}

// tokens int64 [2,3] -> Gather(table [100,4]) -> y [2,3,4]
OnnxModel embedding() {
  OnnxModel m;
  std::vector<float> table(400);
  for (size_t i = 0; i < table.size(); ++i) table[i] = static_cast<float>(i);
  m.input("tokens", kInt64, {2, 3}).output("y", kFloat, {2, 3, 4});
  m.initializer("table", {100, 4}, table);
  m.node("Gather", {"table", "tokens"}, {"y"});
  return m;
}

// A model with an operator no build has.
OnnxModel fancy(const std::vector<int64_t>& dims = {2}) {
  OnnxModel m;
  m.import("com.example", 1);
  m.input("x", kFloat, dims).output("y", kFloat, dims);
  m.node("FancyOp", {"x"}, {"y"}, "com.example");
  return m;
}

// NumPy, run by Debian's python3: the reference for the .npy files.
int python(const std::string& code) {
  const std::string cmd = "/usr/bin/python3 -c \"" + code + "\"";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

json parse_json(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j;
}

// --- the command itself -------------------------------------------------------

TEST_F(CliTest, BareSpudPrintsTheHelp) {
  const CliResult r = cli("");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* cmd : {"convert", "run", "check", "ops", "quantize"}) EXPECT_TRUE(has(r.out, cmd)) << r.out;
  EXPECT_FALSE(has(r.out + r.err, "A subcommand is required"));
}

TEST_F(CliTest, AnUnknownCommandIsNamedWithTheCommands) {
  const CliResult r = cli("frob");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.err, "'frob' is not a spud command (the commands: convert, run, check, ops, quantize)")) << r.err;
  const CliResult file = cli("model.onnx");
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_TRUE(has(file.err, "spud convert model.onnx")) << file.err;
}

// --- convert --------------------------------------------------------------------

TEST_F(CliTest, AFailedConversionStillShowsTheSymbolicDimensionNotes) {
  fancy({-1, 3}).save(path("f.onnx"));
  const CliResult r = cli("convert " + path("f.onnx"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.err, "note: " + path("f.onnx") + ": input 'x' dimension 0 ('N') is symbolic")) << r.err;
  EXPECT_TRUE(has(r.err, "--dim N=")) << r.err;
  EXPECT_LT(r.err.find("note:"), r.err.find("error:")) << r.err;
  EXPECT_EQ(files(), std::vector<std::string>{"f.onnx"});
}

TEST_F(CliTest, AnUnknownDimNameIsAnErrorListingTheModelsDimensions) {
  symbolic_relu().save(path("s.onnx"));
  const CliResult typo = cli("convert " + path("s.onnx") + " --dim M=3");
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_TRUE(has(typo.err, "--dim M: the model's inputs have no symbolic dimension of that name (they have: N)"))
      << typo.err;
  relu_model().save(path("fixed.onnx"));
  const CliResult none = cli("convert " + path("fixed.onnx") + " --dim N=3");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(has(none.err, "(they have none)")) << none.err;
  EXPECT_EQ(files(), (std::vector<std::string>{"fixed.onnx", "s.onnx"}));
}

TEST_F(CliTest, ConvertingOneAtATimeIntoOneDirectoryMergesTheConfig) {
  relu_model().save(path("a.onnx"));
  embedding().save(path("b.onnx"));
  ASSERT_EQ(cli("convert " + path("a.onnx") + " --enable-type-reduction").exit_code, 0);
  const CliResult second = cli("convert " + path("b.onnx") + " --enable-type-reduction");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(has(second.out, "merged: 1 operator from the config already there kept")) << second.out;
  const std::string config = read_text(dir_ / "required_operators_and_types.config");
  EXPECT_TRUE(has(config, "# - " + path("a.onnx") + "\n# - " + path("b.onnx") + "\n")) << config;
  EXPECT_TRUE(has(config, "ai.onnx;17;Gather,Relu{\"inputs\": {\"0\": [\"float\"]}}")) << config;
  // Converting a model again lists it once.
  ASSERT_EQ(cli("convert " + path("b.onnx") + " --enable-type-reduction").exit_code, 0);
  EXPECT_EQ(read_text(dir_ / "required_operators_and_types.config"), config);
  // --overwrite-config starts afresh.
  ASSERT_EQ(cli("convert " + path("b.onnx") + " --enable-type-reduction --overwrite-config").exit_code, 0);
  const std::string fresh = read_text(dir_ / "required_operators_and_types.config");
  EXPECT_FALSE(has(fresh, "Relu")) << fresh;
  EXPECT_FALSE(has(fresh, "a.onnx")) << fresh;
}

TEST_F(CliTest, AConfigThatDoesNotParseIsNotOverwritten) {
  relu_model().save(path("a.onnx"));
  std::ofstream(path("required_operators.config")) << "ai.onnx;seventeen;Relu\n";
  const CliResult r = cli("convert " + path("a.onnx"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.err, "required_operators.config:1:")) << r.err;
  EXPECT_EQ(read_text(dir_ / "required_operators.config"), "ai.onnx;seventeen;Relu\n");
}

TEST_F(CliTest, ConvertJsonListsModelsFailuresAndOperators) {
  fs::create_directories(dir_ / "m");
  relu_model().save(path("m/good.onnx"));
  fancy().save(path("m/bad.onnx"));
  const CliResult r = cli("convert " + path("m") + " --json");
  EXPECT_EQ(r.exit_code, 1);
  const json j = parse_json(r.out);
  EXPECT_EQ(j["ok"], false);
  ASSERT_EQ(j["models"].size(), 1u);
  EXPECT_EQ(j["models"][0]["source"], path("m/good.onnx"));
  EXPECT_EQ(j["models"][0]["target"], path("m/good.spud"));
  EXPECT_EQ(j["models"][0]["nodes"], 1);
  EXPECT_GT(j["models"][0]["file_bytes"].get<int>(), 0);
  ASSERT_EQ(j["failed"].size(), 1u);
  EXPECT_EQ(j["failed"][0]["source"], path("m/bad.onnx"));
  EXPECT_TRUE(has(j["failed"][0]["error"].get<std::string>(), "FancyOp"));
  EXPECT_EQ(j["operators"], json::parse(R"([["ai.onnx", 17, "Relu"]])"));
  EXPECT_EQ(j["config"], path("m/required_operators.config"));
}

// --- check ----------------------------------------------------------------------

TEST_F(CliTest, CheckOnnxSummarizesAndSaysThisBuildRunsIt) {
  embedding().save(path("e.onnx"));
  const CliResult r = cli("check " + path("e.onnx"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "opsets: ai.onnx=17")) << r.out;
  EXPECT_TRUE(has(r.out, "tokens: int64 [2,3]")) << r.out;
  EXPECT_TRUE(has(r.out, "operators: 1 node, 1 type: Gather 1")) << r.out;
  EXPECT_TRUE(has(r.out, "parameters: 400 values, 1600 bytes (1.6 KiB), in 1 initializer")) << r.out;
  EXPECT_TRUE(has(r.out, "symbolic dimensions: none")) << r.out;
  EXPECT_TRUE(has(r.out, "verdict: this build of spud runs it")) << r.out;
  EXPECT_FALSE(has(r.out, "nodes:\n")) << "the node listing is behind --nodes";
  EXPECT_EQ(files(), std::vector<std::string>{"e.onnx"}) << "check writes nothing";

  const json j = parse_json(cli("check " + path("e.onnx") + " --json --nodes").out);
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["format"], "onnx");
  EXPECT_EQ(j["opsets"]["ai.onnx"], 17);
  EXPECT_EQ(j["inputs"][0]["name"], "tokens");
  EXPECT_EQ(j["inputs"][0]["dtype"], "int64");
  EXPECT_EQ(j["inputs"][0]["shape"], json::parse("[2, 3]"));
  EXPECT_EQ(j["operators"]["Gather"], 1);
  EXPECT_EQ(j["parameters"]["values"], 400);
  EXPECT_EQ(j["parameters"]["bytes"], 1600);
  EXPECT_EQ(j["onnx_checker"]["passed"], true);
  EXPECT_EQ(j["verdict"]["runs"], true);
  ASSERT_EQ(j["node_list"].size(), 1u);
  EXPECT_EQ(j["node_list"][0]["op"], "Gather");
  EXPECT_EQ(j["node_list"][0]["inputs"], json::parse(R"(["table", "tokens"])"));
}

TEST_F(CliTest, CheckOnnxThatThisBuildCannotRunListsTheMissingOperators) {
  fancy({-1, 3}).save(path("f.onnx"));
  const CliResult r = cli("check " + path("f.onnx"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.out, "ONNX checker: passed")) << r.out;
  EXPECT_TRUE(has(r.out, "verdict: this build of spud cannot run it")) << r.out;
  EXPECT_TRUE(has(r.out, "com.example FancyOp (opset 1)")) << r.out;
  EXPECT_TRUE(has(r.out, "symbolic dimensions: N (spud convert --dim NAME=N fixes one")) << r.out;
  const json j = parse_json(cli("check " + path("f.onnx") + " --json").out);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["verdict"]["runs"], false);
  EXPECT_EQ(j["verdict"]["missing_operators"], json::parse(R"j(["com.example FancyOp (opset 1)"])j"));
  EXPECT_EQ(j["symbolic_dims"], json::parse(R"(["N"])"));
  EXPECT_EQ(j["inputs"][0]["shape"], json::parse(R"(["N", 3])"));
}

TEST_F(CliTest, CheckSpudShowsHowItWasConvertedItsMemoryAndTheChecksum) {
  symbolic_relu().save(path("s.onnx"));
  ASSERT_EQ(cli("convert " + path("s.onnx") + " --dim N=2 --layout nchw").exit_code, 0);
  const CliResult r = cli("check " + path("s.spud"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "content checksum matches")) << r.out;
  EXPECT_TRUE(has(r.out, "converted with: spud convert --dim N=2 --layout nchw")) << r.out;
  EXPECT_TRUE(has(r.out, "x: float32 [2,3]")) << r.out;
  EXPECT_TRUE(has(r.out, "run: every shape is fixed; Run() never allocates")) << r.out;
  EXPECT_TRUE(has(r.out, "memory: arena ")) << r.out;
  EXPECT_TRUE(has(r.out, "this build of spud runs it")) << r.out;

  // Left symbolic: the dimension, the run-time preparation and the heap.
  ASSERT_EQ(cli("convert " + path("s.onnx") + " -o " + path("dyn.spud")).exit_code, 0);
  const json j = parse_json(cli("check " + path("dyn.spud") + " --json").out);
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["checksum"], "ok");
  EXPECT_EQ(j["symbolic_dims"], json::parse(R"(["N"])"));
  EXPECT_EQ(j["inputs"][0]["shape"], json::parse(R"(["N", 3])"));
  EXPECT_EQ(j["dynamic"]["run_may_allocate"], true);
  EXPECT_EQ(j["conversion"], json::parse(R"([{"key": "layout", "value": "nhwc"}])"));
  EXPECT_EQ(j["operators"]["Relu"], 1);
  EXPECT_TRUE(j["memory"].contains("arena_bytes"));
  EXPECT_EQ(j["kernels"]["ok"], true);
}

TEST_F(CliTest, CheckSpudShowsADataDependentOutputAsSuch) {
  OnnxModel m;
  m.input("x", kFloat, {4}).output("idx", kInt64, {1, -1});
  m.node("NonZero", {"x"}, {"idx"});
  m.save(path("nz.onnx"));
  ASSERT_EQ(cli("convert " + path("nz.onnx")).exit_code, 0);
  const CliResult r = cli("check " + path("nz.spud"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "idx: int64, shape computed by each run (data-dependent)")) << r.out;
  EXPECT_TRUE(has(r.out, "dynamic nodes: NonZero")) << r.out;
  const json j = parse_json(cli("check " + path("nz.spud") + " --json").out);
  EXPECT_EQ(j["outputs"][0]["data_dependent"], true);
  EXPECT_TRUE(j["outputs"][0]["shape"].is_null());
  EXPECT_EQ(j["dynamic"]["nodes"], 1);
}

TEST_F(CliTest, AFlippedWeightByteFailsTheChecksum) {
  embedding().save(path("e.onnx"));
  ASSERT_EQ(cli("convert " + path("e.onnx")).exit_code, 0);
  std::string bytes = read_text(dir_ / "e.spud");
  // A byte of the table's last row (the data section is the file's end).
  bytes[bytes.size() - 8] ^= 0x01;
  std::ofstream(path("flipped.spud"), std::ios::binary) << bytes;

  const CliResult r = cli("check " + path("flipped.spud"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.out, "CONTENT CHECKSUM MISMATCH")) << r.out;
  EXPECT_EQ(parse_json(cli("check " + path("flipped.spud") + " --json").out)["checksum"], "mismatch");

  // The loader sees it only when asked: the structure is still sound.
  spud_model* model = nullptr;
  spud_error err{};
  EXPECT_EQ(spud_model_load_file(path("flipped.spud").c_str(), &model, &err), SPUD_OK) << err.message;
  spud_model_free(model);
  EXPECT_EQ(spud_model_load_file_with_flags(path("flipped.spud").c_str(), SPUD_LOAD_VERIFY_CHECKSUM, &model, &err),
            SPUD_INVALID_MODEL);
  EXPECT_TRUE(has(err.message, "content checksum does not match")) << err.message;
  EXPECT_EQ(model, nullptr);
  EXPECT_EQ(spud_model_load_file_with_flags(path("e.spud").c_str(), SPUD_LOAD_VERIFY_CHECKSUM, &model, &err), SPUD_OK)
      << err.message;
  spud_model_free(model);
  EXPECT_EQ(spud_model_load_file_with_flags(path("e.spud").c_str(), 2u, &model, &err), SPUD_INVALID_ARGUMENT);
}

// The stored checksum is zlib's crc32 of the covered bytes with its own four
// zeroed, as schema/README.md says: Python's zlib, not spud, recomputes it.
TEST_F(CliTest, TheContentChecksumIsZlibsCrc32OfTheFile) {
  embedding().save(path("e.onnx"));
  ASSERT_EQ(cli("convert " + path("e.onnx")).exit_code, 0);
  const std::string bytes = read_text(dir_ / "e.spud");
  const schema::Model* m = schema::GetSizePrefixedModel(bytes.data());
  ASSERT_NE(m->content_crc32(), nullptr);
  const size_t at = static_cast<size_t>(reinterpret_cast<const char*>(m->content_crc32()->data()) - bytes.data());
  const uint64_t end = m->data_offset() + m->data_size();
  EXPECT_EQ(end, bytes.size());
  EXPECT_EQ(python("import sys, zlib; b = bytearray(open('" + path("e.spud") + "', 'rb').read()); at = " +
                   std::to_string(at) + "; stored = bytes(b[at:at + 4]); b[at:at + 4] = bytes(4); "
                   "sys.exit(0 if zlib.crc32(bytes(b[:" + std::to_string(end) +
                   "])).to_bytes(4, 'little') == stored else 1)"),
            0);
}

// --- quantize -----------------------------------------------------------------

TEST_F(CliTest, QuantizeNamesWhatIsWrongAndWritesNothing) {
  // x[1,4] -> MatMul(w [4,3]) -> y
  OnnxModel m(13);
  m.input("x", kFloat, {1, 4}).output("y", kFloat, {1, 3});
  m.initializer("w", {4, 3}, {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, 0.8f, -0.9f, 1.f, 1.1f, -1.2f});
  m.node("MatMul", {"x", "w"}, {"y"});
  m.save(path("mm.onnx"));
  const CliResult no_dir = cli("quantize " + path("mm.onnx") + " --calibration " + path("nowhere"));
  EXPECT_EQ(no_dir.exit_code, 1);
  EXPECT_TRUE(has(no_dir.err, "--calibration " + path("nowhere") + ": not a directory")) << no_dir.err;
  fs::create_directories(dir_ / "empty");
  EXPECT_TRUE(has(cli("quantize " + path("mm.onnx") + " --calibration " + path("empty")).err, "no .pb or .npy samples"));
  fs::create_directories(dir_ / "cal");
  write_tensor_pb(path("cal/a.pb"), "x", {1, 5}, {1, 2, 3, 4, 5});
  const CliResult shape = cli("quantize " + path("mm.onnx") + " --calibration " + path("cal"));
  EXPECT_EQ(shape.exit_code, 1);
  EXPECT_TRUE(has(shape.err, "a.pb")) << shape.err;
  relu_model().save(path("relu.onnx"));
  EXPECT_TRUE(has(cli("quantize " + path("relu.onnx") + " --calibration " + path("cal")).err,
                  "has no Conv, MatMul or Gemm with float weights to quantize"));
  OnnxModel old(11);
  old.input("x", kFloat, {1, 4}).output("y", kFloat, {1, 3});
  old.initializer("w", {4, 3}, std::vector<float>(12, 0.5f));
  old.node("MatMul", {"x", "w"}, {"y"});
  old.save(path("old.onnx"));
  EXPECT_TRUE(has(cli("quantize " + path("old.onnx") + " --calibration " + path("cal")).err, "imports opset 11"));
  // --keep-float leaves the only candidate in float: nothing to quantize.
  write_tensor_pb(path("cal/a.pb"), "x", {1, 4}, {1, 2, 3, 4});
  EXPECT_TRUE(has(cli("quantize " + path("mm.onnx") + " --calibration " + path("cal") + " --keep-float MatMul_1").err,
                  "has no Conv, MatMul or Gemm with float weights to quantize"));
  EXPECT_EQ(files(), (std::vector<std::string>{"cal/a.pb", "mm.onnx", "old.onnx", "relu.onnx"}));
}

TEST_F(CliTest, QuantizeWritesAQdqModelThatConvertsToQuantizedOperators) {
  OnnxModel m(13);
  m.input("x", kFloat, {1, 4}).output("y", kFloat, {1, 3});
  m.initializer("w", {4, 3}, {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, 0.8f, -0.9f, 1.f, 1.1f, -1.2f});
  m.node("MatMul", {"x", "w"}, {"y"});
  m.save(path("mm.onnx"));
  fs::create_directories(dir_ / "cal");
  write_tensor_pb(path("cal/a.pb"), "x", {1, 4}, {1, -2, 3, 0.5f});
  write_tensor_pb(path("cal/b.pb"), "x", {1, 4}, {-1, 2, 0.25f, 4});
  const CliResult r = cli("quantize " + path("mm.onnx") + " --calibration " + path("cal") + " -o " + path("mm.spud"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "quantized 1 node: MatMul")) << r.out;
  EXPECT_TRUE(has(r.out, "x                                        [-2, 4]")) << r.out;
  EXPECT_TRUE(fs::exists(dir_ / "mm.qdq.onnx"));
  const json j = parse_json(cli("check " + path("mm.spud") + " --json").out);
  EXPECT_EQ(j["operators"]["QLinearMatMul"], 1) << j.dump();
  // On a calibration sample the quantized product is close to the float one.
  const json run = parse_json(cli("run " + path("mm.spud") + " " + path("cal/a.pb") + " --json").out);
  const std::vector<float> want = {1 * 0.1f - 2 * 0.4f + 3 * 0.7f + 0.5f * 1.f, -0.2f + 1.f + 2.4f + 0.55f,
                                   0.3f - 1.2f - 2.7f - 0.6f};
  for (size_t k = 0; k < 3; ++k) EXPECT_NEAR(run["outputs"][0]["values"][k].get<float>(), want[k], 0.05f) << k;
}

// A BatchNormalization after the Conv folds into it before the Q/DQ pairs
// go in (else it would run in float between them), and a Relu after it
// becomes the quantized Conv's saturation.
TEST_F(CliTest, QuantizeFoldsBatchNormalizationAndTheReluIntoTheConv) {
  OnnxModel m(13);
  m.input("x", kFloat, {1, 1, 4, 4}).output("y", kFloat, {1, 2, 4, 4});
  m.initializer("w", {2, 1, 3, 3}, {0.1f, 0.2f, -0.1f, 0.3f, 0.5f, 0.2f, -0.2f, 0.1f, 0.4f,
                                    -0.3f, 0.2f, 0.1f, 0.0f, -0.5f, 0.3f, 0.2f, 0.1f, -0.1f});
  m.initializer("gamma", {2}, {1.5f, 0.5f}).initializer("beta", {2}, {0.1f, -0.2f});
  m.initializer("mean", {2}, {0.05f, -0.1f}).initializer("var", {2}, {0.9f, 1.2f});
  onnx::NodeProto* conv = m.node("Conv", {"x", "w"}, {"c"});
  auto* pads = conv->add_attribute();
  pads->set_name("pads");
  pads->set_type(onnx::AttributeProto::INTS);
  for (int k = 0; k < 4; ++k) pads->add_ints(1);
  m.node("BatchNormalization", {"c", "gamma", "beta", "mean", "var"}, {"bn"});
  m.node("Relu", {"bn"}, {"y"});
  m.save(path("cbr.onnx"));
  fs::create_directories(dir_ / "cal");
  for (int s = 0; s < 3; ++s) {
    std::vector<float> v(16);
    for (int k = 0; k < 16; ++k) v[static_cast<size_t>(k)] = static_cast<float>((k * 7 + s * 5) % 11) / 10.f - 0.3f;
    write_tensor_pb(path("cal/s" + std::to_string(s) + ".pb"), "x", {1, 1, 4, 4}, v);
  }
  const CliResult r = cli("quantize " + path("cbr.onnx") + " --calibration " + path("cal") + " -o " + path("cbr.spud"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "folded 1 BatchNormalization into the Conv before it")) << r.out;
  const json ops = parse_json(cli("check " + path("cbr.spud") + " --json").out)["operators"];
  EXPECT_EQ(ops, json::parse(R"({"QLinearConv": 1, "QuantizeLinear": 1, "DequantizeLinear": 1})")) << ops.dump();
  EXPECT_TRUE(has(r.out, "mean cosine similarity 0.99")) << r.out;
}

// --- run ------------------------------------------------------------------------

TEST_F(CliTest, RunOnAnOnnxFileSaysToConvertItFirst) {
  relu_model().save(path("m.onnx"));
  const CliResult r = cli("run " + path("m.onnx") + " --random");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.err, path("m.onnx") + " is an ONNX model, not a .spud file: convert it first with `spud convert " +
                             path("m.onnx") + "`"))
      << r.err;
}

TEST_F(CliTest, AnEmptyOrMissingSpudIsNamedAsSuch) {
  std::ofstream(path("empty.spud")).close();
  for (const char* cmd : {"run ", "check "}) {
    const CliResult r = cli(cmd + path("empty.spud"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has(r.err, "empty.spud is empty (0 bytes), not a .spud file: spud convert MODEL.onnx writes one"))
        << r.err;
  }
  const CliResult missing = cli("run " + path("absent.spud"));
  EXPECT_TRUE(has(missing.err, "absent.spud: no such file")) << missing.err;
}

TEST_F(CliTest, InputsByPositionOrWithoutAName) {
  relu_model().save(path("relu.onnx"));
  ASSERT_EQ(cli("convert " + path("relu.onnx")).exit_code, 0);
  write_tensor_pb(path("x.pb"), "x", {2, 3}, {-1.f, 2.f, -3.f, 4.f, -5.f, 6.f});
  for (const std::string& args : {path("x.pb"), "--input " + path("x.pb"), "-i x=" + path("x.pb")}) {
    const CliResult r = cli("run " + path("relu.spud") + " " + args);
    ASSERT_EQ(r.exit_code, 0) << args << ": " << r.err;
    EXPECT_TRUE(has(r.out, "output 'y' float32 [2,3]: 0 2 0 4 0 6")) << r.out;
  }
  const CliResult wrong = cli("run " + path("relu.spud") + " --input w=" + path("x.pb"));
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_TRUE(has(wrong.err, "the model has no input named 'w' (its inputs: x)")) << wrong.err;
  const CliResult extra = cli("run " + path("relu.spud") + " " + path("x.pb") + " " + path("x.pb"));
  EXPECT_EQ(extra.exit_code, 1);
  EXPECT_TRUE(has(extra.err, "more input files than the model has inputs (1: x)")) << extra.err;
  const CliResult none = cli("run " + path("relu.spud"));
  EXPECT_TRUE(has(none.err, "input 'x' float32 [2,3] needs a value: give a file (.pb, .npy or raw bytes)")) << none.err;
}

TEST_F(CliTest, NpyInputsAndOutputsAgreeWithNumPy) {
  relu_model().save(path("relu.onnx"));
  ASSERT_EQ(cli("convert " + path("relu.onnx")).exit_code, 0);
  ASSERT_EQ(python("import numpy; numpy.save('" + path("x.npy") +
                   "', numpy.array([[-1, 2, -3], [4, -5, 6]], dtype=numpy.float32))"),
            0);
  const CliResult r = cli("run " + path("relu.spud") + " " + path("x.npy") + " --output-dir " + path("out") +
                          " --output-format npy");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(dir_ / "out/y.npy")) << r.out;
  EXPECT_EQ(python("import numpy, sys; y = numpy.load('" + path("out/y.npy") +
                   "'); sys.exit(0 if y.dtype == numpy.float32 and y.shape == (2, 3) and "
                   "(y == numpy.array([[0, 2, 0], [4, 0, 6]])).all() else 1)"),
            0);
  // NumPy's default float64 is named with the fix.
  ASSERT_EQ(python("import numpy; numpy.save('" + path("x64.npy") + "', numpy.zeros((2, 3)))"), 0);
  const CliResult f64 = cli("run " + path("relu.spud") + " " + path("x64.npy"));
  EXPECT_EQ(f64.exit_code, 1);
  EXPECT_TRUE(has(f64.err, "the file holds float64 [2,3]")) << f64.err;
  EXPECT_TRUE(has(f64.err, "astype(numpy.float32)")) << f64.err;
  // Fortran order and a big-endian array.
  ASSERT_EQ(python("import numpy; numpy.save('" + path("f.npy") +
                   "', numpy.asfortranarray(numpy.ones((2, 3), dtype=numpy.float32)))"),
            0);
  EXPECT_TRUE(has(cli("run " + path("relu.spud") + " " + path("f.npy")).err, "Fortran (column-major) order"));
  ASSERT_EQ(python("import numpy; numpy.save('" + path("be.npy") +
                   "', numpy.array([[-1, 2, -3], [4, -5, 6]], dtype='>f4'))"),
            0);
  const CliResult be = cli("run " + path("relu.spud") + " " + path("be.npy"));
  ASSERT_EQ(be.exit_code, 0) << be.err;
  EXPECT_TRUE(has(be.out, "0 2 0 4 0 6")) << be.out;
}

TEST_F(CliTest, RawInputsTakeTheModelsShape) {
  relu_model().save(path("relu.onnx"));
  ASSERT_EQ(cli("convert " + path("relu.onnx")).exit_code, 0);
  const std::vector<float> x = {-1.f, 2.f, -3.f, 4.f, -5.f, 6.f};
  std::ofstream(path("x.bin"), std::ios::binary).write(reinterpret_cast<const char*>(x.data()), 24);
  const CliResult r = cli("run " + path("relu.spud") + " " + path("x.bin"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "0 2 0 4 0 6")) << r.out;
  std::ofstream(path("short.bin"), std::ios::binary).write(reinterpret_cast<const char*>(x.data()), 20);
  EXPECT_TRUE(has(cli("run " + path("relu.spud") + " " + path("short.bin")).err, "takes 24 bytes; the file has 20"));

  symbolic_relu().save(path("s.onnx"));
  ASSERT_EQ(cli("convert " + path("s.onnx")).exit_code, 0);
  EXPECT_TRUE(has(cli("run " + path("s.spud") + " " + path("x.bin")).err, "--shape x=D0,D1,..."));
  const CliResult shaped = cli("run " + path("s.spud") + " " + path("x.bin") + " --shape x=2,3");
  ASSERT_EQ(shaped.exit_code, 0) << shaped.err;
  EXPECT_TRUE(has(shaped.out, "output 'y' float32 [2,3]: 0 2 0 4 0 6")) << shaped.out;
}

TEST_F(CliTest, RandomIndicesStayWithinWhatTheyIndex) {
  embedding().save(path("e.onnx"));
  ASSERT_EQ(cli("convert " + path("e.onnx")).exit_code, 0);
  const CliResult a = cli("run " + path("e.spud") + " --random --seed 1 --json --print 24");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const json ja = parse_json(a.out);
  EXPECT_EQ(ja["inputs"][0]["range"], json::parse("[0, 100]"));
  EXPECT_TRUE(has(ja["inputs"][0]["random"].get<std::string>(), "it indexes Gather")) << ja.dump();
  // Each value of y is table[token][k] = 4 * token + k: the tokens come back.
  std::vector<int64_t> tokens;
  for (size_t i = 0; i < 24; i += 4) tokens.push_back(ja["outputs"][0]["values"][i].get<int64_t>() / 4);
  for (int64_t t : tokens) EXPECT_TRUE(t >= 0 && t < 100) << t;
  const json jb = parse_json(cli("run " + path("e.spud") + " --random --seed 2 --json --print 24").out);
  EXPECT_NE(ja["outputs"][0]["values"], jb["outputs"][0]["values"]) << "seeds 1 and 2 gave the same tokens";
  const CliResult text = cli("run " + path("e.spud") + " --random");
  EXPECT_TRUE(has(text.out, "input 'tokens' int64 [2,3]: random, integers in [0, 100) (it indexes Gather")) << text.out;
}

// A 3x3 Conv over an image of symbolic size: --random makes it 1x1, which
// the Conv refuses; the error says which dimensions --random chose.
TEST_F(CliTest, ARunThatFailsOnSymbolicSizesRandomChoseSaysSo) {
  OnnxModel m;
  m.input("img", kFloat, {1, 1, -1, -1}).output("y", kFloat, {1, 1, -1, -1});
  m.initializer("w", {1, 1, 3, 3}, std::vector<float>(9, 1.f));
  m.node("Conv", {"img", "w"}, {"y"});
  m.save(path("c.onnx"));
  ASSERT_EQ(cli("convert " + path("c.onnx")).exit_code, 0);
  const CliResult r = cli("run " + path("c.spud") + " --random");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.err, "input 'img' has symbolic dimensions (N, N) that --random set to 1: give their sizes with "
                         "--shape img=D0,D1,..."))
      << r.err;
  const CliResult sized = cli("run " + path("c.spud") + " --random --shape img=1,1,5,5");
  ASSERT_EQ(sized.exit_code, 0) << sized.err;
  EXPECT_TRUE(has(sized.out, "output 'y' float32 [1,1,3,3]")) << sized.out;
}

TEST_F(CliTest, OutputFilesAreNamedAfterTheOutputsOrTheirIndex) {
  OnnxModel m;
  m.input("x", kFloat, {2}).output("out/relu:0", kFloat, {2}).output("neg", kFloat, {2});
  m.node("Relu", {"x"}, {"out/relu:0"});
  m.node("Neg", {"x"}, {"neg"});
  m.save(path("two.onnx"));
  ASSERT_EQ(cli("convert " + path("two.onnx")).exit_code, 0);
  ASSERT_EQ(cli("run " + path("two.spud") + " --random --output-dir " + path("named")).exit_code, 0);
  EXPECT_TRUE(fs::exists(dir_ / "named/out_relu_0.pb"));
  EXPECT_TRUE(fs::exists(dir_ / "named/neg.pb"));
  ASSERT_EQ(cli("run " + path("two.spud") + " --random --output-dir " + path("indexed") + " --output-names index")
                .exit_code,
            0);
  EXPECT_TRUE(fs::exists(dir_ / "indexed/output_0.pb"));
  EXPECT_TRUE(fs::exists(dir_ / "indexed/output_1.pb"));
}

TEST_F(CliTest, AnOutputDirectoryThatCannotBeMadeIsAnError) {
  relu_model().save(path("relu.onnx"));
  ASSERT_EQ(cli("convert " + path("relu.onnx")).exit_code, 0);
  std::ofstream(path("file")) << "x";
  const CliResult r = cli("run " + path("relu.spud") + " --random --output-dir " + path("file/sub"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.err, "error: --output-dir " + path("file/sub") + ": cannot create the directory " +
                             path("file/sub") + " (")) << r.err;
  EXPECT_FALSE(has(r.err, "filesystem error")) << r.err;
  const CliResult conv = cli("convert " + path("relu.onnx") + " -o " + path("file/sub/m.spud"));
  EXPECT_EQ(conv.exit_code, 1);
  EXPECT_TRUE(has(conv.err, "error: cannot create the directory " + path("file/sub") + " (")) << conv.err;
  EXPECT_FALSE(has(conv.err, "filesystem error")) << conv.err;
}

TEST_F(CliTest, AnArenaOverTheLimitSaysItsSizeAndTheFlag) {
  symbolic_relu().save(path("s.onnx"));
  const CliResult conv = cli("convert " + path("s.onnx") + " --dim N=100000000");
  ASSERT_EQ(conv.exit_code, 0) << conv.err;
  EXPECT_TRUE(has(conv.out, "note: the arena is over the 1 GiB a session may take by default")) << conv.out;
  const CliResult r = cli("run " + path("s.spud") + " --random");
  EXPECT_EQ(r.exit_code, 1);
  // The size (the input and the output, 1.2 GB each, or one if in place).
  EXPECT_TRUE(has(r.err, "the arena needs 2400000") || has(r.err, "the arena needs 1200000")) << r.err;
  EXPECT_TRUE(has(r.err, "over its limit of 1073741824 (max_memory_bytes)")) << r.err;
  EXPECT_TRUE(has(r.err, "raise it with --max-memory")) << r.err;
}

TEST_F(CliTest, RunJsonHoldsInputsOutputsMemoryAndTimes) {
  relu_model().save(path("relu.onnx"));
  ASSERT_EQ(cli("convert " + path("relu.onnx")).exit_code, 0);
  write_tensor_pb(path("x.pb"), "x", {2, 3}, {-1.f, 2.f, -3.f, 4.f, -5.f, 6.f});
  const CliResult r = cli("run " + path("relu.spud") + " " + path("x.pb") + " --json --repeat 3 --profile");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = parse_json(r.out);
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["inputs"][0]["name"], "x");
  EXPECT_EQ(j["inputs"][0]["file"], path("x.pb"));
  EXPECT_EQ(j["outputs"][0]["name"], "y");
  EXPECT_EQ(j["outputs"][0]["dtype"], "float32");
  EXPECT_EQ(j["outputs"][0]["shape"], json::parse("[2, 3]"));
  EXPECT_EQ(j["outputs"][0]["values"], json::parse("[0, 2, 0, 4, 0, 6]"));
  EXPECT_EQ(j["latency_ms"]["runs"], 3);
  EXPECT_LE(j["latency_ms"]["min"].get<double>(), j["latency_ms"]["median"].get<double>());
  EXPECT_TRUE(j["arena_bytes"].is_number());
  EXPECT_EQ(j["profile"]["by_type"][0]["op"], "Relu");
  // A failure is JSON too.
  const json bad = parse_json(cli("run " + path("relu.spud") + " --json").out);
  EXPECT_EQ(bad["ok"], false);
  EXPECT_TRUE(has(bad["error"].get<std::string>(), "needs a value"));
}

}  // namespace
}  // namespace spud
