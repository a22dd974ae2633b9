#include "passes.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>

#include "onnx_import.h"
#include "runtime_bridge.h"
#include "spud/kernel.h"

namespace spud {
namespace convert {

namespace {

bool is_default_domain(const Node& n) { return n.domain.empty(); }

// Subgraphs read outer values by name: they are renamed too.
void rename_uses(Graph& g, const std::string& from, const std::string& to) {
  for (Node* n : linear_nodes(g))
    for (std::string& in : n->inputs)
      if (in == from) in = to;
  for_each_subgraph(g, [&](Graph& sub) {
    for (std::string& o : sub.outputs)
      if (o == from) o = to;
  });
}

const float* float_data(const TensorInfo& t) { return reinterpret_cast<const float*>(t.data.data()); }

}  // namespace

std::map<std::string, int> consumer_counts(const Graph& g) {
  std::map<std::string, int> uses;
  for (const Node* n : linear_nodes(g)) {
    for (const std::string& in : n->inputs)
      if (!in.empty()) ++uses[in];
    for (const Attr& a : n->attrs)
      if (a.type == AttrType::kGraph)
        for (const std::string& out : a.graph->outputs) ++uses[out];
  }
  for (const std::string& out : g.outputs) ++uses[out];
  return uses;
}

std::string fresh_name(const Graph& g, const std::string& base) {
  std::string name = base;
  for (int i = 1; g.tensors.count(name); ++i) name = base + "_" + std::to_string(i);
  return name;
}

void remove_identities(Graph& g, PassStats* stats) {
  std::vector<Node> kept;
  for (Node& n : g.nodes) {
    const bool identity = is_default_domain(n) && n.op_type == "Identity";
    bool dropout = is_default_domain(n) && n.op_type == "Dropout";
    if (dropout) {
      // Inference only: a training_mode input that is constant false (or
      // absent) and no mask output anyone reads.
      if (n.inputs.size() > 2 && !n.inputs[2].empty()) {
        const auto it = g.tensors.find(n.inputs[2]);
        dropout = it != g.tensors.end() && it->second.role == TensorRole::kConstant &&
                  !it->second.data.empty() && it->second.data[0] == 0;
      }
      if (n.outputs.size() > 1 && !n.outputs[1].empty()) {
        bool mask_used = false;
        for (const Node* m : linear_nodes(static_cast<const Graph&>(g)))
          for (const std::string& in : m->inputs) mask_used = mask_used || in == n.outputs[1];
        for (const std::string& o : g.outputs) mask_used = mask_used || o == n.outputs[1];
        dropout = dropout && !mask_used;
      }
    }
    if (!identity && !dropout) {
      kept.push_back(std::move(n));
      continue;
    }
    // Copies: renaming below rewrites this node's own input too.
    const std::string in = n.inputs[0];
    const std::string out = n.outputs[0];
    const TensorInfo& out_t = g.tensors.at(out);
    if (out_t.role == TensorRole::kOutput) {
      // The graph output keeps its name: the producer of `in` writes it
      // directly, unless `in` is a graph input/output or a constant.
      const TensorInfo& in_t = g.tensors.at(in);
      bool renamed = false;
      if (in_t.role == TensorRole::kIntermediate) {
        for (Node& p : kept)
          for (std::string& o : p.outputs)
            if (o == in) {
              o = out;
              renamed = true;
            }
      }
      if (!renamed) {
        kept.push_back(std::move(n));  // keep this one Identity/Dropout
        continue;
      }
      rename_uses(g, in, out);
      for (Node& k : kept)
        for (std::string& i2 : k.inputs)
          if (i2 == in) i2 = out;
    } else {
      rename_uses(g, out, in);
    }
    if (stats) ++stats->identities_removed;
  }
  g.nodes = std::move(kept);
}

void fold_batch_norm(Graph& g, PassStats* stats) {
  const std::map<std::string, int> uses = consumer_counts(g);
  std::map<std::string, size_t> producer;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    for (const std::string& o : g.nodes[i].outputs) producer[o] = i;
  std::vector<bool> drop(g.nodes.size(), false);
  for (size_t b = 0; b < g.nodes.size(); ++b) {
    Node& bn = g.nodes[b];
    if (!is_default_domain(bn) || bn.op_type != "BatchNormalization" || bn.outputs.size() != 1) continue;
    const Attr* training = bn.attr("training_mode");
    if (training != nullptr && training->i != 0) continue;  // batch statistics: not foldable
    if (bn.inputs.size() != 5) continue;
    auto pit = producer.find(bn.inputs[0]);
    if (pit == producer.end()) continue;
    Node& conv = g.nodes[pit->second];
    if (!is_default_domain(conv) || conv.op_type != "Conv" || conv.outputs.size() != 1) continue;
    if (uses.at(conv.outputs[0]) != 1 || g.tensors.at(conv.outputs[0]).role != TensorRole::kIntermediate) continue;
    bool all_const = g.is_constant(conv.inputs[1]) && (conv.inputs.size() < 3 || conv.inputs[2].empty() ||
                                                       g.is_constant(conv.inputs[2]));
    for (int k = 1; k < 5; ++k) all_const = all_const && g.is_constant(bn.inputs[static_cast<size_t>(k)]);
    if (!all_const) continue;
    const TensorInfo& w = g.tensors.at(conv.inputs[1]);
    if (w.dtype != DType::kFloat32 || w.shape.empty()) continue;
    const int64_t channels = w.shape[0];
    const TensorInfo* params[4];
    bool ok = true;
    for (int k = 0; k < 4; ++k) {
      params[k] = &g.tensors.at(bn.inputs[static_cast<size_t>(k + 1)]);
      ok = ok && params[k]->dtype == DType::kFloat32 && params[k]->num_elements() == channels;
    }
    if (!ok) continue;
    const Attr* eps_attr = bn.attr("epsilon");
    const float eps = eps_attr != nullptr ? eps_attr->f : 1e-5f;
    const float *scale = float_data(*params[0]), *beta = float_data(*params[1]),
                *mean = float_data(*params[2]), *var = float_data(*params[3]);

    // w' = w * s, b' = (b - mean) * s + beta, with s = scale / sqrt(var + eps).
    TensorInfo new_w = w;
    new_w.name = fresh_name(g, conv.inputs[1] + "_bnfolded");
    const int64_t per_channel = w.num_elements() / channels;
    float* wd = reinterpret_cast<float*>(new_w.data.data());
    std::vector<float> bias(static_cast<size_t>(channels), 0.f);
    if (conv.inputs.size() > 2 && !conv.inputs[2].empty()) {
      const TensorInfo& b0 = g.tensors.at(conv.inputs[2]);
      std::memcpy(bias.data(), b0.data.data(), bias.size() * 4);
    }
    for (int64_t c = 0; c < channels; ++c) {
      const float s = scale[c] / std::sqrt(var[c] + eps);
      for (int64_t i = 0; i < per_channel; ++i) wd[c * per_channel + i] *= s;
      bias[static_cast<size_t>(c)] = (bias[static_cast<size_t>(c)] - mean[c]) * s + beta[c];
    }
    TensorInfo new_b;
    new_b.name = fresh_name(g, conv.name + "_bnfolded_bias");
    new_b.dtype = DType::kFloat32;
    new_b.rank_known = true;
    new_b.shape = {channels};
    new_b.role = TensorRole::kConstant;
    new_b.data.resize(bias.size() * 4);
    std::memcpy(new_b.data.data(), bias.data(), new_b.data.size());
    conv.inputs.resize(3);
    conv.inputs[1] = new_w.name;
    conv.inputs[2] = new_b.name;
    g.tensors[new_w.name] = std::move(new_w);
    g.tensors[new_b.name] = std::move(new_b);
    // The conv now writes the BN's output directly.
    g.tensors.erase(conv.outputs[0]);
    conv.outputs[0] = bn.outputs[0];
    drop[b] = true;
    if (stats) ++stats->batch_norms_folded;
  }
  std::vector<Node> kept;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (!drop[i]) kept.push_back(std::move(g.nodes[i]));
  g.nodes = std::move(kept);
}

namespace {

// Shape of an input whose shape is fully known: an int64 constant.
bool fold_shape_node(Graph& g, const Node& n) {
  const TensorInfo& in = g.tensors.at(n.inputs[0]);
  if (!in.static_shape()) return false;
  const int64_t rank = static_cast<int64_t>(in.shape.size());
  int64_t start = 0, end = rank;
  if (const Attr* a = n.attr("start")) start = a->i;
  if (const Attr* a = n.attr("end")) end = a->i;
  if (start < 0) start += rank;
  if (end < 0) end += rank;
  start = std::max<int64_t>(0, std::min(start, rank));
  end = std::max<int64_t>(start, std::min(end, rank));
  TensorInfo& out = g.tensors.at(n.outputs[0]);
  out.dtype = DType::kInt64;
  out.rank_known = true;
  out.shape = {end - start};
  out.dim_params.clear();
  out.role = TensorRole::kConstant;
  out.data.resize(static_cast<size_t>(end - start) * 8);
  if (!out.data.empty()) std::memcpy(out.data.data(), in.shape.data() + start, out.data.size());
  return true;
}

// What folding one node may cost the converter: a constant computed at
// conversion is held (and copied) in memory and written into the file, so a
// tiny model whose ConstantOfShape asks for 30000 x 30000 floats would take
// gigabytes and minutes. A node over these budgets stays in the graph and
// runs at run time instead, where the session's limits apply.
constexpr int64_t kFoldMaxElements = int64_t{1} << 24;  // its inputs and outputs together
constexpr int64_t kFoldMaxWork = int64_t{1} << 28;      // multiply-adds of a matrix product or convolution

// The element count of a value whose shape ONNX inferred, or -1 when it is
// not known before running (the folding session's limits bound those).
int64_t known_elements(const Graph& g, const std::string& name) {
  auto it = g.tensors.find(name);
  if (it == g.tensors.end() || !it->second.static_shape()) return -1;
  try {
    return it->second.num_elements();
  } catch (const std::runtime_error&) {
    return INT64_MAX;
  }
}

int64_t saturating_mul(int64_t a, int64_t b) {
  if (a <= 0 || b <= 0) return 0;
  return a > INT64_MAX / b ? INT64_MAX : a * b;
}

bool within_fold_budget(const Graph& g, const Node& n) {
  int64_t elements = 0;
  for (const std::vector<std::string>* list : {&n.inputs, &n.outputs})
    for (const std::string& v : *list) {
      if (v.empty()) continue;
      const int64_t k = std::max<int64_t>(0, known_elements(g, v));
      if (k > kFoldMaxElements - elements) return false;  // compared before a sum could overflow
      elements += k;
    }
  if (!is_default_domain(n) || n.outputs.empty() || n.inputs.size() < 2) return true;
  // Work beyond the elements touched: each output element of a product sums
  // over the shared dimension, each of a convolution over a weight block.
  // (A transposed convolution: each input element over a weight block.)
  const int64_t out = known_elements(g, n.op_type == "ConvTranspose" ? n.inputs[0] : n.outputs[0]);
  auto weight = g.tensors.find(n.inputs[1]);
  if (out < 0 || weight == g.tensors.end() || !weight->second.static_shape()) return true;
  const std::vector<int64_t>& w = weight->second.shape;
  int64_t per_output = 1;
  if ((n.op_type == "MatMul" || n.op_type == "MatMulInteger") && !w.empty()) {
    per_output = w.size() >= 2 ? w[w.size() - 2] : w[0];
  } else if (n.op_type == "Gemm" && w.size() == 2) {
    per_output = std::max(w[0], w[1]);  // K is one of them, by transB
  } else if ((n.op_type == "Conv" || n.op_type == "ConvInteger" || n.op_type == "ConvTranspose") && w.size() >= 2) {
    for (size_t k = 1; k < w.size(); ++k) per_output = saturating_mul(per_output, w[k]);
  }
  return saturating_mul(out, per_output) <= kFoldMaxWork;
}

}  // namespace

namespace {

// One round over one graph's nodes (`nodes`, the main graph's or a
// subgraph's; `outputs` its outputs, which stay produced by nodes). Control
// flow nodes are not run whole: their subgraphs are folded inside.
// Shape is folded in the main graph only: a loop body's shapes are those of
// its first iteration when the analysis sees them.
bool fold_round(Graph& g, std::vector<Node>& nodes, const std::vector<std::string>& outputs, bool fold_shapes,
                PassStats* stats) {
  std::set<std::string> graph_outputs(outputs.begin(), outputs.end());
  bool changed = false;
  {
    // Shape nodes over static shapes first: they unlock the chains behind them.
    std::vector<Node> kept;
    for (Node& n : nodes) {
      // (A Shape without exactly one input and one output is left for its
      // kernel to refuse with a message; ONNX's checker lets it through.)
      if (fold_shapes && is_default_domain(n) && n.op_type == "Shape" && n.inputs.size() == 1 && !n.inputs[0].empty() &&
          n.outputs.size() == 1 && !graph_outputs.count(n.outputs[0]) && fold_shape_node(g, n)) {
        if (stats) ++stats->nodes_folded;
        changed = true;
        continue;
      }
      kept.push_back(std::move(n));
    }
    nodes = std::move(kept);

    // Every node whose inputs are constant (or produced by such nodes) and
    // that has a kernel goes into one sub-graph, run once by the runtime.
    Graph sub;
    sub.opset_imports = g.opset_imports;
    std::set<std::string> foldable_values;
    std::vector<size_t> folded;
    for (size_t i = 0; i < nodes.size(); ++i) {
      const Node& n = nodes[i];
      bool ok = !n.outputs.empty() && !has_subgraphs(n) && has_kernel(n.domain, n.op_type, n.since_version) &&
                within_fold_budget(g, n);
      for (const std::string& in : n.inputs)
        ok = ok && (in.empty() || g.is_constant(in) || foldable_values.count(in));
      for (const std::string& out : n.outputs) ok = ok && !graph_outputs.count(out);
      // Sequences and optionals are never constants in the file.
      for (const std::string& out : n.outputs)
        ok = ok && (out.empty() || !g.tensors.count(out) || g.tensors.at(out).kind == ValueKind::kTensor);
      if (!ok) continue;
      for (const std::string& in : n.inputs)
        if (!in.empty() && g.is_constant(in)) sub.tensors[in] = g.tensors.at(in);
      for (const Attr& a : n.attrs)
        if (a.type == AttrType::kTensor) sub.tensors[a.tensor] = g.tensors.at(a.tensor);
      for (const std::string& out : n.outputs) {
        if (out.empty()) continue;
        foldable_values.insert(out);
        TensorInfo t = g.tensors.at(out);
        t.role = TensorRole::kOutput;
        sub.tensors[out] = t;
        sub.outputs.push_back(out);
      }
      sub.nodes.push_back(n);
      folded.push_back(i);
    }
    if (folded.empty()) return changed;
    std::map<std::string, TensorInfo> values;
    try {
      values = evaluate_graph(sub);
    } catch (const std::exception& e) {
      throw ConvertError(std::string("constant folding failed: ") + e.what());
    }
    for (auto& [name, t] : values) g.tensors[name] = std::move(t);
    std::vector<Node> rest;
    size_t f = 0;
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (f < folded.size() && folded[f] == i) {
        ++f;
        continue;
      }
      rest.push_back(std::move(nodes[i]));
    }
    if (stats) stats->nodes_folded += static_cast<int>(folded.size());
    nodes = std::move(rest);
    changed = true;
  }
  return changed;
}

}  // namespace

void fold_constants(Graph& g, PassStats* stats) {
  for (bool changed = true; changed;) {
    // ONNX's inference cannot see through shapes computed by earlier chains;
    // the kernels can once those chains are folded.
    try {
      infer_shapes(g);
    } catch (const std::exception&) {
      // Best effort: what ONNX inferred stays.
    }
    changed = fold_round(g, g.nodes, g.outputs, true, stats);
    for_each_subgraph(g, [&](Graph& sub) { changed = fold_round(g, sub.nodes, sub.outputs, false, stats) || changed; });
  }
}

void remove_unused(Graph& g, PassStats* stats) {
  for (bool changed = true; changed;) {
    changed = false;
    // Reads inside subgraphs count: an outer value a subgraph reads stays.
    const std::map<std::string, int> uses = consumer_counts(g);
    auto prune = [&](std::vector<Node>& nodes) {
      std::vector<Node> kept;
      for (Node& n : nodes) {
        bool used = false;
        for (const std::string& o : n.outputs) used = used || (!o.empty() && uses.count(o));
        if (used) {
          kept.push_back(std::move(n));
        } else {
          changed = true;
          if (stats) ++stats->nodes_removed;
        }
      }
      nodes = std::move(kept);
    };
    prune(g.nodes);
    for_each_subgraph(g, [&](Graph& sub) { prune(sub.nodes); });
  }
  std::set<std::string> referenced(g.inputs.begin(), g.inputs.end());
  referenced.insert(g.outputs.begin(), g.outputs.end());
  for_each_subgraph(g, [&](Graph& sub) {
    referenced.insert(sub.inputs.begin(), sub.inputs.end());
    referenced.insert(sub.outputs.begin(), sub.outputs.end());
  });
  for (const Node* n : linear_nodes(static_cast<const Graph&>(g))) {
    referenced.insert(n->inputs.begin(), n->inputs.end());
    referenced.insert(n->outputs.begin(), n->outputs.end());
    for (const Attr& a : n->attrs)
      if (a.type == AttrType::kTensor) referenced.insert(a.tensor);
  }
  for (auto it = g.tensors.begin(); it != g.tensors.end();)
    it = referenced.count(it->first) ? std::next(it) : g.tensors.erase(it);
}

}  // namespace convert
}  // namespace spud

