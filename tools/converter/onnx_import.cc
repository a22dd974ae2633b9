#include "onnx_import.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "../sha256.h"
#include "../tensor_proto.h"
#include "opset_changes.h"
#include "opset_upgrade.h"
#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

namespace spud {
namespace convert {

namespace {

std::string dir_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

// A sequence or optional value: a uint8 blob of rank 1 whose size is known
// only when it is made (spud/sequence.h), with its elements' type.
void fill_blob_type(const onnx::TypeProto& elem, ValueKind kind, TensorInfo* t) {
  if (!elem.has_tensor_type())
    throw ConvertError("value '" + t->name + "' is a sequence or optional of something other than tensors (not supported)");
  t->kind = kind;
  if (elem.tensor_type().elem_type() != 0)
    t->elem_dtype = dtype_from_onnx(elem.tensor_type().elem_type(), "value '" + t->name + "'");
  t->dtype = DType::kUInt8;
  t->rank_known = true;
  t->shape = {-1};
  t->dim_params = {t->name + ":bytes"};
}

void fill_type(const onnx::TypeProto& type, TensorInfo* t) {
  if (type.has_sequence_type()) return fill_blob_type(type.sequence_type().elem_type(), ValueKind::kSequence, t);
  if (type.has_optional_type()) {
    const onnx::TypeProto& e = type.optional_type().elem_type();
    if (e.has_sequence_type()) return fill_blob_type(e.sequence_type().elem_type(), ValueKind::kOptionalSequence, t);
    return fill_blob_type(e, ValueKind::kOptionalTensor, t);
  }
  if (!type.has_tensor_type()) throw ConvertError("value '" + t->name + "' is not a tensor, sequence or optional (maps are not supported)");
  const auto& tt = type.tensor_type();
  if (tt.elem_type() != 0) t->dtype = dtype_from_onnx(tt.elem_type(), "value '" + t->name + "'");
  if (!tt.has_shape()) return;
  t->rank_known = true;
  t->shape.clear();
  t->dim_params.clear();
  for (const auto& d : tt.shape().dim()) {
    t->shape.push_back(d.has_dim_value() ? d.dim_value() : -1);
    t->dim_params.push_back(d.has_dim_param() ? d.dim_param() : "");
  }
}

// Names visible in one graph: its own (mapped to their unique names in the
// one tensor table), then those of the graphs around it (ONNX's scoping).
struct Scope {
  std::map<std::string, std::string> names;
  const Scope* parent = nullptr;
  const std::string* find(const std::string& n) const {
    for (const Scope* s = this; s != nullptr; s = s->parent) {
      auto it = s->names.find(n);
      if (it != s->names.end()) return &it->second;
    }
    return nullptr;
  }
};

struct ImportContext {
  Graph* root = nullptr;
  std::string base_dir;
  std::set<std::string> taken;  // every tensor name given out so far
  int unnamed = 0;
  // `name`, or `name__N` when a graph already uses it.
  std::string fresh(const std::string& name) {
    std::string n = name;
    for (int i = 1; taken.count(n); ++i) n = name + "__" + std::to_string(i);
    taken.insert(n);
    return n;
  }
};

std::shared_ptr<Graph> import_subgraph(const onnx::GraphProto& gp, const Scope* parent, ImportContext* cx,
                                       const std::string& owner);

int since_version_of(const Graph& g, const std::string& node, const std::string& domain, const std::string& op) {
  auto opset = g.opset_imports.find(domain);
  if (opset == g.opset_imports.end())
    throw ConvertError("node '" + node + "' uses domain '" + domain + "', which the model does not import");
  // The default domain through spud's table of ONNX's changelog (opsets
  // 18-21 are newer than ONNX 1.12's registry), others through the registry.
  int since = 0;
  if (domain.empty()) {
    since = resolve_since_version(op, static_cast<int>(opset->second));
  } else {
    const onnx::OpSchema* schema = onnx::OpSchemaRegistry::Schema(op, static_cast<int>(opset->second), domain);
    since = schema != nullptr ? schema->SinceVersion() : 0;
  }
  return since != 0 ? since : static_cast<int>(opset->second);
}

// Optional's `type` (a TypeProto) is what its output's value type says
// already: the value's kind and element type come from there.
bool optional_type_attr(const onnx::NodeProto& n, const onnx::AttributeProto& a) {
  return a.type() == onnx::AttributeProto::TYPE_PROTO && n.op_type() == "Optional" &&
         (n.domain().empty() || n.domain() == "ai.onnx");
}

Attr convert_attr(const onnx::AttributeProto& a, const std::string& node, Graph* g, const std::string& base_dir,
                  const Scope* scope = nullptr, ImportContext* cx = nullptr) {
  Attr out;
  out.name = a.name();
  switch (a.type()) {
    case onnx::AttributeProto::FLOAT: out.type = AttrType::kFloat; out.f = a.f(); break;
    case onnx::AttributeProto::INT: out.type = AttrType::kInt; out.i = a.i(); break;
    case onnx::AttributeProto::STRING: out.type = AttrType::kString; out.s = a.s(); break;
    case onnx::AttributeProto::FLOATS:
      out.type = AttrType::kFloats;
      out.floats.assign(a.floats().begin(), a.floats().end());
      break;
    case onnx::AttributeProto::INTS:
      out.type = AttrType::kInts;
      out.ints.assign(a.ints().begin(), a.ints().end());
      break;
    case onnx::AttributeProto::STRINGS:
      out.type = AttrType::kStrings;
      out.strings.assign(a.strings().begin(), a.strings().end());
      break;
    case onnx::AttributeProto::TENSOR: {
      TensorInfo t = tensor_from_proto(a.t(), base_dir);
      t.name = node + "/" + a.name();
      out.type = AttrType::kTensor;
      out.tensor = t.name;
      g->tensors[t.name] = std::move(t);
      break;
    }
    case onnx::AttributeProto::GRAPH:
      out.type = AttrType::kGraph;
      out.graph = import_subgraph(a.g(), scope, cx, node + "/" + a.name());
      break;
    default:
      throw ConvertError("node '" + node + "': attribute '" + a.name() +
                         "' has a type spud does not support yet (lists of graphs, sparse tensors, type protos)");
  }
  return out;
}

// A Constant node's value as a constant tensor.
TensorInfo constant_value(const onnx::NodeProto& n, const std::string& base_dir) {
  if (n.attribute_size() != 1) throw ConvertError("Constant node '" + n.name() + "' must have exactly one attribute");
  const onnx::AttributeProto& a = n.attribute(0);
  TensorInfo t;
  auto scalarish = [&](DType d, std::vector<int64_t> shape, const void* p, size_t bytes) {
    t.dtype = d;
    t.rank_known = true;
    t.shape = std::move(shape);
    t.role = TensorRole::kConstant;
    t.data.assign(static_cast<const uint8_t*>(p), static_cast<const uint8_t*>(p) + bytes);
  };
  if (a.name() == "value") {
    t = tensor_from_proto(a.t(), base_dir);
  } else if (a.name() == "value_float") {
    const float v = a.f();
    scalarish(DType::kFloat32, {}, &v, 4);
  } else if (a.name() == "value_int") {
    const int64_t v = a.i();
    scalarish(DType::kInt64, {}, &v, 8);
  } else if (a.name() == "value_floats") {
    std::vector<float> v(a.floats().begin(), a.floats().end());
    scalarish(DType::kFloat32, {static_cast<int64_t>(v.size())}, v.data(), v.size() * 4);
  } else if (a.name() == "value_ints") {
    std::vector<int64_t> v(a.ints().begin(), a.ints().end());
    scalarish(DType::kInt64, {static_cast<int64_t>(v.size())}, v.data(), v.size() * 8);
  } else {
    throw ConvertError("Constant node '" + n.name() + "': attribute '" + a.name() + "' is not supported");
  }
  t.name = n.output(0);
  return t;
}

// A graph output that is constant data (an initializer or a Constant node)
// becomes an Identity of the constant, moved to a fresh name, so every
// output is produced by a node and keeps its own name.
void add_constant_output(Graph* g, TensorInfo constant, const std::string& output) {
  const std::string name = output + "/value";
  if (g->tensors.count(name)) throw ConvertError("graph output '" + output + "': cannot name its constant value");
  TensorInfo out;
  out.name = output;
  out.role = TensorRole::kOutput;
  out.dtype = constant.dtype;
  out.rank_known = true;
  out.shape = constant.shape;
  constant.name = name;
  constant.role = TensorRole::kConstant;
  g->tensors[name] = std::move(constant);
  g->tensors[output] = std::move(out);
  Node identity;
  identity.name = output + "/identity";
  identity.op_type = "Identity";
  identity.inputs = {name};
  identity.outputs = {output};
  const auto opset = g->opset_imports.find("");
  const int since = resolve_since_version("Identity", opset != g->opset_imports.end() ? static_cast<int>(opset->second) : 13);
  identity.since_version = since != 0 ? since : 1;
  g->nodes.push_back(std::move(identity));
}

// Sorts `nodes` so each comes after the producers of what it reads (its
// subgraphs' outer reads included); `available` holds what exists before.
void sort_nodes(std::vector<Node>& nodes, std::set<std::string> available) {
  std::vector<Node> sorted;
  std::vector<bool> done(nodes.size(), false);
  std::vector<std::vector<std::string>> reads(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    reads[i] = nodes[i].inputs;
    for (const std::string& in : implicit_inputs(nodes[i])) reads[i].push_back(in);
  }
  bool progress = true;
  while (sorted.size() < nodes.size() && progress) {
    progress = false;
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (done[i]) continue;
      bool ready = true;
      for (const std::string& in : reads[i])
        if (!in.empty() && !available.count(in)) ready = false;
      if (!ready) continue;
      for (const std::string& out : nodes[i].outputs) available.insert(out);
      sorted.push_back(std::move(nodes[i]));
      done[i] = true;
      progress = true;
    }
  }
  if (sorted.size() != nodes.size()) {
    for (size_t i = 0; i < nodes.size(); ++i)
      if (!done[i])
        for (const std::string& in : reads[i])
          if (!in.empty() && !available.count(in))
            throw ConvertError("node '" + nodes[i].name + "' (" + nodes[i].op_type + ") reads '" + in +
                               "', which no node, input or initializer provides (or the graph has a cycle)");
  }
  nodes = std::move(sorted);
}

std::shared_ptr<Graph> import_subgraph(const onnx::GraphProto& gp, const Scope* parent, ImportContext* cx,
                                       const std::string& owner) {
  if (cx == nullptr || parent == nullptr) throw ConvertError(owner + ": a subgraph outside a model's graph");
  Graph& root = *cx->root;
  auto sub = std::make_shared<Graph>();
  sub->name = gp.name().empty() ? owner : gp.name();
  Scope scope;
  scope.parent = parent;
  auto define = [&](const std::string& name) -> const std::string& {
    if (scope.names.count(name)) throw ConvertError(owner + ": subgraph value '" + name + "' is defined twice");
    return scope.names[name] = cx->fresh(name);
  };
  std::map<std::string, const onnx::TypeProto*> types;
  for (const auto& v : gp.value_info()) types[v.name()] = &v.type();
  for (const auto& v : gp.input()) types[v.name()] = &v.type();
  for (const auto& v : gp.output()) types[v.name()] = &v.type();
  auto typed = [&](const std::string& onnx_name, const std::string& name) {
    TensorInfo t;
    t.name = name;
    auto it = types.find(onnx_name);
    if (it != types.end()) fill_type(*it->second, &t);
    t.name = name;
    return t;
  };
  std::set<std::string> initializers;
  for (const auto& init : gp.initializer()) {
    TensorInfo t = tensor_from_proto(init, cx->base_dir);
    t.name = define(init.name());
    initializers.insert(init.name());
    root.tensors[t.name] = std::move(t);
  }
  for (const auto& in : gp.input()) {
    if (initializers.count(in.name())) continue;
    const std::string name = define(in.name());
    root.tensors[name] = typed(in.name(), name);
    sub->inputs.push_back(name);
  }
  for (const auto& n : gp.node())
    for (const std::string& o : n.output())
      if (!o.empty()) define(o);
  std::set<std::string> produced;
  for (const auto& n : gp.node()) {
    if (n.op_type() == "Constant" && (n.domain().empty() || n.domain() == "ai.onnx")) {
      TensorInfo t = constant_value(n, cx->base_dir);
      t.name = scope.names.at(n.output(0));
      root.tensors[t.name] = std::move(t);
      continue;
    }
    Node node;
    node.name = n.name().empty() ? owner + "/" + n.op_type() + "_" + std::to_string(cx->unnamed++) : n.name();
    node.domain = n.domain() == "ai.onnx" ? "" : n.domain();
    node.op_type = n.op_type();
    for (const std::string& in : n.input()) {
      if (in.empty()) {
        node.inputs.push_back("");
        continue;
      }
      const std::string* found = scope.find(in);
      if (found == nullptr)
        throw ConvertError("node '" + node.name + "' in subgraph '" + sub->name + "' reads '" + in +
                           "', which neither the subgraph nor a graph around it defines");
      node.inputs.push_back(*found);
    }
    for (const std::string& o : n.output()) {
      node.outputs.push_back(o.empty() ? "" : scope.names.at(o));
      if (o.empty()) continue;
      root.tensors[node.outputs.back()] = typed(o, node.outputs.back());
      produced.insert(node.outputs.back());
    }
    node.since_version = since_version_of(root, node.name, node.domain, node.op_type);
    for (const auto& a : n.attribute())
      if (!optional_type_attr(n, a)) node.attrs.push_back(convert_attr(a, node.name, &root, cx->base_dir, &scope, cx));
    sub->nodes.push_back(std::move(node));
  }
  for (const auto& out : gp.output()) {
    const std::string* found = scope.find(out.name());
    if (found == nullptr)
      throw ConvertError("subgraph '" + sub->name + "' output '" + out.name() + "' is defined nowhere");
    std::string name = *found;
    if (!produced.count(name) || std::count(sub->outputs.begin(), sub->outputs.end(), name)) {
      // An input, a constant or an outer value as an output: a node of the
      // subgraph copies it, so every output is produced inside it.
      Node identity;
      identity.name = cx->fresh(sub->name + "/" + out.name() + "/identity");
      identity.op_type = "Identity";
      identity.since_version = since_version_of(root, identity.name, "", "Identity");
      const std::string copy = cx->fresh(out.name() + "/out");
      TensorInfo t = typed(out.name(), copy);
      root.tensors[copy] = t;
      identity.inputs = {name};
      identity.outputs = {copy};
      sub->nodes.push_back(std::move(identity));
      name = copy;
    }
    sub->outputs.push_back(name);
  }
  std::set<std::string> available;
  for (const auto& [name, t] : root.tensors)
    if (!produced.count(name)) available.insert(name);
  sort_nodes(sub->nodes, available);
  return sub;
}

// A subgraph input without a type in the model takes its node's: Loop's
// iteration number and condition, carried values, Scan's states and slices.
void type_subgraph_inputs(Graph& g) {
  for (Node* n : linear_nodes(g)) {
    for (const Attr& a : n->attrs) {
      if (a.type != AttrType::kGraph) continue;
      const std::vector<std::string>& ins = a.graph->inputs;
      const size_t skip = n->op_type == "Scan" && n->since_version < 9 ? 1 : 0;
      for (size_t k = 0; k < ins.size(); ++k) {
        // (A name nothing defines is topological_sort's to report.)
        const auto self = g.tensors.find(ins[k]);
        if (self == g.tensors.end()) continue;
        TensorInfo& t = self->second;
        if (t.dtype != DType::kUndefined) continue;
        std::string from;
        if (n->op_type == "Loop") {
          if (k == 0) t.dtype = DType::kInt64;
          if (k == 1) t.dtype = DType::kBool;
          if (k >= 2 && k < n->inputs.size()) from = n->inputs[k];
        } else if (k + skip < n->inputs.size()) {
          from = n->inputs[k + skip];
        }
        const auto source = from.empty() ? g.tensors.end() : g.tensors.find(from);
        if (source != g.tensors.end()) t.dtype = source->second.dtype;
      }
    }
  }
}

// A Loop body's iteration number is int64 and its condition bool, whatever
// the model declares (PyTorch's exporter types the iteration number float
// at times, and ONNX's inference then gives up on the whole body).
void fix_loop_body_types(onnx::GraphProto* g) {
  for (auto& n : *g->mutable_node()) {
    for (auto& a : *n.mutable_attribute()) {
      if (!a.has_g()) continue;
      onnx::GraphProto* sub = a.mutable_g();
      if (n.op_type() == "Loop" && (n.domain().empty() || n.domain() == "ai.onnx") && a.name() == "body") {
        const int types[2] = {onnx::TensorProto::INT64, onnx::TensorProto::BOOL};
        for (int k = 0; k < 2 && k < sub->input_size(); ++k) {
          auto* t = sub->mutable_input(k)->mutable_type();
          if (t->has_tensor_type() || !t->has_sequence_type()) t->mutable_tensor_type()->set_elem_type(types[k]);
        }
      }
      fix_loop_body_types(sub);
    }
  }
}

}  // namespace

void topological_sort(Graph& g) {
  std::set<std::string> available;
  for (const auto& [name, t] : g.tensors)
    if (t.role == TensorRole::kConstant || t.role == TensorRole::kInput) available.insert(name);
  sort_nodes(g.nodes, available);
}

namespace {

// Reads everything from fd until end of file.
std::string read_all(int fd) {
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n > 0) {
      out.append(buf, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      return out;
    }
  }
}

bool write_all(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

onnx::ModelProto run_onnx_isolated(const onnx::ModelProto& model, const std::string& path, const std::string& what,
                                   const std::string& hint,
                                   const std::function<onnx::ModelProto(const onnx::ModelProto&)>& work) {
  int fds[2];
  if (pipe(fds) != 0) throw ConvertError(path + ": cannot run " + what + " (pipe failed)");
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    throw ConvertError(path + ": cannot run " + what + " (fork failed)");
  }
  if (child == 0) {
    // The child dies by its own signal: the parent turns that into an
    // error. (A sanitizer's or libFuzzer's handler, inherited, would
    // instead report the parent's input as a crash.)
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, SIG_DFL);
    close(fds[0]);
    std::string reply;
    try {
      reply = "M" + work(model).SerializeAsString();
    } catch (const std::exception& e) {
      reply = std::string("E") + e.what();
    }
    _exit(write_all(fds[1], reply) ? 0 : 1);
  }
  close(fds[1]);
  const std::string reply = read_all(fds[0]);
  close(fds[0]);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status))
    throw ConvertError(path + ": " + what + " crashed on this model (signal " + std::to_string(WTERMSIG(status)) + ")" +
                       (hint.empty() ? "" : "; " + hint));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || reply.empty())
    throw ConvertError(path + ": " + what + " did not finish");
  if (reply[0] == 'E') throw IsolatedError(reply.substr(1));
  onnx::ModelProto result;
  if (!result.ParseFromString(reply.substr(1))) throw ConvertError(path + ": " + what + "'s result is unreadable");
  return result;
}

