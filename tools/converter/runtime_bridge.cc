#include "runtime_bridge.h"

#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "model.h"
#include "session.h"

namespace spud {
namespace convert {

namespace {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// The bytes of an unplanned file in 64-byte-aligned memory and a session
// over them.
class BridgeSession {
 public:
  explicit BridgeSession(const Graph& g, bool analyze = false, const PackedSink* sink = nullptr,
                         const SessionOptions& base = SessionOptions()) {
    const std::vector<uint8_t> bytes = write_spud(g, nullptr);
    const size_t size = (bytes.size() + 63) / 64 * 64;
    storage_.reset(std::aligned_alloc(64, size));
    std::memcpy(storage_.get(), bytes.data(), bytes.size());
    ModelView view;
    Status st = load_model(storage_.get(), bytes.size(), &view);
    if (!st.ok()) throw std::runtime_error(std::string("internal: converter wrote an invalid file: ") + st.message());
    ErrorText err;
    SessionOptions options = base;
    options.pack_sink = sink;
    st = analyze ? SessionImpl::analyze(view, &session_, &err)
                 : SessionImpl::create(view, options, nullptr, 0, &session_, &err);
    if (!st.ok()) throw std::runtime_error(st.message());
  }
  ~BridgeSession() { SessionImpl::destroy(session_); }
  SessionImpl& session() { return *session_; }

 private:
  std::unique_ptr<void, FreeDeleter> storage_;
  SessionImpl* session_ = nullptr;
};

}  // namespace

namespace {

// Marks nodes whose output shapes depend on input values, and every node fed
// by their outputs, dynamic; their outputs become dynamic tensors.
void make_dynamic(TensorInfo& t) {
  t.dynamic = true;
  t.rank_known = false;  // decided at run time
  t.shape.clear();
  t.dim_params.clear();
}

// Subgraph inputs whose shape can change at run time: a Loop's carried
// value or a Scan's state when what sets it is dynamic or the body gives it
// back in another (or an unknown) shape; a slice of a dynamic scan input.
bool mark_dynamic_body_inputs(Graph& g, const Node& n) {
  bool changed = false;
  for (const Attr& a : n.attrs) {
    if (a.type != AttrType::kGraph) continue;
    const Graph& body = *a.graph;
    const bool loop = n.op_type == "Loop", scan = n.op_type == "Scan";
    if (!loop && !scan) continue;
    const size_t skip = scan && n.since_version < 9 ? 1 : 0;
    const size_t first = loop ? 2 : 0;
    const Attr* m = n.attr("num_scan_inputs");
    const size_t states = loop ? (n.inputs.size() >= 2 ? n.inputs.size() - 2 : 0)
                               : body.inputs.size() - static_cast<size_t>(m != nullptr ? m->i : 0);
    for (size_t k = first; k < body.inputs.size(); ++k) {
      TensorInfo& in = g.tensor(body.inputs[k]);
      if (in.dynamic) continue;
      const size_t source = loop ? k : k + skip;
      bool dynamic = source < n.inputs.size() && !n.inputs[source].empty() && g.tensor(n.inputs[source]).dynamic;
      const size_t carried = k - first;
      if (carried < states) {
        const size_t out = loop ? 1 + carried : carried;
        if (out < body.outputs.size()) {
          const TensorInfo& o = g.tensor(body.outputs[out]);
          dynamic = dynamic || o.dynamic || !o.static_shape() || !in.static_shape() || o.shape != in.shape;
        }
      }
      if (!dynamic) continue;
      make_dynamic(in);
      changed = true;
    }
  }
  return changed;
}

void mark_dynamic_nodes(Graph& g) {
  std::vector<StatusCode> codes;
  {
    BridgeSession analysis(g, /*analyze=*/true);
    for (int n = 0; n < analysis.session().num_nodes(); ++n) codes.push_back(analysis.session().node(n).prepare_code);
  }
  // To a fixed point: a dynamic body input makes the body's nodes dynamic,
  // whose outputs can make the body input dynamic (a shape that grows).
  const std::vector<Node*> nodes = linear_nodes(g);
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t n = 0; n < nodes.size(); ++n) {
      Node& node = *nodes[n];
      if (has_subgraphs(node)) changed = mark_dynamic_body_inputs(g, node) || changed;
      bool dynamic = node.dynamic || codes[n] == StatusCode::kDataDependent;
      for (const std::string& in : node.inputs) dynamic = dynamic || (!in.empty() && g.tensor(in).dynamic);
      for (const Attr& a : node.attrs)
        if (a.type == AttrType::kGraph) {
          for (const std::string& t : a.graph->outputs) dynamic = dynamic || g.tensor(t).dynamic;
          for (const std::string& t : a.graph->inputs) dynamic = dynamic || g.tensor(t).dynamic;
        }
      if (!dynamic || node.dynamic) continue;
      node.dynamic = true;
      changed = true;
      for (const std::string& out : node.outputs)
        if (!out.empty()) make_dynamic(g.tensor(out));
    }
  }
}

// Keeps what the kernels hand the sink on the graph's nodes.
void save_packed(void* user, int node, const char* kind, const void* data, size_t size) {
  Graph& g = *static_cast<Graph*>(user);
  const std::vector<Node*> nodes = linear_nodes(g);
  if (node < 0 || static_cast<size_t>(node) >= nodes.size()) return;
  Node& n = *nodes[static_cast<size_t>(node)];
  n.packed_kind = kind;
  n.packed.assign(static_cast<const uint8_t*>(data), static_cast<const uint8_t*>(data) + size);
}

}  // namespace