namespace spud {
namespace convert {

namespace {

bool is_optional(ValueKind k) { return k == ValueKind::kOptionalTensor || k == ValueKind::kOptionalSequence; }

// One graph's Loops (see wrap_loop_optionals).
void wrap_loops_in(Graph& root, Graph& graph) {
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    if (graph.nodes[i].op_type != "Loop" || !graph.nodes[i].domain.empty()) continue;
    const Attr* a = graph.nodes[i].attr("body");
    if (a == nullptr || a->graph == nullptr) continue;
    Graph& body = *a->graph;
    std::vector<Node> after;
    for (size_t k = 0; k + 2 < body.inputs.size() && k + 1 < body.outputs.size(); ++k) {
      const TensorInfo& in = root.tensor(body.inputs[k + 2]);
      const std::string out = body.outputs[k + 1];
      if (!is_optional(in.kind) || is_optional(root.tensor(out).kind)) continue;
      // The body's value goes back into the optional it came from.
      TensorInfo wrapped = in;
      wrapped.name = fresh_name(root, out + "_optional");
      wrapped.role = TensorRole::kIntermediate;
      root.tensors[wrapped.name] = wrapped;
      Node opt;
      opt.name = wrapped.name;
      opt.op_type = "Optional";
      opt.since_version = 15;
      opt.inputs = {out};
      opt.outputs = {wrapped.name};
      body.nodes.push_back(opt);
      body.outputs[k + 1] = wrapped.name;
      // And the Loop's final value is taken out of it again.
      Node& loop = graph.nodes[i];
      if (k >= loop.outputs.size() || loop.outputs[k].empty()) continue;
      const std::string final_name = loop.outputs[k];
      TensorInfo carried = wrapped;
      carried.name = fresh_name(root, final_name + "_optional");
      root.tensors[carried.name] = carried;
      loop.outputs[k] = carried.name;
      Node get;
      get.name = carried.name + "_get";
      get.op_type = "OptionalGetElement";
      get.since_version = 15;
      get.inputs = {carried.name};
      get.outputs = {final_name};
      after.push_back(get);
    }
    graph.nodes.insert(graph.nodes.begin() + static_cast<std::ptrdiff_t>(i) + 1, after.begin(), after.end());
    i += after.size();
  }
}

}  // namespace

void wrap_loop_optionals(Graph& g) {
  if (g.opset_imports.count("") == 0 || g.opset_imports.at("") < 15) return;
  wrap_loops_in(g, g);
  for_each_subgraph(g, [&](Graph& sub) { wrap_loops_in(g, sub); });
}

}  // namespace convert
}  // namespace spud

