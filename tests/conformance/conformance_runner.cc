// Runs ONNX's backend node tests through spud: each case's model.onnx is
// converted by the converter library (what `spud convert` runs), executed
// through the public C API (what `spud run` runs) on every
// test_data_set_*/input_*.pb, and compared with output_*.pb: floats with
// |actual - expected| <= atol + rtol * |expected| (rtol 1e-3, atol 1e-5, as
// ONNX's runner), integers and bools exactly, NaN equal to NaN.
//
// A case that uses an operator with no kernel at all is "unsupported". A
// case of implemented operators that fails is a failure unless listed in the
// expected-failures file; a listed case that passes is a failure too, so the
// list stays honest. Exit status 1 on any failure.
//
//   spud_conformance NODE_DIR --expected-failures FILE [--report OUT.json] [--filter SUBSTR] [-v]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "converter/converter.h"
#include "spud/kernel.h"
#include "spud/spud.h"
#include "tensor_proto.h"

namespace fs = std::filesystem;
using spud::DType;
using spud::convert::TensorInfo;

namespace {

struct Outcome {
  std::string status;  // pass, fail, unsupported
  std::string detail;
};

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

std::map<std::string, std::string> read_expected_failures(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream f(path);
  if (!f) {
    std::fprintf(stderr, "error: cannot open %s\n", path.c_str());
    std::exit(2);
  }
  std::string line;
  while (std::getline(f, line)) {
    const size_t hash = line.find('#');
    std::string name = line.substr(0, hash);
    name.erase(std::remove_if(name.begin(), name.end(), ::isspace), name.end());
    if (name.empty()) continue;
    std::string reason = hash == std::string::npos ? "" : line.substr(hash + 1);
    while (!reason.empty() && reason.front() == ' ') reason.erase(reason.begin());
    if (reason.empty()) {
      std::fprintf(stderr, "error: %s: '%s' has no reason after '#'\n", path.c_str(), name.c_str());
      std::exit(2);
    }
    out[name] = reason;
  }
  return out;
}

template <typename T>
bool close_float(T a, T e, double rtol, double atol) {
  if (std::isnan(a) || std::isnan(e)) return std::isnan(a) && std::isnan(e);
  if (std::isinf(a) || std::isinf(e)) return a == e;
  return std::fabs(static_cast<double>(a) - static_cast<double>(e)) <= atol + rtol * std::fabs(static_cast<double>(e));
}

// "" when equal, else what differs.
std::string compare(const TensorInfo& e, const spud_tensor& a) {
  const std::vector<int64_t> dims(a.dims, a.dims + a.rank);
  if (static_cast<int>(e.dtype) != a.dtype)
    return std::string("type ") + spud::dtype_name(static_cast<DType>(a.dtype)) + ", expected " + spud::dtype_name(e.dtype);
  if (dims != e.shape) return "shape differs from the expected output";
  const int64_t n = e.num_elements();
  for (int64_t i = 0; i < n; ++i) {
    bool ok = true;
    switch (e.dtype) {
      case DType::kFloat32:
        ok = close_float(static_cast<const float*>(a.data)[i], reinterpret_cast<const float*>(e.data.data())[i], 1e-3, 1e-5);
        break;
      case DType::kFloat64:
        ok = close_float(static_cast<const double*>(a.data)[i], reinterpret_cast<const double*>(e.data.data())[i], 1e-3, 1e-5);
        break;
      default: {
        const size_t sz = spud::dtype_size(e.dtype);
        ok = std::memcmp(static_cast<const uint8_t*>(a.data) + i * sz, e.data.data() + i * sz, sz) == 0;
        break;
      }
    }
    if (!ok) return "value " + std::to_string(i) + " differs";
  }
  return "";
}

std::vector<std::string> op_types(const fs::path& model, bool nested = false);
onnx::ModelProto read_model(const fs::path& model);

using spud::convert::ValueKind;

ValueKind kind_of(const onnx::TypeProto& t) {
  if (t.has_sequence_type()) return ValueKind::kSequence;
  if (!t.has_optional_type()) return ValueKind::kTensor;
  return t.optional_type().elem_type().has_sequence_type() ? ValueKind::kOptionalSequence : ValueKind::kOptionalTensor;
}

// What each graph input (initializers aside) and output is.
void io_kinds(const onnx::ModelProto& m, std::vector<ValueKind>* ins, std::vector<ValueKind>* outs) {
  std::set<std::string> inits;
  for (const auto& t : m.graph().initializer()) inits.insert(t.name());
  for (const auto& v : m.graph().input())
    if (!inits.count(v.name())) ins->push_back(kind_of(v.type()));
  for (const auto& v : m.graph().output()) outs->push_back(kind_of(v.type()));
}

spud_tensor view_of(const TensorInfo& t) {
  spud_tensor v{};
  v.dtype = static_cast<spud_dtype>(t.dtype);
  v.rank = static_cast<int32_t>(t.shape.size());
  v.dims = t.shape.data();
  v.data = const_cast<uint8_t*>(t.data.data());
  return v;
}

// A sequence or optional output (a blob) against ONNX's expected value.
std::string compare_value(const spud::convert::BlobValue& e, const spud_tensor& a) {
  if (a.dtype != SPUD_UINT8 || a.rank != 1) return "a sequence or optional output is not a blob";
  const spud::convert::BlobValue got =
      spud::convert::decode_blob(static_cast<const uint8_t*>(a.data), static_cast<size_t>(a.dims[0]), e.kind);
  if (got.has_value != e.has_value) return e.has_value ? "the optional is empty" : "the optional holds a value";
  if (got.tensors.size() != e.tensors.size())
    return "holds " + std::to_string(got.tensors.size()) + " tensors, expected " + std::to_string(e.tensors.size());
  for (size_t k = 0; k < e.tensors.size(); ++k) {
    const std::string d = compare(e.tensors[k], view_of(got.tensors[k]));
    if (!d.empty()) return "element " + std::to_string(k) + ": " + d;
  }
  return "";
}
bool uses_non_tensor_types(const fs::path& model);

// Operators of the case that this build has no kernel for at all (any
// version, any type). Constant is no kernel: the converter turns it into data.
std::vector<std::string> unimplemented_ops(const fs::path& dir) {
  int count = 0;
  const spud::KernelEntry* table = spud::all_kernels(&count);
  std::vector<std::string> missing;
  for (const std::string& op : op_types(dir / "model.onnx", /*nested=*/true)) {
    if (op == "Constant") continue;
    bool found = false;
    for (int i = 0; i < count && !found; ++i)
      found = table[i].def != nullptr && op == (std::string(table[i].def->domain).empty() ? "" : std::string(table[i].def->domain) + ".") + table[i].def->op_type;
    if (!found) missing.push_back(op);
  }
  return missing;
}

Outcome run_case(const fs::path& dir) {
  const std::vector<std::string> missing = unimplemented_ops(dir);
  if (!missing.empty()) {
    std::string ops;
    for (const std::string& op : missing) ops += (ops.empty() ? "" : ",") + op;
    if (uses_non_tensor_types(dir / "model.onnx")) ops += " (sequence/optional types)";
    return {"unsupported", ops};
  }
  spud::convert::ConvertResult converted;
  try {
    converted = spud::convert::convert_model((dir / "model.onnx").string(), {});
  } catch (const spud::convert::MissingKernelsError& e) {
    return {"fail", e.missing.empty() ? e.what() : "no kernel: " + e.missing.front()};
  } catch (const std::exception& e) {
    std::string msg = e.what();
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    return {"fail", "convert: " + msg};
  }
  const std::vector<uint8_t>& bytes = converted.bytes;
  std::unique_ptr<void, FreeDeleter> aligned(std::aligned_alloc(64, (bytes.size() + 63) / 64 * 64));
  std::memcpy(aligned.get(), bytes.data(), bytes.size());
  spud_error err{};
  spud_model* model = nullptr;
  if (spud_model_load(aligned.get(), bytes.size(), &model, &err) != SPUD_OK) return {"fail", std::string("load: ") + err.message};
  spud_session* session = nullptr;
  if (spud_session_create(model, nullptr, nullptr, 0, &session, &err) != SPUD_OK) {
    spud_model_free(model);
    return {"fail", std::string("session: ") + err.message};
  }
  Outcome result{"pass", ""};
  std::vector<ValueKind> in_kinds, out_kinds;
  io_kinds(read_model(dir / "model.onnx"), &in_kinds, &out_kinds);
  try {
    std::vector<fs::path> sets;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_directory() && e.path().filename().string().rfind("test_data_set_", 0) == 0) sets.push_back(e.path());
    std::sort(sets.begin(), sets.end());
    for (const fs::path& set : sets) {
      for (int i = 0; i < spud_session_num_inputs(session); ++i) {
        spud_tensor t{};
        const std::string in_path = (set / ("input_" + std::to_string(i) + ".pb")).string();
        if (i < static_cast<int>(in_kinds.size()) && in_kinds[i] != ValueKind::kTensor) {
          // A sequence or optional input: its blob, at the size it has.
          const std::vector<uint8_t> blob = spud::convert::encode_blob(spud::convert::read_value_file(in_path, in_kinds[i]));
          const int64_t size = static_cast<int64_t>(blob.size());
          if (spud_session_set_input_shape(session, i, &size, 1, &err) != SPUD_OK)
            throw std::runtime_error(std::string("input ") + std::to_string(i) + ": " + err.message);
          (void)spud_session_input(session, i, &t);
          std::memcpy(t.data, blob.data(), blob.size());
          continue;
        }
        (void)spud_session_input(session, i, &t);
        const TensorInfo v = spud::convert::tensor_from_proto(spud::convert::read_tensor_file(in_path), "");
        if (static_cast<int>(v.dtype) == t.dtype && static_cast<int>(v.shape.size()) == t.rank &&
            v.shape != std::vector<int64_t>(t.dims, t.dims + t.rank)) {
          // Symbolic dimensions: the shape this data set has.
          if (spud_session_set_input_shape(session, i, v.shape.data(), t.rank, &err) != SPUD_OK)
            throw std::runtime_error(std::string("input ") + std::to_string(i) + ": " + err.message);
          (void)spud_session_input(session, i, &t);
        }
        if (static_cast<int>(v.dtype) != t.dtype || v.shape != std::vector<int64_t>(t.dims, t.dims + t.rank))
          throw std::runtime_error("input " + std::to_string(i) + " differs in type or shape from the model");
        if (!v.data.empty()) std::memcpy(t.data, v.data.data(), v.data.size());
      }
      if (spud_session_run(session, &err) != SPUD_OK) throw std::runtime_error(std::string("run: ") + err.message);
      for (int o = 0; o < spud_session_num_outputs(session); ++o) {
        const fs::path p = set / ("output_" + std::to_string(o) + ".pb");
        spud_tensor t{};
        (void)spud_session_output(session, o, &t);
        if (o < static_cast<int>(out_kinds.size()) && out_kinds[o] != ValueKind::kTensor) {
          const std::string diff = compare_value(spud::convert::read_value_file(p.string(), out_kinds[o]), t);
          if (!diff.empty()) throw std::runtime_error("output " + std::to_string(o) + ": " + diff);
          continue;
        }
        const std::string diff = compare(spud::convert::tensor_from_proto(spud::convert::read_tensor_file(p.string()), ""), t);
        if (!diff.empty()) throw std::runtime_error("output " + std::to_string(o) + ": " + diff);
      }
    }
  } catch (const std::exception& e) {
    result = {"fail", e.what()};
  }
  spud_session_free(session);
  spud_model_free(model);
  return result;
}