namespace {

// Fills every input of `s` with zeros (pass 0) or with small values of
// its type (pass 1).
void fill_for_pass(SessionImpl& s, int pass) {
  for (int k = 0; k < s.num_inputs(); ++k) {
    Tensor* t = s.input(k);
    uint8_t* p = static_cast<uint8_t*>(t->data);
    const size_t n = static_cast<size_t>(t->num_elements());
    const size_t width = dtype_size(t->dtype);
    std::memset(p, 0, t->size_bytes());
    if (pass == 0) continue;
    for (size_t i = 0; i < n; ++i) {
      if (t->dtype == DType::kFloat32) {
        const float v = static_cast<float>(static_cast<int>(i % 13) - 6) * 0.37f;
        std::memcpy(p + i * width, &v, sizeof(v));
      } else if (t->dtype == DType::kFloat64) {
        const double v = static_cast<double>(static_cast<int>(i % 13) - 6) * 0.37;
        std::memcpy(p + i * width, &v, sizeof(v));
      } else if (width > 0) {
        p[i * width] = 1;  // 1 in any integer type (a valid index, a true bool)
      }
    }
  }
}

// Plans a file whose symbolic input dimensions are all bounded: a session
// with every input at its greatest sizes runs twice, on zeros and on other
// values. A dynamic tensor of the same size both times is sized by shapes
// alone and gets a place in the arena for that size (its capacity); one
// whose size changed depends on values and keeps its memory on the heap.
// Every tensor and scratch is then laid out with the model's lifetimes.
void plan_for_bounds(Graph& g, SessionImpl& s, const std::vector<std::string>& order, MemoryPlan* plan) {
  for (int k = 0; k < s.num_inputs(); ++k) {
    const TensorInfo& t = g.tensor(g.inputs[static_cast<size_t>(k)]);
    if (t.static_shape()) continue;
    std::vector<int64_t> dims = t.shape;
    for (size_t d = 0; d < dims.size(); ++d)
      if (dims[d] < 0) dims[d] = t.dim_max[d];
    ErrorText err;
    const Status st = s.set_input_shape(k, dims.data(), static_cast<int>(dims.size()), &err);
    if (!st.ok()) throw std::runtime_error(std::string("planning for the bounds: ") + st.message());
  }
  const std::vector<Node*> nodes = linear_nodes(g);
  const size_t nt = order.size(), nn = nodes.size();
  std::vector<size_t> sizes[2];
  for (int pass = 0; pass < 2; ++pass) {
    fill_for_pass(s, pass);
    ErrorText err;
    const Status st = s.run(&err);
    if (!st.ok())
      throw std::runtime_error(std::string("running at the bounds' greatest sizes to plan for them: ") + st.message());
    sizes[pass].assign(nt + nn, 0);
    for (size_t i = 0; i < nt; ++i) {
      const TensorInfo& info = g.tensor(order[i]);
      if (info.role != TensorRole::kConstant) sizes[pass][i] = s.tensor(static_cast<int>(i)).size_bytes();
    }
    for (size_t n = 0; n < nn; ++n)
      sizes[pass][nt + n] = nodes[n]->dynamic ? s.dynamic_scratch_bytes(static_cast<int>(n)) : plan->scratch[n].second;
  }
  std::vector<size_t> want(nt + nn, 0);
  plan->capacities.assign(nt, 0);
  for (size_t i = 0; i < nt; ++i) {
    const TensorInfo& info = g.tensor(order[i]);
    if (info.role == TensorRole::kConstant) continue;
    const bool varies = info.dynamic || (info.role == TensorRole::kInput && !info.static_shape());
    if (!varies) {
      want[i] = sizes[0][i];
    } else if (sizes[0][i] == sizes[1][i]) {
      want[i] = sizes[0][i] > 64 ? sizes[0][i] : 64;
      plan->capacities[i] = want[i];
    }
  }
  for (size_t n = 0; n < nn; ++n) want[nt + n] = std::max(sizes[0][nt + n], sizes[1][nt + n]);
  std::vector<PlanBuffer> bufs(nt + nn);
  std::vector<int> work(static_cast<size_t>(plan_workspace_ints(static_cast<int>(nt + nn))));
  std::vector<size_t> offsets(nt + nn);
  size_t arena = 0;
  const Status st = s.plan_at_sizes(want.data(), bufs.data(), work.data(), offsets.data(), &arena);
  if (!st.ok()) throw std::runtime_error(std::string("planning for the bounds: ") + st.message());
  plan->arena_size = arena;
  for (size_t i = 0; i < nt; ++i) plan->tensor_offsets[i] = want[i] > 0 ? offsets[i] : 0;
  for (size_t n = 0; n < nn; ++n) plan->scratch[n] = {want[nt + n] > 0 ? offsets[nt + n] : 0, want[nt + n]};
}

}  // namespace

