// spud run: the public C API driven from the command line. Inputs come as
// ONNX TensorProto .pb files, NumPy .npy files or raw bytes, by position or
// by name; outputs go out as .pb or .npy files named after the model's
// outputs; --json prints one JSON object instead of the text.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "cli_common.h"
#include "npy.h"
#include "nlohmann/json.hpp"
#include "spud/spud.h"
#include "spud_generated.h"
#include "tensor_proto.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace spud {
namespace cli {

namespace {

std::vector<int64_t> dims_of(const spud_tensor& t) { return std::vector<int64_t>(t.dims, t.dims + t.rank); }
size_t elements_of(const spud_tensor& t) {
  return t.size_bytes / std::max<size_t>(1, dtype_size(static_cast<DType>(t.dtype)));
}

bool is_integer(int32_t dtype) {
  switch (dtype) {
    case SPUD_INT8: case SPUD_UINT8: case SPUD_INT16: case SPUD_UINT16: case SPUD_INT32: case SPUD_UINT32:
    case SPUD_INT64: case SPUD_UINT64: return true;
    default: return false;
  }
}

const char* kind_name(convert::ValueKind kind) {
  switch (kind) {
    case convert::ValueKind::kSequence: return "sequence";
    case convert::ValueKind::kOptionalTensor: return "optional tensor";
    case convert::ValueKind::kOptionalSequence: return "optional sequence";
    default: return "tensor";
  }
}

// What --random puts in an integer input: [lo, hi), and why that range.
struct IntRange {
  int64_t lo = 0, hi = 10;
  std::string why = "no use of it as an index was found";
};

// What the command reads from the (already verified) file itself: which
// graph inputs and outputs are sequences or optionals, and for integer
// inputs that index something, the range of valid indices.
struct FileFacts {
  std::vector<convert::ValueKind> in_kinds, out_kinds;
  std::vector<bool> in_symbolic;  // the input has a symbolic dimension
  std::vector<std::vector<std::string>> in_dim_names;  // the names of those dimensions
  std::map<int, IntRange> index_ranges;  // by input position
};

std::string text_of(const flatbuffers::String* s) { return s != nullptr ? s->str() : ""; }

// An integer input that reaches the indices of a Gather or GatherElements
// (through shape-only operators such as Cast, Reshape or Unsqueeze) whose
// data has a fixed size on the gathered axis: indices in [0, that size).
bool index_range(const schema::Model* m, int32_t tensor, IntRange* out) {
  std::vector<int32_t> todo = {tensor};
  std::set<int32_t> seen;
  bool found = false;
  static const std::set<std::string> kPassThrough = {"Cast", "Reshape", "Unsqueeze", "Squeeze", "Flatten",
                                                     "Identity", "Expand"};
  while (!todo.empty() && seen.size() < 64) {
    const int32_t t = todo.back();
    todo.pop_back();
    if (!seen.insert(t).second || m->nodes() == nullptr) continue;
    for (const schema::Node* n : *m->nodes()) {
      if (n->inputs() == nullptr || n->outputs() == nullptr || text_of(n->domain()) != "") continue;
      const std::string op = text_of(n->op_type());
      for (uint32_t p = 0; p < n->inputs()->size(); ++p) {
        if (n->inputs()->Get(p) != t) continue;
        if (p == 0 && kPassThrough.count(op) && n->outputs()->size() > 0) {
          todo.push_back(n->outputs()->Get(0));
          continue;
        }
        if (p != 1 || (op != "Gather" && op != "GatherElements")) continue;
        const int32_t data = n->inputs()->Get(0);
        if (data < 0) continue;
        const schema::Tensor* d = m->tensors()->Get(static_cast<uint32_t>(data));
        if (d->shape() == nullptr || d->shape()->size() == 0) continue;
        int64_t axis = 0;
        if (n->attributes() != nullptr)
          for (const schema::Attribute* a : *n->attributes())
            if (text_of(a->name()) == "axis") axis = a->i();
        const int64_t rank = static_cast<int64_t>(d->shape()->size());
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) continue;
        const int64_t size = d->shape()->Get(static_cast<uint32_t>(axis));
        if (size <= 0) continue;
        if (!found || size < out->hi) {
          out->lo = 0;
          out->hi = size;
          out->why = "it indexes " + op + " '" + text_of(n->name()) + "', " + std::to_string(size) + " along axis " +
                     std::to_string(axis);
        }
        found = true;
      }
    }
  }
  return found;
}

FileFacts file_facts(const std::string& path) {
  // The flatbuffer alone (its size prefix says how long), not the weights
  // after it: a file of 100 MB need not be read twice.
  std::ifstream f(path, std::ios::binary);
  uint32_t size = 0;
  f.read(reinterpret_cast<char*>(&size), sizeof(size));
  std::string bytes(sizeof(size) + size, '\0');
  std::memcpy(&bytes[0], &size, sizeof(size));
  f.read(&bytes[sizeof(size)], size);
  const schema::Model* m = schema::GetSizePrefixedModel(bytes.data());
  FileFacts facts;
  auto kind = [&](int32_t i) {
    return static_cast<convert::ValueKind>(m->tensors()->Get(static_cast<uint32_t>(i))->value_kind());
  };
  if (m->inputs() != nullptr)
    for (uint32_t k = 0; k < m->inputs()->size(); ++k) {
      const int32_t i = m->inputs()->Get(k);
      facts.in_kinds.push_back(kind(i));
      const schema::Tensor* t = m->tensors()->Get(static_cast<uint32_t>(i));
      bool symbolic = false;
      std::vector<std::string> names;
      if (t->shape() != nullptr)
        for (uint32_t d = 0; d < t->shape()->size(); ++d) {
          if (t->shape()->Get(d) >= 0) continue;
          symbolic = true;
          const bool named = t->dim_params() != nullptr && d < t->dim_params()->size() &&
                             t->dim_params()->Get(d) != nullptr && t->dim_params()->Get(d)->size() > 0;
          names.push_back(named ? t->dim_params()->Get(d)->str() : std::to_string(d));
        }
      facts.in_symbolic.push_back(symbolic);
      facts.in_dim_names.push_back(names);
      IntRange r;
      if (index_range(m, i, &r)) facts.index_ranges[static_cast<int>(k)] = r;
    }
  if (m->outputs() != nullptr)
    for (int32_t i : *m->outputs()) facts.out_kinds.push_back(kind(i));
  return facts;
}

// Fills a tensor with seeded values and says what they are.
std::string fill_random(const spud_tensor& t, const IntRange& range, std::mt19937& rng) {
  const size_t n = elements_of(t);
  auto ints = [&](auto* p) {
    std::uniform_int_distribution<int64_t> d(range.lo, range.hi - 1);
    for (size_t i = 0; i < n; ++i) p[i] = static_cast<std::remove_pointer_t<decltype(p)>>(d(rng));
  };
  switch (t.dtype) {
    case SPUD_FLOAT32: {
      std::uniform_real_distribution<float> d(0.f, 1.f);
      float* p = static_cast<float*>(t.data);
      for (size_t i = 0; i < n; ++i) p[i] = d(rng);
      return "uniform in [0, 1)";
    }
    case SPUD_FLOAT64: {
      std::uniform_real_distribution<double> d(0.0, 1.0);
      double* p = static_cast<double*>(t.data);
      for (size_t i = 0; i < n; ++i) p[i] = d(rng);
      return "uniform in [0, 1)";
    }
    case SPUD_BOOL: {
      std::uniform_int_distribution<int> d(0, 1);
      uint8_t* p = static_cast<uint8_t*>(t.data);
      for (size_t i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(d(rng));
      return "false or true";
    }
    case SPUD_INT8: ints(static_cast<int8_t*>(t.data)); break;
    case SPUD_UINT8: ints(static_cast<uint8_t*>(t.data)); break;
    case SPUD_INT16: ints(static_cast<int16_t*>(t.data)); break;
    case SPUD_UINT16: ints(static_cast<uint16_t*>(t.data)); break;
    case SPUD_INT32: ints(static_cast<int32_t*>(t.data)); break;
    case SPUD_UINT32: ints(static_cast<uint32_t*>(t.data)); break;
    case SPUD_INT64: ints(static_cast<int64_t*>(t.data)); break;
    case SPUD_UINT64: ints(static_cast<uint64_t*>(t.data)); break;
    default:
      std::memset(t.data, 0, t.size_bytes);
      return "zeros (no random values for this type)";
  }
  return "integers in [" + std::to_string(range.lo) + ", " + std::to_string(range.hi) + ") (" + range.why + ")";
}

// The first `count` values of a tensor, as text and as JSON numbers.
void values_of(const spud_tensor& t, int count, std::string* text, json* values) {
  const size_t n = elements_of(t);
  const size_t shown = std::min<size_t>(n, static_cast<size_t>(count));
  char buf[64];
  for (size_t i = 0; i < shown; ++i) {
    switch (t.dtype) {
      case SPUD_FLOAT32: {
        const float v = static_cast<const float*>(t.data)[i];
        std::snprintf(buf, sizeof(buf), " %.6g", v);
        values->push_back(v);
        break;
      }
      case SPUD_FLOAT64: {
        const double v = static_cast<const double*>(t.data)[i];
        std::snprintf(buf, sizeof(buf), " %.6g", v);
        values->push_back(v);
        break;
      }
#define SPUD_INT_CASE(code, type)                                                      \
  case code: {                                                                         \
    const type v = static_cast<const type*>(t.data)[i];                                \
    std::snprintf(buf, sizeof(buf), " %lld", static_cast<long long>(v));               \
    values->push_back(v);                                                              \
    break;                                                                             \
  }
        SPUD_INT_CASE(SPUD_INT64, int64_t)
        SPUD_INT_CASE(SPUD_INT32, int32_t)
        SPUD_INT_CASE(SPUD_INT16, int16_t)
        SPUD_INT_CASE(SPUD_INT8, int8_t)
        SPUD_INT_CASE(SPUD_UINT8, uint8_t)
        SPUD_INT_CASE(SPUD_UINT16, uint16_t)
        SPUD_INT_CASE(SPUD_UINT32, uint32_t)
#undef SPUD_INT_CASE
      case SPUD_UINT64: {
        const uint64_t v = static_cast<const uint64_t*>(t.data)[i];
        std::snprintf(buf, sizeof(buf), " %llu", static_cast<unsigned long long>(v));
        values->push_back(v);
        break;
      }
      case SPUD_BOOL: {
        const bool v = static_cast<const uint8_t*>(t.data)[i] != 0;
        std::snprintf(buf, sizeof(buf), " %d", v ? 1 : 0);
        values->push_back(v);
        break;
      }
      default:
        std::snprintf(buf, sizeof(buf), " ?");
        values->push_back(nullptr);
        break;
    }
    *text += buf;
  }
  if (shown < n) *text += " ...";
}

// The slowest nodes, then every operator type by its share of the total.
json profile_of(const spud_session* session, const std::vector<uint64_t>& node_ns, int runs, std::string* text) {
  struct Row {
    std::string label, type, name;
    uint64_t ns = 0;
    int count = 0;
  };
  uint64_t total = 0;
  std::vector<Row> nodes;
  std::map<std::string, Row> by_type;
  for (size_t i = 0; i < node_ns.size(); ++i) {
    const char *name = "", *domain = "", *op = "";
    (void)spud_session_node(session, static_cast<int>(i), &name, &domain, &op);
    const std::string type = std::string(*domain != '\0' ? domain : "") + (*domain != '\0' ? ":" : "") + op;
    nodes.push_back({type + " '" + name + "'", type, name, node_ns[i], 1});
    Row& r = by_type[type];
    r.label = r.type = type;
    r.ns += node_ns[i];
    r.count += 1;
    total += node_ns[i];
  }
  auto slower = [](const Row& a, const Row& b) { return a.ns > b.ns; };
  std::sort(nodes.begin(), nodes.end(), slower);
  std::vector<Row> types;
  for (const auto& kv : by_type) types.push_back(kv.second);
  std::sort(types.begin(), types.end(), slower);
  const double per_run = runs > 0 ? 1e-6 / runs : 0;
  auto share = [total](uint64_t ns) {
    return total > 0 ? 100.0 * static_cast<double>(ns) / static_cast<double>(total) : 0.0;
  };
  char line[256];
  std::snprintf(line, sizeof(line), "profile: %zu nodes, %.4g ms per run in nodes, over %d run%s\n", node_ns.size(),
                static_cast<double>(total) * per_run, runs, runs > 1 ? "s" : "");
  *text += line;
  *text += "  by operator type:             ms/run   share  nodes\n";
  json j = {{"node_ms_per_run", static_cast<double>(total) * per_run}, {"runs", runs}};
  j["by_type"] = json::array();
  for (const Row& r : types) {
    std::snprintf(line, sizeof(line), "  %-28s %8.4f  %5.1f%%  %5d\n", r.label.c_str(),
                  static_cast<double>(r.ns) * per_run, share(r.ns), r.count);
    *text += line;
    j["by_type"].push_back({{"op", r.type}, {"ms_per_run", static_cast<double>(r.ns) * per_run},
                            {"share_percent", share(r.ns)}, {"nodes", r.count}});
  }
  const size_t shown = std::min<size_t>(nodes.size(), 15);
  std::snprintf(line, sizeof(line), "  slowest %zu nodes:\n", shown);
  *text += line;
  j["slowest"] = json::array();
  for (size_t i = 0; i < shown; ++i) {
    std::snprintf(line, sizeof(line), "  %-44s %8.4f  %5.1f%%\n", nodes[i].label.c_str(),
                  static_cast<double>(nodes[i].ns) * per_run, share(nodes[i].ns));
    *text += line;
    j["slowest"].push_back({{"op", nodes[i].type}, {"name", nodes[i].name},
                            {"ms_per_run", static_cast<double>(nodes[i].ns) * per_run},
                            {"share_percent", share(nodes[i].ns)}});
  }
  return j;
}

// A session's message, with the flag that raises a limit it reached.
std::string run_error(const spud_error& err) {
  std::string text = err.message;
  if (err.code == SPUD_LIMIT_EXCEEDED && text.find("max_memory_bytes") != std::string::npos)
    text += "; raise it with --max-memory (MiB, 0 for none)";
  return text;
}

bool has_extension(const std::string& path, const char* ext) {
  return fs::path(path).extension() == ext;
}

// An input file's value: .pb (TensorProto), .npy, or else raw bytes in the
// input's type and current shape.
// `shape_unknown`: the input has symbolic dimensions and no --shape.
convert::TensorInfo read_input_file(const std::string& path, const spud_tensor& t, bool shape_unknown) {
  if (!fs::exists(path)) throw std::runtime_error(path + ": no such file (input '" + std::string(t.name) + "')");
  if (has_extension(path, ".pb") || has_extension(path, ".npy")) return convert::read_pb_or_npy_file(path);
  const std::vector<int64_t> dims = dims_of(t);
  if (shape_unknown)
    throw std::runtime_error(path + ": raw bytes carry no shape, and input '" + t.name +
                             "' has symbolic dimensions: give its shape with --shape " + t.name +
                             "=D0,D1,... (or use a .pb or .npy file)");
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string bytes = ss.str();
  if (!f || bytes.size() != t.size_bytes)
    throw std::runtime_error(path + ": read as raw bytes (not .pb or .npy) for input '" + t.name + "' " +
                             dtype_name(static_cast<DType>(t.dtype)) + " " + format_shape(dims) + ", which takes " +
                             std::to_string(t.size_bytes) + " bytes; the file has " + std::to_string(bytes.size()));
  convert::TensorInfo v;
  v.dtype = static_cast<DType>(t.dtype);
  v.shape = dims;
  v.rank_known = true;
  v.data.assign(bytes.begin(), bytes.end());
  return v;
}

// Writes through write_file_atomically, so a failed run leaves no partial file.
void write_output(const std::string& path, const std::string& bytes) {
  write_file_atomically(path, bytes.data(), bytes.size());
}

}  // namespace

int run_run(const RunFlags& flags) {
  const std::string& model_path = flags.model;
  json report = {{"model", model_path}};
  // In --json mode stdout holds one JSON object, also on failure
  // ({"ok": false, "error": ...}); the error goes to stderr as well.
  auto fail = [&](const std::string& message) { return report_failure(message, flags.json, &report); };
  const auto load_start = std::chrono::steady_clock::now();
  spud_error err{};
  spud_model* model = nullptr;
  if (spud_model_load_file(model_path.c_str(), &model, &err) != SPUD_OK)
    return fail(load_failure(model_path, err.message));
  const auto loaded = std::chrono::steady_clock::now();
  spud_session_options options = spud_session_options_default();
  options.num_threads = flags.threads;
  options.max_memory_bytes = static_cast<size_t>(flags.max_memory_mb) << 20;
  spud_session* session = nullptr;
  if (spud_session_create(model, &options, nullptr, 0, &session, &err) != SPUD_OK) {
    spud_model_free(model);
    return fail(model_path + ": " + run_error(err));
  }
  const auto ready = std::chrono::steady_clock::now();
  const double ready_ms = std::chrono::duration<double, std::milli>(ready - load_start).count();
  const double load_ms = std::chrono::duration<double, std::milli>(loaded - load_start).count();
  int rc = 0;
  std::string text;  // what the text mode prints, once everything worked
  try {
    if (flags.output_format != "pb" && flags.output_format != "npy")
      throw std::runtime_error("--output-format must be pb or npy, not '" + flags.output_format + "'");
    const int num_inputs = spud_session_num_inputs(session);
    std::vector<std::string> input_names;
    for (int i = 0; i < num_inputs; ++i) {
      spud_tensor t{};
      (void)spud_session_input(session, i, &t);
      input_names.push_back(t.name);
    }
    std::string name_list;
    for (const std::string& n : input_names) name_list += (name_list.empty() ? "" : ", ") + n;
    if (name_list.empty()) name_list = "none";
    auto index_of = [&](const std::string& name) {
      for (int i = 0; i < num_inputs; ++i)
        if (input_names[static_cast<size_t>(i)] == name) return i;
      return -1;
    };

    // Which file feeds which input: NAME=FILE where NAME is an input, else
    // the files fill the inputs not named, in the model's order.
    std::vector<std::string> source(static_cast<size_t>(num_inputs));
    std::vector<std::string> unnamed = flags.files;
    for (const std::string& s : flags.inputs) {
      const size_t eq = s.find('=');
      if (eq != std::string::npos && eq > 0) {
        const std::string name = s.substr(0, eq);
        const int i = index_of(name);
        if (i >= 0) {
          if (!source[static_cast<size_t>(i)].empty()) throw std::runtime_error("input '" + name + "' is given twice");
          source[static_cast<size_t>(i)] = s.substr(eq + 1);
          continue;
        }
        if (!fs::exists(s))
          throw std::runtime_error("--input " + s + ": the model has no input named '" + name + "' (its inputs: " +
                                   name_list + ")");
      }
      unnamed.push_back(s);
    }
    size_t next = 0;
    for (const std::string& file : unnamed) {
      while (next < source.size() && !source[next].empty()) ++next;
      if (next == source.size())
        throw std::runtime_error(file + ": more input files than the model has inputs (" + std::to_string(num_inputs) +
                                 ": " + name_list + ")");
      source[next++] = file;
    }

    std::map<std::string, std::vector<int64_t>> shapes;  // --shape NAME=D0,D1,...
    for (const std::string& s : flags.shapes) {
      const auto kv = split_key_value(s, "--shape");
      if (index_of(kv.first) < 0)
        throw std::runtime_error("--shape " + s + ": the model has no input named '" + kv.first + "' (its inputs: " +
                                 name_list + ")");
      std::vector<int64_t> dims;
      std::stringstream ss(kv.second);
      for (std::string d; std::getline(ss, d, ',');) {
        size_t used_chars = 0;
        long long v = -1;
        try {
          v = std::stoll(d, &used_chars);
        } catch (const std::exception&) {
        }
        if (v < 0 || used_chars != d.size())
          throw std::runtime_error("--shape " + s + ": dimensions are non-negative integers separated by commas");
        dims.push_back(v);
      }
      if (!shapes.emplace(kv.first, dims).second) throw std::runtime_error("--shape " + kv.first + " is given twice");
    }
    // The shape of input i for the next runs (symbolic dimensions only).
    auto set_shape = [&](int i, const std::vector<int64_t>& dims, const std::string& what) {
      if (spud_session_set_input_shape(session, i, dims.data(), static_cast<int>(dims.size()), &err) != SPUD_OK)
        throw std::runtime_error(what + ": " + run_error(err));
    };
    // Sequence and optional values (format version 3) travel as blobs; the
    // file says which inputs and outputs are such values.
    const FileFacts facts = file_facts(model_path);
    std::mt19937 rng(flags.seed);
    // Inputs whose symbolic dimensions --random left at 1: a failed run
    // says so, since a 1x1 image is often why a node refuses its input.
    std::string defaulted;
    report["inputs"] = json::array();
    for (int i = 0; i < num_inputs; ++i) {
      spud_tensor t{};
      (void)spud_session_input(session, i, &t);
      auto shape = shapes.find(t.name);
      if (shape != shapes.end()) {
        set_shape(i, shape->second, std::string("--shape ") + t.name);
        (void)spud_session_input(session, i, &t);
      }
      const std::string& file = source[static_cast<size_t>(i)];
      const convert::ValueKind kind =
          i < static_cast<int>(facts.in_kinds.size()) ? facts.in_kinds[static_cast<size_t>(i)] : convert::ValueKind::kTensor;
      json in = {{"name", t.name}};
      if (kind != convert::ValueKind::kTensor) {
        if (file.empty())
          throw std::runtime_error(std::string("input '") + t.name + "' is a " + kind_name(kind) +
                                   ": give it as a file (--input " + t.name + "=FILE.pb, an ONNX " +
                                   (kind == convert::ValueKind::kSequence ? "SequenceProto" : "OptionalProto") + ")");
        const std::vector<uint8_t> blob = convert::encode_blob(convert::read_value_file(file, kind));
        const std::vector<int64_t> dims = {static_cast<int64_t>(blob.size())};
        set_shape(i, dims, file + ": input '" + std::string(t.name) + "'");
        (void)spud_session_input(session, i, &t);
        std::memcpy(t.data, blob.data(), blob.size());
        in["kind"] = kind_name(kind);
        in["file"] = file;
        report["inputs"].push_back(in);
        continue;
      }
      if (file.empty()) {
        if (!flags.random)
          throw std::runtime_error(std::string("input '") + t.name + "' " + dtype_name(static_cast<DType>(t.dtype)) +
                                   " " + format_shape(dims_of(t)) + " needs a value: give a file (.pb, .npy or raw " +
                                   "bytes) in input order (spud run MODEL FILE...) or as --input " + t.name +
                                   "=FILE, or fill it with --random");
        if (shape == shapes.end() && i < static_cast<int>(facts.in_symbolic.size()) &&
            facts.in_symbolic[static_cast<size_t>(i)]) {
          std::string dims;
          for (const std::string& n : facts.in_dim_names[static_cast<size_t>(i)]) dims += (dims.empty() ? "" : ", ") + n;
          defaulted += std::string(defaulted.empty() ? "" : "; ") + "input '" + t.name + "' has symbolic dimensions (" +
                       dims + ") that --random set to 1: give their sizes with --shape " + t.name + "=D0,D1,...";
        }
        const auto range = facts.index_ranges.find(i);
        const std::string what = fill_random(t, range != facts.index_ranges.end() ? range->second : IntRange(), rng);
        text += "input '" + std::string(t.name) + "' " + dtype_name(static_cast<DType>(t.dtype)) + " " +
                format_shape(dims_of(t)) + ": random, " + what + ", seed " + std::to_string(flags.seed) + "\n";
        in["random"] = what;
        if (is_integer(t.dtype)) {
          const IntRange r = range != facts.index_ranges.end() ? range->second : IntRange();
          in["range"] = {r.lo, r.hi};
        }
      } else {
        const bool shape_unknown = i < static_cast<int>(facts.in_symbolic.size()) &&
                                   facts.in_symbolic[static_cast<size_t>(i)] && shape == shapes.end();
        const convert::TensorInfo value = read_input_file(file, t, shape_unknown);
        std::string why;  // what the model fixes, when the file's shape is not allowed
        if (static_cast<int>(value.dtype) == t.dtype && value.shape != dims_of(t)) {
          // The size of a symbolic dimension, where the model has one.
          if (spud_session_set_input_shape(session, i, value.shape.data(), static_cast<int>(value.shape.size()),
                                           &err) != SPUD_OK)
            why = std::string(" (") + err.message + ")";
          (void)spud_session_input(session, i, &t);
        }
        if (static_cast<int>(value.dtype) != t.dtype || value.shape != dims_of(t)) {
          if (static_cast<int>(value.dtype) != t.dtype && has_extension(file, ".npy") && t.dtype == SPUD_FLOAT32 &&
              value.dtype == DType::kFloat64)
            why += " (NumPy makes float64 by default: save a.astype(numpy.float32))";
          throw std::runtime_error(file + ": input '" + t.name + "' must be " + dtype_name(static_cast<DType>(t.dtype)) +
                                   " " + format_shape(dims_of(t)) + ", the file holds " + dtype_name(value.dtype) +
                                   " " + format_shape(value.shape) + why);
        }
        if (!value.data.empty()) std::memcpy(t.data, value.data.data(), value.data.size());
        in["file"] = file;
      }
      in["dtype"] = dtype_name(static_cast<DType>(t.dtype));
      in["shape"] = dims_of(t);
      report["inputs"].push_back(in);
    }

    auto run_failed = [&]() {
      return std::runtime_error(run_error(err) + (defaulted.empty() ? "" : " (" + defaulted + ")"));
    };
    for (int r = 0; r < flags.warmup; ++r)
      if (spud_session_run(session, &err) != SPUD_OK) throw run_failed();
    std::vector<uint64_t> node_ns(static_cast<size_t>(spud_session_num_nodes(session)), 0);
    if (flags.profile) (void)spud_session_set_profile(session, node_ns.data());
    const int repeat = flags.repeat;
    std::vector<double> ms;
    for (int r = 0; r < repeat; ++r) {
      const auto start = std::chrono::steady_clock::now();
      if (spud_session_run(session, &err) != SPUD_OK) throw run_failed();
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    (void)spud_session_set_profile(session, nullptr);

    const std::string& output_dir = flags.output_dir;
    if (!output_dir.empty()) {
      try {
        make_directories(output_dir);
      } catch (const std::runtime_error& e) {
        throw std::runtime_error("--output-dir " + output_dir + ": " + e.what());
      }
    }
    // Output files: named after the model's outputs, or output_<i> as in
    // ONNX's test data directories (--output-names index); names that
    // would collide get their index.
    const int num_outputs = spud_session_num_outputs(session);
    std::vector<std::string> stems;
    std::map<std::string, int> stem_count;
    for (int i = 0; i < num_outputs; ++i) {
      spud_tensor t{};
      (void)spud_session_output(session, i, &t);
      stems.push_back(flags.output_names == "index" ? "output_" + std::to_string(i) : file_name_for(t.name));
      ++stem_count[stems.back()];
    }
    report["outputs"] = json::array();
    for (int i = 0; i < num_outputs; ++i) {
      spud_tensor t{};
      (void)spud_session_output(session, i, &t);
      std::string& stem = stems[static_cast<size_t>(i)];
      if (stem_count[stem] > 1) stem += "_" + std::to_string(i);
      const convert::ValueKind kind =
          i < static_cast<int>(facts.out_kinds.size()) ? facts.out_kinds[static_cast<size_t>(i)] : convert::ValueKind::kTensor;
      json out = {{"name", t.name}};
      if (kind != convert::ValueKind::kTensor) {
        const convert::BlobValue v = convert::decode_blob(static_cast<const uint8_t*>(t.data), t.size_bytes, kind);
        text += "output '" + std::string(t.name) + "' " + kind_name(kind) + " of " +
                std::to_string(v.has_value ? v.tensors.size() : 0) + " tensor" + (v.tensors.size() == 1 ? "" : "s") + ":";
        out["kind"] = kind_name(kind);
        out["has_value"] = v.has_value;
        out["tensors"] = json::array();
        for (const convert::TensorInfo& e : v.tensors) {
          text += std::string(" ") + dtype_name(e.dtype) + " " + format_shape(e.shape);
          out["tensors"].push_back({{"dtype", dtype_name(e.dtype)}, {"shape", e.shape}});
        }
        text += v.has_value ? "\n" : " (none)\n";
        if (!output_dir.empty()) {  // sequences have no .npy form: always ONNX's SequenceProto/OptionalProto
          const std::string path = output_dir + "/" + stem + ".pb";
          convert::write_value_file(path, t.name, v);
          out["file"] = path;
        }
        report["outputs"].push_back(out);
        continue;
      }
      std::string values_text;
      json values = json::array();
      values_of(t, flags.print, &values_text, &values);
      text += "output '" + std::string(t.name) + "' " + dtype_name(static_cast<DType>(t.dtype)) + " " +
              format_shape(dims_of(t)) + ":" + values_text + "\n";
      out["dtype"] = dtype_name(static_cast<DType>(t.dtype));
      out["shape"] = dims_of(t);
      out["values"] = values;
      if (!output_dir.empty()) {
        const std::string path = output_dir + "/" + stem + "." + flags.output_format;
        if (flags.output_format == "npy")
          write_output(path, convert::format_npy(static_cast<DType>(t.dtype), dims_of(t), t.data, t.size_bytes));
        else
          write_output(path, convert::tensor_to_proto(t.name, static_cast<DType>(t.dtype), dims_of(t), t.data,
                                                      t.size_bytes)
                                 .SerializeAsString());
        out["file"] = path;
      }
      report["outputs"].push_back(out);
    }
    if (flags.profile) report["profile"] = profile_of(session, node_ns, repeat, &text);
    std::sort(ms.begin(), ms.end());
    const size_t arena = spud_model_arena_size(model), state = spud_session_kernel_state_bytes(session);
    char line[512];
    std::snprintf(line, sizeof(line),
                  "arena: %s\nkernel state: %s (packed weights and operators, apart from the arena)\n"
                  "ready: %.4g ms from file to session (load and verify %.3g ms, session %.3g ms; %d thread%s)\n"
                  "latency: min %.4g ms, median %.4g ms over %d run%s\n",
                  human_bytes(arena).c_str(), human_bytes(state).c_str(), ready_ms, load_ms, ready_ms - load_ms,
                  flags.threads, flags.threads > 1 ? "s" : "", ms.front(), ms[ms.size() / 2], repeat,
                  repeat > 1 ? "s" : "");
    text += line;
    report["ok"] = true;
    report["arena_bytes"] = arena;
    report["kernel_state_bytes"] = state;
    report["threads"] = flags.threads;
    report["ready_ms"] = ready_ms;
    report["load_ms"] = load_ms;
    report["latency_ms"] = {{"min", ms.front()}, {"median", ms[ms.size() / 2]}, {"runs", repeat}};
    print_result(flags.json, report, text);
  } catch (const std::exception& e) {
    rc = fail(e.what());
  }
  spud_session_free(session);
  spud_model_free(model);
  return rc;
}

}  // namespace cli
}  // namespace spud
