#include "runtime_bridge.h"

#include <cstdlib>
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
  explicit BridgeSession(const Graph& g, bool analyze = false, const PackedSink* sink = nullptr) {
    const std::vector<uint8_t> bytes = write_spud(g, nullptr);
    const size_t size = (bytes.size() + 63) / 64 * 64;
    storage_.reset(std::aligned_alloc(64, size));
    std::memcpy(storage_.get(), bytes.data(), bytes.size());
    ModelView view;
    Status st = load_model(storage_.get(), bytes.size(), &view);
    if (!st.ok()) throw std::runtime_error(std::string("internal: converter wrote an invalid file: ") + st.message());
    ErrorText err;
    SessionOptions options;
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
void mark_dynamic_nodes(Graph& g) {
  std::vector<StatusCode> codes;
  {
    BridgeSession analysis(g, /*analyze=*/true);
    for (int n = 0; n < analysis.session().num_nodes(); ++n) codes.push_back(analysis.session().node(n).prepare_code);
  }
  for (size_t n = 0; n < g.nodes.size(); ++n) {
    Node& node = g.nodes[n];
    bool dynamic = codes[n] == StatusCode::kDataDependent;
    for (const std::string& in : node.inputs) dynamic = dynamic || (!in.empty() && g.tensor(in).dynamic);
    node.dynamic = dynamic;
    if (!dynamic) continue;
    for (const std::string& out : node.outputs) {
      if (out.empty()) continue;
      TensorInfo& t = g.tensor(out);
      t.dynamic = true;
      t.rank_known = false;  // decided at run time
      t.shape.clear();
      t.dim_params.clear();
    }
  }
}

// Keeps what the kernels hand the sink on the graph's nodes.
void save_packed(void* user, int node, const char* kind, const void* data, size_t size) {
  Graph& g = *static_cast<Graph*>(user);
  if (node < 0 || static_cast<size_t>(node) >= g.nodes.size()) return;
  Node& n = g.nodes[static_cast<size_t>(node)];
  n.packed_kind = kind;
  n.packed.assign(static_cast<const uint8_t*>(data), static_cast<const uint8_t*>(data) + size);
}

}  // namespace

MemoryPlan plan_graph(Graph& g, bool prepack) {
  mark_dynamic_nodes(g);
  for (Node& n : g.nodes) {
    if (!prepack) break;
    n.packed_kind.clear();
    n.packed.clear();
  }
  const PackedSink sink{&g, save_packed};
  BridgeSession bridge(g, false, prepack ? &sink : nullptr);
  SessionImpl& s = bridge.session();
  const std::vector<std::string> order = tensor_order(g);
  MemoryPlan plan;
  plan.arena_size = s.arena_size();
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
    plan.tensor_offsets.push_back(
        t.data == nullptr ? 0 : static_cast<uint64_t>(static_cast<const uint8_t*>(t.data) - s.arena()));
  }
  for (int n = 0; n < s.num_nodes(); ++n) {
    const KernelContext& ctx = s.node(n).ctx;
    if (s.node(n).node->dynamic()) {
      plan.scratch.emplace_back(0, 0);  // obtained at run time
      continue;
    }
    plan.scratch.emplace_back(
        static_cast<uint64_t>(static_cast<const uint8_t*>(ctx.scratch) - s.arena()), ctx.scratch_size);
  }
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

std::map<std::string, TensorInfo> evaluate_graph(const Graph& graph) {
  // Folded chains can compute a shape input (ConstantOfShape of a folded
  // Concat): those nodes run as dynamic ones, prepared when their input exists.
  Graph g = graph;
  mark_dynamic_nodes(g);
  BridgeSession bridge(g);
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