MemoryPlan plan_graph(Graph& g, bool prepack) {
  mark_dynamic_nodes(g);
  for (Node* n : linear_nodes(g)) {
    if (!prepack) break;
    n->packed_kind.clear();
    n->packed.clear();
  }
  // Bounded symbolic dimensions: planned again for their greatest sizes.
  std::string bounded, unbounded;
  for (const std::string& in : g.inputs) {
    const TensorInfo& t = g.tensor(in);
    for (size_t d = 0; d < t.shape.size(); ++d) {
      if (t.shape[d] >= 0) continue;
      std::string& list = d < t.dim_max.size() && t.dim_max[d] >= 0 ? bounded : unbounded;
      list += (list.empty() ? "" : ", ") + (d < t.dim_params.size() ? t.dim_params[d] : in);
    }
  }
  if (!bounded.empty() && !unbounded.empty())
    throw std::runtime_error("symbolic dimensions " + bounded + " have bounds but " + unbounded +
                             " do not: a file is planned for its bounds only when every symbolic dimension has one "
                             "(--dim NAME=MIN..MAX)");
  const PackedSink sink{&g, save_packed};
  // The layout alone, no arena: the plan of a model bigger than this
  // machine's memory is still a plan. Bounds are found by running, which
  // needs one.
  SessionOptions options;
  options.plan_only = bounded.empty();
  BridgeSession bridge(g, false, prepack ? &sink : nullptr, options);
  SessionImpl& s = bridge.session();
  const std::vector<std::string> order = tensor_order(g);
  MemoryPlan plan;
  plan.arena_size = s.arena_size();
  auto offset_of = [&](int buffer, const void* data) -> uint64_t {
    size_t at = 0;
    if (options.plan_only) return s.planned_offset(buffer, &at) ? static_cast<uint64_t>(at) : 0;
    return data == nullptr ? 0 : static_cast<uint64_t>(static_cast<const uint8_t*>(data) - s.arena());
  };
  for (size_t i = 0; i < order.size(); ++i) {
    const Tensor& t = s.tensor(static_cast<int>(i));
    TensorInfo& info = g.tensor(order[i]);
    // Symbolic graph inputs keep their -1s: their memory comes from the heap.
    if (info.role == TensorRole::kConstant || info.dynamic || (info.role == TensorRole::kInput && !info.static_shape())) {
      plan.tensor_offsets.push_back(0);
      continue;
    }
    info.dtype = t.dtype;
    info.rank_known = true;
    info.shape.assign(t.dims, t.dims + t.rank);
    info.dim_params.clear();
    plan.tensor_offsets.push_back(offset_of(static_cast<int>(i), t.data));
  }
  for (int n = 0; n < s.num_nodes(); ++n) {
    const KernelContext& ctx = s.node(n).ctx;
    if (s.node(n).node->dynamic()) {
      plan.scratch.emplace_back(0, 0);  // obtained at run time
      continue;
    }
    plan.scratch.emplace_back(offset_of(s.num_tensors() + n, ctx.scratch), ctx.scratch_size);
  }
  if (!bounded.empty()) plan_for_bounds(g, s, order, &plan);
  return plan;
}

void infer_shapes(Graph& g) {
  BridgeSession bridge(g, /*analyze=*/true);
  SessionImpl& s = bridge.session();
  const std::vector<std::string> order = tensor_order(g);
  for (size_t i = 0; i < order.size(); ++i) {
    const Tensor& t = s.tensor(static_cast<int>(i));
    TensorInfo& info = g.tensor(order[i]);
    if (info.role == TensorRole::kConstant || t.rank < 0) continue;
    info.dtype = t.dtype;
    info.rank_known = true;
    info.shape.assign(t.dims, t.dims + t.rank);
    info.dim_params.assign(info.shape.size(), "");
  }
}