std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) { o += ' '; continue; }
    o += c;
  }
  return o;
}

onnx::ModelProto read_model(const fs::path& model) {
  std::ifstream f(model, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  onnx::ModelProto m;
  if (!m.ParseFromString(ss.str())) m.Clear();
  return m;
}

void graph_ops(const onnx::GraphProto& g, bool nested, std::set<std::string>* ops) {
  for (const auto& n : g.node()) {
    ops->insert((n.domain().empty() || n.domain() == "ai.onnx" ? "" : n.domain() + ".") + n.op_type());
    if (!nested) continue;
    for (const auto& a : n.attribute()) {
      if (a.has_g()) graph_ops(a.g(), nested, ops);
      for (const auto& sub : a.graphs()) graph_ops(sub, nested, ops);
    }
  }
}

// The case's operators: the main graph's (for the report), or with every
// subgraph's (to tell whether spud has a kernel for each).
std::vector<std::string> op_types(const fs::path& model, bool nested) {
  std::set<std::string> ops;
  graph_ops(read_model(model).graph(), nested, &ops);
  return std::vector<std::string>(ops.begin(), ops.end());
}

bool graph_has_non_tensor_types(const onnx::GraphProto& g) {
  for (const auto* list : {&g.input(), &g.output(), &g.value_info()})
    for (const auto& v : *list)
      if (v.has_type() && !v.type().has_tensor_type()) return true;
  for (const auto& n : g.node())
    for (const auto& a : n.attribute())
      if (a.has_g() && graph_has_non_tensor_types(a.g())) return true;
  return false;
}

bool uses_non_tensor_types(const fs::path& model) { return graph_has_non_tensor_types(read_model(model).graph()); }

}  // namespace

