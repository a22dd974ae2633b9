// spud check: a summary of an .onnx or .spud file and a verdict.
//   .onnx: opsets, inputs and outputs, operator counts, parameters, symbolic
//          dimensions, ONNX's checker, and whether this build runs it (the
//          conversion spud convert would do, in memory, without writing).
//   .spud: the same summary, verification, how it was converted, memory,
//          dynamic parts, the content checksum, and whether this build's
//          kernels take every node (a session is made).
// --nodes adds the node listing; --json prints one JSON object instead.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "cli_common.h"
#include "converter/converter.h"
#include "converter/opset_changes.h"
#include "converter/opset_upgrade.h"
#include "onnx/checker.h"
#include "spud/spud.h"
#include "spud_generated.h"
#include "tensor_proto.h"

using nlohmann::json;

namespace spud {
namespace cli {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string read_all(const std::string& path, bool* ok) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  *ok = static_cast<bool>(f);
  return ss.str();
}

// A shape as JSON: sizes, and the names (or "?") of symbolic dimensions.
json shape_json(const std::vector<int64_t>& dims, const std::vector<std::string>& params) {
  json j = json::array();
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] >= 0)
      j.push_back(dims[i]);
    else
      j.push_back(i < params.size() && !params[i].empty() ? params[i] : "?");
  }
  return j;
}

uint64_t saturating_product(const std::vector<int64_t>& dims) {
  uint64_t n = 1;
  for (int64_t d : dims) {
    if (d <= 0) return 0;
    const uint64_t u = static_cast<uint64_t>(d);
    n = n > UINT64_MAX / u ? UINT64_MAX : n * u;
  }
  return n;
}