void infer_types(Graph& g) {
  for (const Node& n : g.nodes) {
    bool unknown = false;
    for (const std::string& out : n.outputs) unknown = unknown || (!out.empty() && g.tensor(out).dtype == DType::kUndefined);
    if (!unknown) continue;
    Graph one;
    one.name = "types";
    one.opset_imports = g.opset_imports;
    one.nodes = {n};
    bool usable = true, exact = true;
    DType first = DType::kUndefined;
    for (const std::string& in : n.inputs) {
      if (in.empty() || one.tensors.count(in)) continue;
      TensorInfo t = g.tensor(in);
      if (first == DType::kUndefined) first = t.dtype;
      usable = usable && t.dtype != DType::kUndefined && t.rank_known;
      if (t.role != TensorRole::kConstant) {
        exact = exact && t.static_shape();
        for (int64_t& d : t.shape) d = d < 0 ? 1 : d;
        t.dim_params.assign(t.shape.size(), "");
        t.dim_min.clear();
        t.dim_max.clear();
        t.dynamic = false;
        t.role = TensorRole::kInput;
        one.inputs.push_back(in);
      }
      one.tensors[in] = std::move(t);
    }
    for (const Attr& a : n.attrs)
      if (a.type == AttrType::kTensor) one.tensors[a.tensor] = g.tensor(a.tensor);
    for (const std::string& out : n.outputs) {
      if (out.empty()) continue;
      TensorInfo t;
      t.name = out;
      t.role = TensorRole::kOutput;
      t.dtype = DType::kFloat32;  // a placeholder: a kernel's prepare writes the real type
      one.tensors[out] = t;
      one.outputs.push_back(out);
    }
    bool learned = false;
    if (usable) {
      try {
        BridgeSession bridge(one, /*analyze=*/true);
        SessionImpl& s = bridge.session();
        if (s.num_nodes() == 1 && s.node(0).def != nullptr && s.node(0).prepare_code == StatusCode::kOk) {
          const std::vector<std::string> order = tensor_order(one);
          for (size_t i = 0; i < order.size(); ++i) {
            if (one.tensor(order[i]).role != TensorRole::kOutput) continue;
            const Tensor& rt = s.tensor(static_cast<int>(i));
            TensorInfo& info = g.tensor(order[i]);
            info.dtype = rt.dtype;
            if (exact && rt.rank >= 0) {
              info.rank_known = true;
              info.shape.assign(rt.dims, rt.dims + rt.rank);
              info.dim_params.assign(info.shape.size(), "");
            }
          }
          learned = true;
        }
      } catch (const std::exception&) {
        // No kernel, or the node is refused: the fallback below; check_kernels reports it.
      }
    }
    if (learned) continue;
    DType fallback = first;
    if (n.op_type == "ConstantOfShape") {
      // (An attribute "value" of another type, or naming no tensor, is the
      // kernel's to refuse; its default type stands until then.)
      const Attr* value = n.attr("value");
      fallback = value != nullptr && value->type == AttrType::kTensor && g.tensors.count(value->tensor)
                     ? g.tensors.at(value->tensor).dtype
                     : DType::kFloat32;
    }
    for (const std::string& out : n.outputs)
      if (!out.empty() && g.tensor(out).dtype == DType::kUndefined) g.tensor(out).dtype = fallback;
  }
}

std::map<std::string, TensorInfo> evaluate_graph(const Graph& graph) {
  // Folded chains can compute a shape input (ConstantOfShape of a folded
  // Concat): those nodes run as dynamic ones, prepared when their input exists.
  Graph g = graph;
  mark_dynamic_nodes(g);
  // passes.cc folds only nodes within a budget when their shapes are known;
  // these bound the ones shaped while folding.
  SessionOptions limits;
  limits.max_memory_bytes = size_t{1} << 30;
  limits.max_node_elements = uint64_t{1} << 25;
  BridgeSession bridge(g, false, nullptr, limits);
  SessionImpl& s = bridge.session();
  ErrorText err;
  const Status st = s.run(&err);
  if (!st.ok()) throw std::runtime_error(st.message());
  std::map<std::string, TensorInfo> out;
  for (int i = 0; i < s.num_outputs(); ++i) {
    const Tensor* t = s.output(i);
    TensorInfo info;
    info.name = g.outputs[static_cast<size_t>(i)];
    info.dtype = t->dtype;
    info.rank_known = true;
    info.shape.assign(t->dims, t->dims + t->rank);
    info.role = TensorRole::kConstant;
    const uint8_t* p = static_cast<const uint8_t*>(t->data);
    info.data.assign(p, p + t->size_bytes());
    out[info.name] = std::move(info);
  }
  return out;
}

}  // namespace convert
}  // namespace spud