int main(int argc, char** argv) {
  std::string node_dir, xfail_path, report_path, filter;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--expected-failures" && i + 1 < argc) xfail_path = argv[++i];
    else if (a == "--report" && i + 1 < argc) report_path = argv[++i];
    else if (a == "--filter" && i + 1 < argc) filter = argv[++i];
    else if (a == "-v") verbose = true;
    else if (a == "-h" || a == "--help") {
      std::printf("usage: %s NODE_DIR --expected-failures FILE [--report OUT.json] [--filter SUBSTR] [-v]\n", argv[0]);
      return 0;
    } else node_dir = a;
  }
  if (node_dir.empty() || xfail_path.empty()) {
    std::fprintf(stderr, "usage: %s NODE_DIR --expected-failures FILE [--report OUT.json] [--filter SUBSTR] [-v]\n", argv[0]);
    return 2;
  }
  const std::map<std::string, std::string> xfail = read_expected_failures(xfail_path);
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(node_dir))
    if (e.is_directory() && e.path().filename().string().find(filter) != std::string::npos) cases.push_back(e.path());
  std::sort(cases.begin(), cases.end());

  int passed = 0, failed = 0, unsupported = 0, xfailed = 0;
  std::ostringstream report;
  report << "{\"cases\": [\n";
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string name = cases[i].filename().string();
    Outcome r = run_case(cases[i]);
    const bool listed = xfail.count(name) > 0;
    std::string verdict = r.status;
    if (r.status == "fail" && listed) {
      verdict = "expected-failure";
      ++xfailed;
    } else if (r.status == "fail") {
      ++failed;
      std::printf("FAIL %s: %s\n", name.c_str(), r.detail.c_str());
    } else if (r.status == "pass" && listed) {
      verdict = "fail";
      ++failed;
      std::printf("FAIL %s: passes but is listed in %s; remove it from the list\n", name.c_str(), xfail_path.c_str());
    } else if (r.status == "pass") {
      ++passed;
    } else {
      ++unsupported;
    }
    if (verbose && verdict != "fail") std::printf("%s %s %s\n", verdict.c_str(), name.c_str(), r.detail.c_str());
    report << "  {\"name\": \"" << name << "\", \"result\": \"" << verdict << "\", \"detail\": \""
           << json_escape(r.detail) << "\", \"ops\": [";
    const std::vector<std::string> ops = op_types(cases[i] / "model.onnx");
    for (size_t k = 0; k < ops.size(); ++k) report << (k ? ", " : "") << "\"" << ops[k] << "\"";
    report << "]}" << (i + 1 < cases.size() ? "," : "") << "\n";
  }
  report << "]}\n";
  for (const auto& [name, reason] : xfail)
    if (!fs::exists(fs::path(node_dir) / name)) {
      std::printf("FAIL %s is listed in %s but no such case exists\n", name.c_str(), xfail_path.c_str());
      ++failed;
    }
  if (!report_path.empty()) {
    std::ofstream out(report_path);
    out << report.str();
  }
  std::printf("conformance: %zu cases: %d passed, %d expected failures, %d unsupported, %d failed\n", cases.size(),
              passed, xfailed, unsupported, failed);
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed, xfailed + unsupported);
  return failed > 0 ? 1 : 0;
}