// "Conv 12, Relu 12, Add 3" (most used first) and the same as JSON.
std::string count_text(const std::map<std::string, int>& counts) {
  std::vector<std::pair<std::string, int>> v(counts.begin(), counts.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string s;
  for (const auto& [op, n] : v) s += (s.empty() ? "" : ", ") + op + " " + std::to_string(n);
  return s;
}

std::string plural(size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// --- .onnx ---------------------------------------------------------------------

struct OnnxValue {
  std::string name, dtype;
  bool has_shape = false;
  std::vector<int64_t> dims;
  std::vector<std::string> params;
};

OnnxValue onnx_value(const onnx::ValueInfoProto& v) {
  OnnxValue o;
  o.name = v.name();
  if (!v.type().has_tensor_type()) {
    o.dtype = "(not a tensor)";
    return o;
  }
  o.dtype = onnx::TensorProto_DataType_Name(v.type().tensor_type().elem_type());
  for (char& c : o.dtype) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  o.has_shape = v.type().tensor_type().has_shape();
  for (const auto& d : v.type().tensor_type().shape().dim()) {
    o.dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
    o.params.push_back(d.dim_param());
  }
  return o;
}

std::string value_text(const OnnxValue& v) {
  return v.dtype + " " + (v.has_shape ? format_shape(v.dims, v.params) : std::string("(unknown shape)"));
}

std::string join(const google::protobuf::RepeatedPtrField<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + (x.empty() ? std::string("<none>") : x);
  return s;
}

int check_onnx(const CheckFlags& flags) {
  const std::string& path = flags.path;
  json j = {{"file", path}, {"format", "onnx"}};
  std::string text;
  auto fail = [&](const std::string& message) { return report_failure(message, flags.json, &j); };
  bool read = false;
  const std::string bytes = read_all(path, &read);
  if (!read) return fail(path + ": cannot read it");
  if (bytes.empty()) return fail(path + " is empty (0 bytes), not an ONNX model");
  onnx::ModelProto m;
  if (!m.ParseFromString(bytes) || !m.has_graph())
    return fail(path + " is not an ONNX model (it does not parse as an ONNX ModelProto)");
  const onnx::GraphProto& g = m.graph();

  char line[512];
  std::snprintf(line, sizeof(line), "%s: ONNX model, ir_version %lld, producer %s %s\n", path.c_str(),
                static_cast<long long>(m.ir_version()), m.producer_name().c_str(), m.producer_version().c_str());
  text += line;
  j["ir_version"] = m.ir_version();
  j["producer"] = {{"name", m.producer_name()}, {"version", m.producer_version()}};
  text += "opsets:";
  j["opsets"] = json::object();
  for (const auto& op : m.opset_import()) {
    const std::string domain = op.domain().empty() ? "ai.onnx" : op.domain();
    text += " " + domain + "=" + std::to_string(op.version());
    j["opsets"][domain] = op.version();
  }
  text += "\n";

  std::set<std::string> initializer_names;
  for (const auto& t : g.initializer()) initializer_names.insert(t.name());
  // Symbolic dimensions of the graph inputs, as spud convert --dim names them.
  std::vector<std::string> symbolic;
  auto list_values = [&](const char* title, const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>& vs,
                         bool inputs) {
    text += std::string(title) + ":\n";
    json arr = json::array();
    for (const auto& v : vs) {
      if (inputs && initializer_names.count(v.name())) continue;
      const OnnxValue o = onnx_value(v);
      text += "  " + o.name + ": " + value_text(o) + "\n";
      arr.push_back({{"name", o.name}, {"dtype", o.dtype}, {"shape", o.has_shape ? shape_json(o.dims, o.params) : json()}});
      if (!inputs) continue;
      for (size_t d = 0; d < o.dims.size(); ++d)
        if (o.dims[d] < 0) {
          const std::string name = o.params[d].empty() ? o.name + ":" + std::to_string(d) : o.params[d];
          if (std::find(symbolic.begin(), symbolic.end(), name) == symbolic.end()) symbolic.push_back(name);
        }
    }
    j[inputs ? "inputs" : "outputs"] = arr;
  };
  list_values("inputs", g.input(), true);
  list_values("outputs", g.output(), false);

  // Operators and parameters, subgraphs included.
  std::map<std::string, int> ops;
  int nodes = 0, subgraph_nodes = 0;
  uint64_t values = 0, value_bytes = 0;
  int constants = 0;
  auto add_tensor = [&](const onnx::TensorProto& t) {
    const std::vector<int64_t> dims(t.dims().begin(), t.dims().end());
    const uint64_t n = saturating_product(dims);
    size_t elem = 0;
    try {
      elem = dtype_size(convert::dtype_from_onnx(t.data_type(), t.name()));
    } catch (const std::exception&) {
      elem = 0;  // a type spud has no kernel for: counted, not sized
    }
    values = values > UINT64_MAX - n ? UINT64_MAX : values + n;
    const uint64_t b = elem != 0 && n > UINT64_MAX / elem ? UINT64_MAX : n * elem;
    value_bytes = value_bytes > UINT64_MAX - b ? UINT64_MAX : value_bytes + b;
  };
  for (const auto& t : g.initializer()) add_tensor(t);
  std::function<void(const onnx::GraphProto&, bool)> walk = [&](const onnx::GraphProto& graph, bool inside) {
    for (const auto& n : graph.node()) {
      ++(inside ? subgraph_nodes : nodes);
      ++ops[(n.domain().empty() || n.domain() == "ai.onnx" ? "" : n.domain() + ".") + n.op_type()];
      for (const auto& a : n.attribute()) {
        if (n.op_type() == "Constant" && a.has_t()) {
          add_tensor(a.t());
          ++constants;
        }
        if (a.has_g()) walk(a.g(), true);
        for (const auto& sub : a.graphs()) walk(sub, true);
      }
    }
  };
  walk(g, false);
  text += "operators: " + plural(static_cast<size_t>(nodes), "node") +
          (subgraph_nodes ? " and " + std::to_string(subgraph_nodes) + " in subgraphs" : "") + ", " +
          plural(ops.size(), "type") + ": " + count_text(ops) + "\n";
  j["nodes"] = nodes;
  j["subgraph_nodes"] = subgraph_nodes;
  j["operators"] = ops;
  text += "parameters: " + std::to_string(values) + " values, " + human_bytes(value_bytes) + ", in " +
          plural(static_cast<size_t>(g.initializer_size()), "initializer") + " and " +
          plural(static_cast<size_t>(constants), "Constant node") + "\n";
  j["parameters"] = {{"values", values}, {"bytes", value_bytes}, {"initializers", g.initializer_size()},
                     {"constant_nodes", constants}};
  std::string sym;
  for (const std::string& s : symbolic) sym += (sym.empty() ? "" : ", ") + s;
  text += "symbolic dimensions: " +
          (sym.empty() ? std::string("none") : sym + " (spud convert --dim NAME=N fixes one, NAME=MIN..MAX bounds it)") +
          "\n";
  j["symbolic_dims"] = symbolic;

  // ONNX's checker, then the verdict: the conversion spud convert would do.
  bool ok = true;
  const int opset = convert::default_opset(m);
  if (opset > convert::onnx_known_opset()) {
    // ONNX's checker would judge the nodes by older schemas.
    std::snprintf(line, sizeof(line),
                  "ONNX checker: skipped: opset %d is newer than this build's libonnx knows (up to %d); spud's kernels "
                  "check the nodes\n",
                  opset, convert::onnx_known_opset());
    text += line;
    j["onnx_checker"] = {{"passed", nullptr}, {"skipped", true}};
  } else {
    try {
      onnx::checker::check_model(path);
      text += "ONNX checker: passed\n";
      j["onnx_checker"] = {{"passed", true}};
    } catch (const std::exception& e) {
      text += std::string("ONNX checker: FAILED: ") + e.what() + "\n";
      j["onnx_checker"] = {{"passed", false}, {"error", e.what()}};
      ok = false;
    }
  }
  json verdict = {{"runs", false}};
  if (ok) {
    std::vector<std::string> notes;
    try {
      const convert::ConvertResult r = convert::convert_model(path, convert::ConvertOptions(), &notes);
      text += "verdict: this build of spud runs it: spud convert " + path + " makes " +
              plural(r.graph.nodes.size(), "node") + " (arena " + human_bytes(r.arena_size) + ")\n";
      verdict = {{"runs", true}, {"nodes_after_conversion", r.graph.nodes.size()}, {"arena_bytes", r.arena_size}};
    } catch (const convert::MissingKernelsError& e) {
      text += "verdict: this build of spud cannot run it: " + std::string(e.what()) + "\n";
      verdict["missing_operators"] = e.missing;
      verdict["error"] = e.what();
      ok = false;
    } catch (const std::exception& e) {
      text += "verdict: spud convert fails on it: " + std::string(e.what()) + "\n";
      verdict["error"] = e.what();
      ok = false;
    }
    for (const std::string& n : notes) text += "  note: " + n + "\n";
    verdict["notes"] = notes;
  } else {
    text += "verdict: spud convert refuses a model that fails the ONNX checker\n";
    verdict["error"] = "the model fails the ONNX checker";
  }
  j["verdict"] = verdict;

  if (flags.nodes) {
    text += "nodes:\n";
    json list = json::array();
    // Subgraphs' nodes indented under their node, after the attribute's name.
    std::function<void(const onnx::GraphProto&, int)> print = [&](const onnx::GraphProto& graph, int depth) {
      const std::string indent(static_cast<size_t>(2 * depth), ' ');
      for (int i = 0; i < graph.node_size(); ++i) {
        const auto& n = graph.node(i);
        std::snprintf(line, sizeof(line), "  %s%4d ", indent.c_str(), i);
        text += line + (n.domain().empty() ? "" : n.domain() + ".") + n.op_type() + " (" + join(n.input()) + ") -> " +
                join(n.output()) + "\n";
        if (depth == 0)
          list.push_back({{"name", n.name()}, {"domain", n.domain()}, {"op", n.op_type()},
                          {"inputs", std::vector<std::string>(n.input().begin(), n.input().end())},
                          {"outputs", std::vector<std::string>(n.output().begin(), n.output().end())}});
        for (const auto& a : n.attribute()) {
          if (!a.has_g()) continue;
          google::protobuf::RepeatedPtrField<std::string> ins, outs;
          for (const auto& v : a.g().input()) *ins.Add() = v.name();
          for (const auto& v : a.g().output()) *outs.Add() = v.name();
          text += "  " + indent + "       " + a.name() + " (" + join(ins) + ") -> " + join(outs) + ":\n";
          print(a.g(), depth + 2);
        }
      }
    };
    print(g, 0);
    j["node_list"] = list;
  }
  j["ok"] = ok;
  print_result(flags.json, j, text);
  return ok ? 0 : 1;
}

// --- .spud ---------------------------------------------------------------------

// A name from the file, which may lack it (the loader allows that).
std::string text_of(const flatbuffers::String* s) { return s != nullptr ? s->str() : "<unnamed>"; }

struct SpudValue {
  std::string text;
  json j;
};

SpudValue spud_value(const schema::Tensor* t) {
  std::vector<int64_t> dims;
  std::vector<std::string> params;
  if (t->shape())
    for (int64_t d : *t->shape()) dims.push_back(d);
  if (t->dim_params())
    for (const auto* p : *t->dim_params()) params.push_back(p != nullptr ? p->str() : "");
  const std::string dtype = dtype_name(static_cast<DType>(t->dtype()));
  SpudValue v;
  v.j = {{"name", text_of(t->name())}, {"dtype", dtype}};
  if (t->dynamic() || t->rank_unknown()) {
    // A data-dependent shape: the producing node computes it on each run.
    v.text = dtype + ", shape computed by each run (data-dependent)";
    v.j["shape"] = nullptr;
    v.j["data_dependent"] = true;
    return v;
  }
  std::string bounds;  // "seq 1..64"
  json jb = json::object();
  for (size_t d = 0; d < dims.size() && t->dim_max() && t->dim_min(); ++d) {
    if (dims[d] >= 0) continue;
    const int64_t lo = t->dim_min()->Get(static_cast<uint32_t>(d)), hi = t->dim_max()->Get(static_cast<uint32_t>(d));
    const std::string name = d < params.size() && !params[d].empty() ? params[d] : std::to_string(d);
    bounds += (bounds.empty() ? "" : ", ") + name + " " + std::to_string(lo) + ".." + (hi >= 0 ? std::to_string(hi) : "");
    jb[name] = {lo, hi >= 0 ? json(hi) : json()};
  }
  v.text = dtype + " " + format_shape(dims, params) + (bounds.empty() ? "" : " (" + bounds + ")");
  v.j["shape"] = shape_json(dims, params);
  if (!jb.empty()) v.j["bounds"] = jb;
  return v;
}

int check_spud(const CheckFlags& flags) {
  const std::string& path = flags.path;
  json j = {{"file", path}, {"format", "spud"}};
  std::string text;
  auto fail = [&](const std::string& message) {
    j["verified"] = false;
    return report_failure(message, flags.json, &j);
  };
  spud_error err{};
  spud_model* model = nullptr;
  if (spud_model_load_file(path.c_str(), &model, &err) != SPUD_OK) return fail(load_failure(path, err.message));
  // The view was verified above, so reading it directly is safe.
  bool read = false;
  const std::string bytes = read_all(path, &read);
  const schema::Model* m = schema::GetSizePrefixedModel(bytes.data());
  bool ok = true;

  // The content checksum: the loader's own check, asked for.
  std::string checksum;
  if (m->content_crc32() == nullptr) {
    checksum = "absent";
    text += path + ": verified (flatbuffer and semantics); no content checksum (an older spud convert wrote it)\n";
  } else {
    spud_model* checked = nullptr;
    spud_error cerr{};
    if (spud_model_load_file_with_flags(path.c_str(), SPUD_LOAD_VERIFY_CHECKSUM, &checked, &cerr) == SPUD_OK) {
      checksum = "ok";
      text += path + ": verified (flatbuffer and semantics); content checksum matches\n";
    } else {
      checksum = "mismatch";
      ok = false;
      text += path + ": verified (flatbuffer and semantics), but CONTENT CHECKSUM MISMATCH: " + cerr.message +
              "; convert the model again\n";
    }
    spud_model_free(checked);
  }
  j["verified"] = true;
  j["checksum"] = checksum;

  auto name = [&](int32_t i) -> std::string {
    return i < 0 ? "<none>" : text_of(m->tensors()->Get(static_cast<uint32_t>(i))->name());
  };
  char line[512];
  std::snprintf(line, sizeof(line), "format version %u, graph '%s'\n", m->format_version(),
                m->graph_name() ? m->graph_name()->c_str() : "");
  text += line;
  j["format_version"] = m->format_version();
  j["graph"] = m->graph_name() ? m->graph_name()->str() : "";
  text += "opsets:";
  j["opsets"] = json::object();
  if (m->opset_imports())
    for (const auto* op : *m->opset_imports()) {
      const std::string domain =
          op->domain() == nullptr || op->domain()->size() == 0 ? "ai.onnx" : op->domain()->str();
      text += " " + domain + "=" + std::to_string(op->version());
      j["opsets"][domain] = op->version();
    }
  const bool nhwc = m->layout() == schema::Layout::NHWC;
  text += std::string("\nlayout: ") +
          (nhwc ? "NHWC (chains of spatial operators run channels-last, in com.spud.nhwc)" : "NCHW (as in the ONNX model)") +
          "\n";
  j["layout"] = nhwc ? "nhwc" : "nchw";

  std::vector<std::string> symbolic;
  auto list_values = [&](const char* title, const flatbuffers::Vector<int32_t>* vs, bool inputs) {
    text += std::string(title) + ":\n";
    json arr = json::array();
    if (vs != nullptr)
      for (int32_t i : *vs) {
        const schema::Tensor* t = m->tensors()->Get(static_cast<uint32_t>(i));
        const SpudValue v = spud_value(t);
        text += "  " + name(i) + ": " + v.text + "\n";
        arr.push_back(v.j);
        if (!inputs || t->shape() == nullptr) continue;
        for (uint32_t d = 0; d < t->shape()->size(); ++d)
          if (t->shape()->Get(d) < 0) {
            const std::string p = t->dim_params() != nullptr && d < t->dim_params()->size() &&
                                          t->dim_params()->Get(d) != nullptr && t->dim_params()->Get(d)->size() > 0
                                      ? t->dim_params()->Get(d)->str()
                                      : name(i) + ":" + std::to_string(d);
            if (std::find(symbolic.begin(), symbolic.end(), p) == symbolic.end()) symbolic.push_back(p);
          }
      }
    j[inputs ? "inputs" : "outputs"] = arr;
  };
  list_values("inputs", m->inputs(), true);
  list_values("outputs", m->outputs(), false);

  const uint32_t num_nodes = m->nodes() ? m->nodes()->size() : 0;
  std::map<std::string, int> ops;
  int dynamic_nodes = 0;
  std::vector<std::string> dynamic_names;
  for (uint32_t i = 0; i < num_nodes; ++i) {
    const schema::Node* n = m->nodes()->Get(i);
    const bool custom = n->domain() && n->domain()->size() > 0;
    const std::string op = (custom ? n->domain()->str() + "." : "") + text_of(n->op_type());
    ++ops[op];
    if (n->dynamic()) {
      ++dynamic_nodes;
      if (dynamic_names.size() < 8) dynamic_names.push_back(op + " '" + text_of(n->name()) + "'");
    }
  }
  text += "operators: " + plural(num_nodes, "node") + ", " + plural(ops.size(), "type") + ": " + count_text(ops) + "\n";
  j["nodes"] = num_nodes;
  j["operators"] = ops;

  uint64_t weights = 0, values = 0;
  int constants = 0;
  for (const auto* t : *m->tensors())
    if (t->kind() == schema::TensorKind::CONSTANT) {
      ++constants;
      const uint64_t b = m->buffers()->Get(t->buffer())->size();
      weights += b;
      const size_t elem = dtype_size(static_cast<DType>(t->dtype()));
      values += elem > 0 ? b / elem : 0;
    }
  uint64_t packed = 0;
  int packed_nodes = 0;
  for (uint32_t i = 0; i < num_nodes; ++i)
    if (m->nodes()->Get(i)->packed_buffer() >= 0) {
      ++packed_nodes;
      packed += m->buffers()->Get(static_cast<uint32_t>(m->nodes()->Get(i)->packed_buffer()))->size();
    }
  text += "parameters: " + std::to_string(values) + " values, " + human_bytes(weights) + ", in " +
          plural(static_cast<size_t>(constants), "constant") + "\n";
  if (packed_nodes > 0)
    text += "pre-packed weights: " + plural(static_cast<size_t>(packed_nodes), "node") + ", " + human_bytes(packed) +
            " (spud convert --prepack; used in place by the AVX-512 kernels)\n";
  j["parameters"] = {{"values", values}, {"bytes", weights}, {"constants", constants}, {"prepacked_bytes", packed}};
  std::string sym;
  for (const std::string& s : symbolic) sym += (sym.empty() ? "" : ", ") + s;
  text += "symbolic dimensions: " + (sym.empty() ? std::string("none") : sym) + "\n";
  j["symbolic_dims"] = symbolic;

  // How it was converted (files of older converters do not say).
  const schema::Provenance* p = m->provenance();
  auto str = [](const flatbuffers::String* x) { return x ? x->str() : std::string(); };
  json conversion = json::array();
  std::string options;
  if (p != nullptr && p->conversion() != nullptr)
    for (const auto* kv : *p->conversion()) {
      conversion.push_back({{"key", str(kv->key())}, {"value", str(kv->value())}});
      const std::string key = str(kv->key());
      if (key == "opset") continue;
      // Back to the flags that made it.
      const std::string flag = key == "bound"           ? "--dim"
                               : key == "target_opset"  ? "--target-opset"
                               : key == "no_qdq_fusion" ? "--no-qdq-fusion"
                                                        : "--" + key;
      const bool bare = key == "prepack" || key == "no_qdq_fusion";  // flags without a value
      options += (options.empty() ? "" : " ") + flag + (bare ? "" : " " + str(kv->value()));
    }
  if (p == nullptr || p->conversion() == nullptr) {
    text += "converted with: (not recorded: an older spud convert wrote the file)\n";
  } else {
    text += "converted with: spud convert " + options + "\n";
    for (const auto* kv : *p->conversion())
      if (str(kv->key()) == "opset") text += "  opset change: " + str(kv->value()) + "\n";
  }
  j["conversion"] = conversion;

  // Memory and what a run does.
  size_t memory = 0;
  const bool sized = spud_model_session_memory(model, &memory, &err) == SPUD_OK;
  const size_t arena = spud_model_arena_size(model);
  const bool may_allocate = spud_model_run_may_allocate(model) != 0;
  bool varying = false;  // shapes chosen at run time
  for (const auto* t : *m->tensors()) {
    bool v = t->dynamic();
    if (t->kind() == schema::TensorKind::INPUT && t->shape())
      for (int64_t d : *t->shape()) v = v || d < 0;
    varying = varying || v;
  }
  std::string dyn;
  for (const std::string& d : dynamic_names) dyn += (dyn.empty() ? "" : ", ") + d;
  if (dynamic_nodes > static_cast<int>(dynamic_names.size())) dyn += ", ...";
  if (varying && !may_allocate)
    text += "run: shapes chosen at run time, within the bounds the file is planned for: " +
            plural(static_cast<size_t>(dynamic_nodes), "node") +
            " prepared on every run, on the reference kernels; Run() never allocates\n";
  else if (may_allocate)
    text += "run: shapes chosen at run time (symbolic input dimensions or data-dependent shapes): " +
            plural(static_cast<size_t>(dynamic_nodes), "node") +
            " prepared at run time, again when their inputs' shapes change; Run() may allocate (heap)\n";
  else
    text += "run: every shape is fixed; Run() never allocates\n";
  if (!dyn.empty()) text += "  dynamic nodes: " + dyn + "\n";
  j["dynamic"] = {{"nodes", dynamic_nodes}, {"run_may_allocate", may_allocate}, {"shapes_vary", varying}};

  if (p != nullptr) {
    text += "provenance:\n  producer: " + str(p->producer_name()) + " " + str(p->producer_version()) +
            "\n  source sha256: " + str(p->source_sha256()) + "\n  converter: spud " + str(p->converter_version()) + "\n";
    if (!str(p->doc_string()).empty()) text += "  doc: " + str(p->doc_string()) + "\n";
    json meta = json::object();
    if (p->metadata())
      for (const auto* kv : *p->metadata()) {
        text += "  " + str(kv->key()) + " = " + str(kv->value()) + "\n";
        meta[str(kv->key())] = str(kv->value());
      }
    j["provenance"] = {{"producer", str(p->producer_name())}, {"producer_version", str(p->producer_version())},
                       {"source_sha256", str(p->source_sha256())}, {"converter_version", str(p->converter_version())},
                       {"metadata", meta}};
  }

  // The verdict: this build's kernels take every node (a session is made,
  // within the default memory limit).
  json memory_j = {{"arena_bytes", arena}};
  if (sized) memory_j["session_bytes"] = memory;
  spud_session* session = nullptr;
  if (spud_session_create(model, nullptr, nullptr, 0, &session, &err) != SPUD_OK) {
    text += "memory: arena " + human_bytes(arena) + (sized ? ", a session needs " + human_bytes(memory) : "") + "\n";
    const bool limit = err.code == SPUD_LIMIT_EXCEEDED;
    text += std::string("kernels: ") + (limit ? "not prepared: " : "FAILED: ") + err.message +
            (limit ? " (spud run --max-memory raises it)" : "") + "\n";
    j["kernels"] = {{"ok", false}, {"error", err.message}};
    ok = ok && limit;  // too big for the default limit is no fault of the file
  } else {
    const size_t state = spud_session_kernel_state_bytes(session);
    text += "memory: arena " + human_bytes(arena) + ", kernel state " + human_bytes(state) +
            " (packed weights and operators)" + (sized ? ", a session needs " + human_bytes(memory) + " in total" : "") +
            "\n";
    text += "kernels: every node resolved and prepared: this build of spud runs it\n";
    memory_j["kernel_state_bytes"] = state;
    j["kernels"] = {{"ok", true}};
  }
  j["memory"] = memory_j;
  spud_session_free(session);

  if (flags.nodes) {
    text += "nodes:\n";
    json list = json::array();
    // Subgraphs (format version 2): each node's depth, and the subgraphs
    // that start at each node, listed there under their node's attribute.
    std::vector<int> depth(num_nodes, 0);
    std::map<uint32_t, std::vector<std::pair<uint32_t, const schema::Attribute*>>> starts;
    for (uint32_t i = 0; i < num_nodes; ++i) {
      const auto* attrs = m->nodes()->Get(i)->attributes();
      if (attrs == nullptr) continue;
      for (const schema::Attribute* a : *attrs) {
        if (a->type() != schema::AttributeType::GRAPH) continue;
        const schema::Subgraph* sg = m->subgraphs()->Get(static_cast<uint32_t>(a->g()));
        starts[sg->node_begin()].emplace_back(i, a);
        for (uint32_t k = sg->node_begin(); k < sg->node_begin() + sg->node_count(); ++k) ++depth[k];
      }
    }
    auto names = [&](uint32_t begin, uint32_t count) {
      std::string out;
      for (uint32_t k = begin; k < begin + count; ++k) out += (out.empty() ? "" : ", ") + name(m->subgraph_tensors()->Get(k));
      return out;
    };
    for (uint32_t i = 0; i < num_nodes; ++i) {
      const auto* n = m->nodes()->Get(i);
      for (const auto& [owner, a] : starts[i]) {
        const schema::Subgraph* sg = m->subgraphs()->Get(static_cast<uint32_t>(a->g()));
        text += "  " + std::string(static_cast<size_t>(4 * depth[owner]), ' ') + "       " + text_of(a->name()) +
                " of node " + std::to_string(owner) + " (" + names(sg->io_begin(), sg->num_inputs()) + ") -> " +
                names(sg->io_begin() + sg->num_inputs(), sg->num_outputs()) + ":\n";
      }
      std::vector<std::string> ins, outs;
      if (n->inputs())
        for (int32_t x : *n->inputs()) ins.push_back(name(x));
      if (n->outputs())
        for (int32_t x : *n->outputs()) outs.push_back(name(x));
      std::string in_text, out_text;
      for (const std::string& s : ins) in_text += (in_text.empty() ? "" : ", ") + s;
      for (const std::string& s : outs) out_text += (out_text.empty() ? "" : ", ") + s;
      const bool custom = n->domain() && n->domain()->size() > 0;
      std::snprintf(line, sizeof(line), "%s  %4u ", std::string(static_cast<size_t>(4 * depth[i]), ' ').c_str(), i);
      text += line + (custom ? n->domain()->str() + "." : "") + text_of(n->op_type()) + "/" +
              std::to_string(n->since_version()) + " (" + in_text + ") -> " + out_text +
              (n->dynamic() ? "  [dynamic]" : "") + "\n";
      list.push_back({{"name", text_of(n->name())}, {"domain", custom ? n->domain()->str() : ""},
                      {"op", text_of(n->op_type())}, {"since_version", n->since_version()}, {"inputs", ins},
                      {"outputs", outs}, {"dynamic", n->dynamic()}, {"depth", depth[i]}});
    }
    j["node_list"] = list;
  }
  spud_model_free(model);
  j["ok"] = ok;
  print_result(flags.json, j, text);
  return ok ? 0 : 1;
}

}  // namespace

int run_check(const CheckFlags& flags) {
  const std::string& path = flags.path;
  if (ends_with(path, ".onnx")) return check_onnx(flags);
  if (ends_with(path, ".spud")) return check_spud(flags);
  // Another name: by the content (a .spud has "SPUD" after its size prefix
  // and root offset).
  std::ifstream f(path, std::ios::binary);
  char head[12] = {};
  f.read(head, sizeof(head));
  if (f.gcount() == sizeof(head) && std::string(head + 8, 4) == "SPUD") return check_spud(flags);
  if (f.gcount() > 0) return check_onnx(flags);
  std::cerr << "error: " << load_failure(path, "") << "\n";
  return 1;
}

}  // namespace cli
}  // namespace spud