namespace {

// ONNX's shape inference, isolated: ONNX 1.12 crashes inside it on some
// models its checker accepts (a Conv with a zero stride divides by zero).
void infer_shapes_isolated(onnx::ModelProto* model, const std::string& path) {
  try {
    *model = run_onnx_isolated(*model, path, "ONNX shape inference",
                               "check its attributes (a zero stride or dilation, a missing kernel_shape)", [](const onnx::ModelProto& m) {
      onnx::ModelProto inferred = m;
      onnx::shape_inference::InferShapes(inferred, onnx::OpSchemaRegistry::Instance(),
                                         onnx::ShapeInferenceOptions(false, 0, true));
      return inferred;
    });
  } catch (const IsolatedError& e) {
    throw ConvertError(path + ": ONNX shape inference failed: " + e.what());
  }
}

}  // namespace

Graph import_onnx(const std::string& path, const ImportOptions& options) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw ConvertError("cannot open " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string bytes = ss.str();
  onnx::ModelProto model;
  if (bytes.empty() || !model.ParseFromString(bytes) || !model.has_graph())
    throw ConvertError(path + " is not an ONNX model (it does not parse as an ONNX ModelProto)");

  std::vector<std::string> notes;
  const int model_opset = default_opset(model);
  if (model_opset > kNewestOpset)
    throw ConvertError(path + " imports opset " + std::to_string(model_opset) + "; spud knows opsets up to " +
                       std::to_string(kNewestOpset));
  const int known = onnx_known_opset();
  // ONNX's checker and shape inference know the opsets up to `known`; a
  // newer model's nodes are checked, and their shapes computed, by spud's
  // kernels (runtime_bridge). A model the version converter changes is
  // checked before and after.
  if (model_opset <= known) {
    try {
      onnx::checker::check_model(path);
    } catch (const std::exception& e) {
      throw ConvertError(path + " fails the ONNX checker: " + e.what());
    }
  }
  bool converted = false;
  std::string opset_change;  // for the file's provenance
  if (options.target_opset != 0) {
    const int target = options.target_opset;
    if (target < kOldestOpset || target > kNewestOpset)
      throw ConvertError("--target-opset " + std::to_string(target) + ": spud supports opsets " +
                         std::to_string(kOldestOpset) + " to " + std::to_string(kNewestOpset));
    if (target != model_opset) {
      if (target > known || model_opset > known)
        throw ConvertError(path + ": --target-opset " + std::to_string(target) + ": the model imports opset " +
                           std::to_string(model_opset) +
                           ", and ONNX's version converter (this build's libonnx) converts between opsets up to " +
                           std::to_string(known) + " only");
      model = convert_opset(model, target, path);
      converted = true;
      notes.push_back("converted from opset " + std::to_string(model_opset) + " to " + std::to_string(target) +
                      " with ONNX's version converter (--target-opset)");
      opset_change = notes.back();
    }
  } else {
    const std::string note = model_opset <= known ? upgrade_for_kernels(&model, path) : "";
    if (!note.empty()) {
      converted = true;
      notes.push_back(note);
      opset_change = note;
    }
  }
  const int opset = default_opset(model);
  const bool newer = opset > known;
  if (newer) {
    notes.push_back("opset " + std::to_string(opset) + " is newer than this build's libonnx knows (opsets up to " +
                    std::to_string(known) +
                    "): ONNX's checker and shape inference were skipped; spud's kernels check the nodes and compute "
                    "the shapes");
  } else if (converted) {
    try {
      onnx::checker::check_model(model);
    } catch (const std::exception& e) {
      throw ConvertError(path + " fails the ONNX checker after ONNX's version converter made it opset " +
                         std::to_string(opset) + ": " + e.what());
    }
  }

  // Symbolic input dimensions: --dim values fix them; the others stay
  // symbolic, and the nodes they reach are prepared on every run (a note
  // says so).
  onnx::GraphProto* graph = model.mutable_graph();
  std::set<std::string> initializer_names;
  for (const auto& init : graph->initializer()) initializer_names.insert(init.name());
  std::set<std::string> dim_names;
  // Per input with a bounded dimension: each dimension's least and greatest size.
  std::map<std::string, std::pair<std::vector<int64_t>, std::vector<int64_t>>> input_bounds;
  for (auto& input : *graph->mutable_input()) {
    if (initializer_names.count(input.name())) continue;
    if (!input.type().has_tensor_type() || !input.type().tensor_type().has_shape()) continue;
    auto* dims = input.mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim();
    std::vector<std::string> symbolic;  // "0 ('batch')"
    std::string example;
    std::vector<int64_t> lo, hi;
    bool any_bound = false;
    for (int i = 0; i < dims->size(); ++i) {
      auto& d = (*dims)[i];
      lo.push_back(d.has_dim_value() ? d.dim_value() : 0);
      hi.push_back(d.has_dim_value() ? d.dim_value() : -1);
      if (d.has_dim_value()) continue;
      // An unnamed one is called INPUT:INDEX (--dim x:0=1).
      const std::string param = d.has_dim_param() && !d.dim_param().empty()
                                    ? d.dim_param()
                                    : input.name() + ":" + std::to_string(i);
      d.set_dim_param(param);
      dim_names.insert(param);
      auto it = options.dims.find(param);
      if (it != options.dims.end()) {
        d.set_dim_value(it->second);
        lo.back() = hi.back() = it->second;
        continue;
      }
      auto bound = options.bounds.find(param);
      if (bound != options.bounds.end()) {
        lo.back() = bound->second.first;
        hi.back() = bound->second.second;
        any_bound = true;
        notes.push_back("input '" + input.name() + "' dimension " + std::to_string(i) + " ('" + param +
                        "') is bounded to " + std::to_string(lo.back()) + ".." + std::to_string(hi.back()) +
                        ": memory is planned for " + std::to_string(hi.back()) +
                        ", and the nodes it reaches are prepared on every run, on the reference kernels");
        continue;
      }
      symbolic.push_back(std::to_string(i) + " ('" + param + "')");
      if (example.empty()) example = param;
    }
    if (any_bound) input_bounds[input.name()] = {lo, hi};
    if (symbolic.empty()) continue;
    std::string list;
    for (size_t k = 0; k < symbolic.size(); ++k)
      list += (k == 0 ? "" : k + 1 == symbolic.size() ? " and " : ", ") + symbolic[k];
    notes.push_back("input '" + input.name() + "' dimension" + (symbolic.size() > 1 ? "s " : " ") + list +
                    (symbolic.size() > 1 ? " are" : " is") +
                    " symbolic: the nodes they reach are prepared again when the input's shape changes, with "
                    "memory from the heap; --dim " + example + "=N (for each) fixes them for a planned file, "
                    "--dim " + example + "=MIN..MAX bounds them");
  }
  std::map<std::string, int64_t> named = options.dims;
  for (const auto& kv : options.bounds) named[kv.first] = kv.second.second;
  for (const auto& kv : named)
    if (!dim_names.count(kv.first)) {
      std::string known;
      for (const std::string& n : dim_names) known += (known.empty() ? "" : ", ") + n;
      throw ConvertError(path + ": --dim " + kv.first + ": the model's inputs have no symbolic dimension of that name (" +
                         (known.empty() ? "they have none" : "they have: " + known) + ")");
    }
  fix_loop_body_types(graph);
  if (!newer) {
    infer_shapes_isolated(&model, path);
    graph = model.mutable_graph();  // the model was replaced by the inferred one
  }

  Graph g;
  g.notes = notes;
  if (!opset_change.empty()) g.provenance.conversion.emplace_back("opset", opset_change);
  g.onnx_inferred = !newer;
  const std::string base_dir = dir_of(path);
  g.name = graph->name();
  for (const auto& op : model.opset_import())
    g.opset_imports[op.domain() == "ai.onnx" ? "" : op.domain()] = op.version();
  Provenance& p = g.provenance;
  p.producer_name = model.producer_name();
  p.producer_version = model.producer_version();
  p.source_sha256 = sha256_hex(bytes);
  p.doc_string = model.doc_string();
  for (const auto& kv : model.metadata_props()) p.metadata.emplace_back(kv.key(), kv.value());

  for (const auto& init : graph->initializer()) {
    TensorInfo t = tensor_from_proto(init, base_dir);
    g.tensors[t.name] = std::move(t);
  }
  for (const auto& input : graph->input()) {
    if (g.tensors.count(input.name())) continue;  // an initializer listed as input: a constant
    TensorInfo t;
    t.name = input.name();
    t.role = TensorRole::kInput;
    fill_type(input.type(), &t);
    auto bounds = input_bounds.find(t.name);
    if (bounds != input_bounds.end()) {
      t.dim_min = bounds->second.first;
      t.dim_max = bounds->second.second;
    }
    g.tensors[t.name] = t;
    g.inputs.push_back(t.name);
  }
  for (const auto& vi : graph->value_info()) {
    if (g.tensors.count(vi.name())) continue;
    TensorInfo t;
    t.name = vi.name();
    fill_type(vi.type(), &t);
    g.tensors[t.name] = t;
  }
  for (const auto& out : graph->output()) {
    TensorInfo& t = g.tensors[out.name()];
    if (t.role == TensorRole::kInput)
      throw ConvertError("graph output '" + out.name() + "' is also a graph input; spud needs every output produced by a node");
    if (t.role == TensorRole::kConstant) {
      add_constant_output(&g, t, out.name());
      g.outputs.push_back(out.name());
      continue;
    }
    t.name = out.name();
    t.role = TensorRole::kOutput;
    fill_type(out.type(), &t);
    g.outputs.push_back(out.name());
  }

  // Every name of the main graph, so subgraphs' names never collide with them.
  ImportContext cx;
  cx.root = &g;
  cx.base_dir = base_dir;
  Scope main_scope;
  for (const auto& [name, t] : g.tensors) {
    cx.taken.insert(name);
    main_scope.names[name] = name;
  }
  for (const auto& n : graph->node())
    for (const std::string& o : n.output())
      if (!o.empty()) {
        cx.taken.insert(o);
        main_scope.names[o] = o;
      }
  int unnamed = 0;
  for (const auto& n : graph->node()) {
    if (n.op_type() == "Constant" && (n.domain().empty() || n.domain() == "ai.onnx")) {
      TensorInfo t = constant_value(n, base_dir);
      TensorRole role = g.tensors.count(t.name) ? g.tensors[t.name].role : TensorRole::kIntermediate;
      if (role == TensorRole::kOutput) {
        const std::string output = t.name;
        add_constant_output(&g, std::move(t), output);
      } else {
        g.tensors[t.name] = std::move(t);
      }
      continue;
    }
    Node node;
    node.name = n.name().empty() ? n.op_type() + "_" + std::to_string(unnamed++) : n.name();
    node.domain = n.domain() == "ai.onnx" ? "" : n.domain();
    node.op_type = n.op_type();
    node.inputs.assign(n.input().begin(), n.input().end());
    node.outputs.assign(n.output().begin(), n.output().end());
    node.since_version = since_version_of(g, node.name, node.domain, node.op_type);
    for (const auto& a : n.attribute())
      if (!optional_type_attr(n, a)) node.attrs.push_back(convert_attr(a, node.name, &g, base_dir, &main_scope, &cx));
    for (const std::string& o : node.outputs) {
      if (o.empty()) continue;
      TensorInfo& t = g.tensors[o];
      t.name = o;
    }
    g.nodes.push_back(std::move(node));
  }
  for (const std::string& in : g.inputs)
    if (!g.tensors.at(in).rank_known)
      throw ConvertError("graph input '" + in + "' has no shape; spud needs input shapes");
  type_subgraph_inputs(g);
  topological_sort(g);
  return g;
}

}  // namespace convert
}  // namespace spud