namespace spud {
namespace convert {

namespace {

// A new value of the root table: a sequence blob, or a tensor of `dtype` and `shape`.
std::string new_value(Graph& root, const std::string& base, ValueKind kind, DType dtype,
                      const std::vector<int64_t>& shape) {
  TensorInfo t;
  t.name = fresh_name(root, base);
  t.kind = kind;
  if (kind != ValueKind::kTensor) {
    t.elem_dtype = dtype;
    t.dtype = DType::kUInt8;
    t.shape = {-1};
    t.dim_params = {t.name + ":bytes"};
  } else {
    t.dtype = dtype;
    t.shape = shape;
    t.dim_params.assign(shape.size(), "");
  }
  t.rank_known = true;
  root.tensors[t.name] = t;
  return t.name;
}

Node make_node(const std::string& name, const std::string& op, int since, std::vector<std::string> inputs,
               std::vector<std::string> outputs) {
  Node n;
  n.name = name;
  n.op_type = op;
  n.since_version = since;
  n.inputs = std::move(inputs);
  n.outputs = std::move(outputs);
  return n;
}

// SequenceMap as the Loop ONNX defines it by: over the first sequence's
// length, each iteration takes element i of every sequence input (tensor
// inputs as they are), runs the body, and appends each body output to its
// output sequence.
std::vector<Node> expand_sequence_map(Graph& root, Node& n) {
  const Attr* a = n.attr("body");
  if (a == nullptr || a->graph == nullptr) throw ConvertError("node '" + n.name + "': SequenceMap has no body");
  std::shared_ptr<Graph> body = a->graph;
  if (body->inputs.size() != n.inputs.size() || body->outputs.size() != n.outputs.size() || n.inputs.empty())
    throw ConvertError("node '" + n.name + "': SequenceMap's body does not match its inputs and outputs");
  // Every input and output must be a value the graph knows (an omitted
  // optional one, "", or a name nothing made is an error, not a lookup).
  for (const std::vector<std::string>* names : {&n.inputs, &n.outputs})
    for (const std::string& v : *names)
      if (v.empty() || root.tensors.count(v) == 0)
        throw ConvertError("node '" + n.name + "': SequenceMap's input or output '" + v + "' is not a value of the graph");
  if (root.tensor(n.inputs[0]).kind != ValueKind::kSequence)
    throw ConvertError("node '" + n.name + "': SequenceMap's first input must be a sequence");
  std::vector<Node> out;
  const std::string len = new_value(root, n.name + "_length", ValueKind::kTensor, DType::kInt64, {});
  out.push_back(make_node(len, "SequenceLength", 11, {n.inputs[0]}, {len}));
  TensorInfo yes;
  yes.name = fresh_name(root, n.name + "_true");
  yes.dtype = DType::kBool;
  yes.rank_known = true;
  yes.role = TensorRole::kConstant;
  yes.data = {1};
  root.tensors[yes.name] = yes;
  std::vector<std::string> loop_inputs = {len, yes.name};
  const std::string iter = new_value(root, n.name + "_i", ValueKind::kTensor, DType::kInt64, {});
  const std::string cond_in = new_value(root, n.name + "_cond_in", ValueKind::kTensor, DType::kBool, {});
  const std::string cond_out = new_value(root, n.name + "_cond_out", ValueKind::kTensor, DType::kBool, {});
  std::vector<std::string> body_inputs = {iter, cond_in};
  std::vector<std::string> body_outputs = {cond_out};
  std::vector<Node> head, tail;
  for (size_t j = 0; j < n.inputs.size(); ++j) {
    const std::string& in = n.inputs[j];
    const bool sequence = root.tensor(in).kind == ValueKind::kSequence;
    head.push_back(make_node(body->inputs[j], sequence ? "SequenceAt" : "Identity", sequence ? 11 : 16,
                             sequence ? std::vector<std::string>{in, iter} : std::vector<std::string>{in},
                             {body->inputs[j]}));
  }
  tail.push_back(make_node(cond_out, "Identity", 16, {cond_in}, {cond_out}));
  for (size_t k = 0; k < n.outputs.size(); ++k) {
    const DType elem = root.tensor(n.outputs[k]).elem_dtype;
    const std::string empty = new_value(root, n.outputs[k] + "_empty", ValueKind::kSequence, elem, {});
    Node e = make_node(empty, "SequenceEmpty", 11, {}, {empty});
    Attr dt;
    dt.name = "dtype";
    dt.type = AttrType::kInt;
    dt.i = static_cast<int64_t>(elem == DType::kUndefined ? DType::kFloat32 : elem);
    e.attrs.push_back(dt);
    out.push_back(e);
    loop_inputs.push_back(empty);
    const std::string acc = new_value(root, n.outputs[k] + "_acc", ValueKind::kSequence, elem, {});
    const std::string next = new_value(root, n.outputs[k] + "_next", ValueKind::kSequence, elem, {});
    body_inputs.push_back(acc);
    body_outputs.push_back(next);
    tail.push_back(make_node(next, "SequenceInsert", 11, {acc, body->outputs[k]}, {next}));
  }
  // The body's old inputs are values its first nodes now make.
  for (const std::string& in : body->inputs) root.tensor(in).role = TensorRole::kIntermediate;
  std::vector<Node> nodes = head;
  nodes.insert(nodes.end(), body->nodes.begin(), body->nodes.end());
  nodes.insert(nodes.end(), tail.begin(), tail.end());
  body->nodes = nodes;
  body->inputs = body_inputs;
  body->outputs = body_outputs;
  Node loop = make_node(n.name, "Loop", 16, loop_inputs, n.outputs);
  Attr g;
  g.name = "body";
  g.type = AttrType::kGraph;
  g.graph = body;
  loop.attrs.push_back(g);
  out.push_back(loop);
  return out;
}

void expand_sequence_maps_in(Graph& root, Graph& graph) {
  std::vector<Node> nodes;
  for (Node& n : graph.nodes) {
    if (n.op_type != "SequenceMap" || !n.domain.empty()) {
      nodes.push_back(n);
      continue;
    }
    for (Node& m : expand_sequence_map(root, n)) nodes.push_back(m);
  }
  graph.nodes = nodes;
}

}  // namespace

void expand_sequence_maps(Graph& g) {
  expand_sequence_maps_in(g, g);
  for_each_subgraph(g, [&](Graph& sub) { expand_sequence_maps_in(g, sub); });
}

namespace {

// Opset 18 lets OptionalGetElement and OptionalHasElement take a plain
// tensor (an optional that always holds it). spud holds optionals as blobs,
// so such a node becomes what it means: the tensor itself (Identity), and
// true (Size(x) >= 0).
void plain_optional_ops_in(Graph& root, Graph& graph) {
  std::vector<Node> nodes;
  for (Node& n : graph.nodes) {
    const bool get = n.op_type == "OptionalGetElement", has = n.op_type == "OptionalHasElement";
    const bool plain = (get || has) && n.domain.empty() && !n.inputs.empty() && !n.inputs[0].empty() &&
                       root.tensors.count(n.inputs[0]) && root.tensor(n.inputs[0]).kind == ValueKind::kTensor;
    if (!plain) {
      nodes.push_back(n);
      continue;
    }
    if (get) {
      nodes.push_back(make_node(n.name, "Identity", 16, {n.inputs[0]}, n.outputs));
      continue;
    }
    const std::string size = fresh_name(root, n.name + "_size"), zero = fresh_name(root, n.name + "_zero");
    TensorInfo s;
    s.name = size;
    s.dtype = DType::kInt64;
    s.rank_known = true;
    root.tensors[size] = s;
    TensorInfo z = s;
    z.name = zero;
    z.role = TensorRole::kConstant;
    z.data.assign(8, 0);
    root.tensors[zero] = z;
    nodes.push_back(make_node(n.name + "_size", "Size", 13, {n.inputs[0]}, {size}));
    nodes.push_back(make_node(n.name, "GreaterOrEqual", 16, {size, zero}, n.outputs));
  }
  graph.nodes = nodes;
}

}  // namespace

void plain_optional_ops(Graph& g) {
  plain_optional_ops_in(g, g);
  for_each_subgraph(g, [&](Graph& sub) { plain_optional_ops_in(g, sub); });
}

}  // namespace convert
}  // namespace spud
