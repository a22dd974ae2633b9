// Shared by the command-line tests (convert_test.cc, cli_test.cc): tiny
// ONNX models built with onnx_proto, and a fixture that runs the `spud`
// binary (SPUD_CLI_PATH, from CMake) in a directory of its own per test.
#ifndef SPUD_TESTS_TOOLS_CLI_HELPERS_H_
#define SPUD_TESTS_TOOLS_CLI_HELPERS_H_

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "onnx/onnx_pb.h"

namespace spud {
namespace cli_test {

namespace fs = std::filesystem;

// --- building ONNX models ---------------------------------------------------

class OnnxModel {
 public:
  explicit OnnxModel(int64_t opset = 17) {
    model_.set_ir_version(8);
    model_.set_producer_name("convert_test");
    auto* op = model_.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    model_.mutable_graph()->set_name("g");
  }
  OnnxModel& import(const std::string& domain, int64_t version) {
    auto* op = model_.add_opset_import();
    op->set_domain(domain);
    op->set_version(version);
    return *this;
  }
  OnnxModel& input(const std::string& name, int elem_type, const std::vector<int64_t>& dims) {
    set_type(model_.mutable_graph()->add_input(), name, elem_type, dims);
    return *this;
  }
  OnnxModel& output(const std::string& name, int elem_type, const std::vector<int64_t>& dims) {
    set_type(model_.mutable_graph()->add_output(), name, elem_type, dims);
    return *this;
  }
  OnnxModel& initializer(const std::string& name, const std::vector<int64_t>& dims,
                         const std::vector<float>& values) {
    onnx::TensorProto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) t->add_dims(d);
    for (float v : values) t->add_float_data(v);
    return *this;
  }
  OnnxModel& int64_initializer(const std::string& name, const std::vector<int64_t>& values) {
    onnx::TensorProto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<int64_t>(values.size()));
    for (int64_t v : values) t->add_int64_data(v);
    return *this;
  }
  onnx::NodeProto* node(const std::string& op, const std::vector<std::string>& inputs,
                        const std::vector<std::string>& outputs, const std::string& domain = "") {
    onnx::NodeProto* n = model_.mutable_graph()->add_node();
    n->set_op_type(op);
    n->set_domain(domain);
    n->set_name(op + "_" + std::to_string(model_.graph().node_size()));
    for (const std::string& i : inputs) n->add_input(i);
    for (const std::string& o : outputs) n->add_output(o);
    return n;
  }
  void save(const std::string& path) const {
    std::ofstream f(path, std::ios::binary);
    ASSERT_TRUE(model_.SerializeToOstream(&f));
  }

 private:
  static void set_type(onnx::ValueInfoProto* v, const std::string& name, int elem_type,
                       const std::vector<int64_t>& dims) {
    v->set_name(name);
    auto* tt = v->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(elem_type);
    auto* shape = tt->mutable_shape();
    for (int64_t d : dims) {
      auto* dim = shape->add_dim();
      if (d >= 0) dim->set_dim_value(d); else dim->set_dim_param("N");
    }
  }
  onnx::ModelProto model_;
};

constexpr int kFloat = onnx::TensorProto::FLOAT;

// x[2,3] -> Relu -> y
inline OnnxModel relu_model(const std::string& in = "x", const std::string& out = "y") {
  OnnxModel m;
  m.input(in, kFloat, {2, 3}).output(out, kFloat, {2, 3});
  m.node("Relu", {in}, {out});
  return m;
}

inline void write_tensor_pb(const std::string& path, const std::string& name, const std::vector<int64_t>& dims,
                     const std::vector<float>& values) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims) t.add_dims(d);
  t.set_raw_data(values.data(), values.size() * sizeof(float));
  std::ofstream f(path, std::ios::binary);
  ASSERT_TRUE(t.SerializeToOstream(&f));
}

inline std::string read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// --- running the CLI --------------------------------------------------------

struct CliResult {
  int exit_code = -1;
  std::string out, err;
  int lines() const {
    const std::string all = out + err;
    int n = 0;
    for (char c : all) n += c == '\n';
    return n;
  }
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / (std::string("spud_convert_test_") + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // Runs `spud ARGS` with stdout and stderr captured.
  CliResult cli(const std::string& args) {
    CliResult r;
    const fs::path out = dir_ / ".cli_stdout", err = dir_ / ".cli_stderr";
    const std::string cmd = std::string("'") + SPUD_CLI_PATH + "' " + args + " >'" + out.string() + "' 2>'" +
                            err.string() + "'";
    const int status = std::system(cmd.c_str());
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_text(out);
    r.err = read_text(err);
    fs::remove(out);
    fs::remove(err);
    return r;
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Every file below the test directory, relative, sorted.
  std::vector<std::string> files() const {
    std::vector<std::string> v;
    for (const auto& e : fs::recursive_directory_iterator(dir_))
      if (e.is_regular_file()) v.push_back(fs::relative(e.path(), dir_).string());
    std::sort(v.begin(), v.end());
    return v;
  }

  fs::path dir_;
};

inline size_t count_of(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace cli_test
}  // namespace spud

#endif  // SPUD_TESTS_TOOLS_CLI_HELPERS_H_
