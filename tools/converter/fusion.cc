// Fusions the kernels can take: an NHWC Conv or ConvTranspose, or a Gemm
// (then spud's com.spud Gemm), applies a following Relu or Clip as the clamp
// of its output (XNNPACK's output_min/output_max); a
// MatMul by constant weights followed by the Add of a constant bias is one
// Gemm (a fully connected layer with bias).
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "passes.h"

namespace spud {
namespace convert {

namespace {

// The constant float scalar `name`, if it is one.
bool scalar_constant(const Graph& g, const std::string& name, float* value) {
  const auto it = g.tensors.find(name);
  if (it == g.tensors.end() || it->second.role != TensorRole::kConstant || it->second.dtype != DType::kFloat32 ||
      it->second.num_elements() != 1 || it->second.data.size() != 4)
    return false;
  std::memcpy(value, it->second.data.data(), 4);
  return true;
}

// The clamp a Relu or Clip node applies, when it is a constant one.
bool clamp_of(const Graph& g, const Node& n, float* lo, float* hi) {
  if (!n.domain.empty() || n.inputs.empty() || n.outputs.size() != 1) return false;
  *lo = -INFINITY;
  *hi = INFINITY;
  if (n.op_type == "Relu") {
    *lo = 0.f;
    return true;
  }
  if (n.op_type != "Clip") return false;
  if (n.since_version < 11) {  // min and max are attributes
    if (const Attr* a = n.attr("min")) *lo = a->f;
    if (const Attr* a = n.attr("max")) *hi = a->f;
    return true;
  }
  if (n.inputs.size() > 1 && !n.inputs[1].empty() && !scalar_constant(g, n.inputs[1], lo)) return false;
  if (n.inputs.size() > 2 && !n.inputs[2].empty() && !scalar_constant(g, n.inputs[2], hi)) return false;
  return !(*lo > *hi) && !std::isnan(*lo) && !std::isnan(*hi);
}

void set_float_attr(Node& n, const std::string& name, float value) {
  for (Attr& a : n.attrs)
    if (a.name == name) {
      a.f = value;
      return;
    }
  Attr a;
  a.name = name;
  a.type = AttrType::kFloat;
  a.f = value;
  n.attrs.push_back(a);
}

// The index of a node reading each tensor (the last one, for tensors read
// more than once: callers check consumer_counts first).
std::map<std::string, size_t> reader_index(const Graph& g) {
  std::map<std::string, size_t> reader;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    for (const std::string& in : g.nodes[i].inputs) reader[in] = i;
  return reader;
}

float attr_or(const Node& n, const std::string& name, float fallback) {
  const Attr* a = n.attr(name);
  return a != nullptr ? a->f : fallback;
}

// The nodes whose kernels clamp their output as they write it: NHWC Conv
// and ConvTranspose, and a float Gemm (made com.spud's Gemm by the fusion).
bool clamps_its_output(const Graph& g, const Node& n) {
  if (n.domain == kNhwcDomain) return n.op_type == "Conv" || n.op_type == "ConvTranspose";
  if (n.op_type != "Gemm" || (!n.domain.empty() && n.domain != kSpudDomain) || n.outputs.size() != 1) return false;
  const TensorInfo& y = g.tensors.at(n.outputs[0]);
  return y.dtype == DType::kFloat32 && (n.domain == kSpudDomain || (n.since_version >= 7 && n.since_version <= 13));
}

}  // namespace

void fuse_activations(Graph& g, LayoutStats* stats) {
  std::map<std::string, int> uses = consumer_counts(g);
  const std::map<std::string, size_t> consumer = reader_index(g);
  std::set<size_t> dropped;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    Node& conv = g.nodes[i];
    if (!clamps_its_output(g, conv) || dropped.count(i)) continue;
    // Chains (Conv, Relu, Clip) fold one activation after another.
    while (true) {
      const std::string& y = conv.outputs[0];
      if (uses[y] != 1 || g.tensors.at(y).role != TensorRole::kIntermediate || !consumer.count(y)) break;
      const size_t a = consumer.at(y);
      float lo, hi;
      if (dropped.count(a) || g.nodes[a].inputs[0] != y || !clamp_of(g, g.nodes[a], &lo, &hi)) break;
      // Clamps compose as the intersection of their ranges.
      const float cur_lo = attr_or(conv, "activation_min", -INFINITY);
      const float cur_hi = attr_or(conv, "activation_max", INFINITY);
      const float new_lo = std::max(cur_lo, lo), new_hi = std::min(cur_hi, hi);
      if (new_lo > new_hi) break;
      if (!std::isinf(new_lo)) set_float_attr(conv, "activation_min", new_lo);
      if (!std::isinf(new_hi)) set_float_attr(conv, "activation_max", new_hi);
      if (conv.domain.empty()) {  // an ONNX Gemm becomes spud's, with the clamp
        conv.domain = kSpudDomain;
        conv.since_version = 1;
        g.opset_imports[kSpudDomain] = 1;
      }
      g.tensors.erase(y);
      conv.outputs[0] = g.nodes[a].outputs[0];
      dropped.insert(a);
      if (stats) ++stats->activations_fused;
    }
  }
  std::vector<Node> kept;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (!dropped.count(i)) kept.push_back(std::move(g.nodes[i]));
  g.nodes = std::move(kept);
}


void fuse_matmul_add(Graph& g, LayoutStats* stats) {
  std::map<std::string, int> uses = consumer_counts(g);
  const std::map<std::string, size_t> consumer = reader_index(g);
  const auto opset = g.opset_imports.find("");
  const int64_t version = opset != g.opset_imports.end() ? opset->second : 13;
  if (version < 7) return;
  std::set<size_t> dropped;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    Node& mm = g.nodes[i];
    if (!mm.domain.empty() || mm.op_type != "MatMul" || mm.inputs.size() != 2 || mm.outputs.size() != 1) continue;
    const TensorInfo& a = g.tensors.at(mm.inputs[0]);
    const TensorInfo& b = g.tensors.at(mm.inputs[1]);
    const std::string y = mm.outputs[0];  // a copy: the output is renamed below
    if (a.dtype != DType::kFloat32 || !a.static_shape() || a.shape.size() != 2 || !g.is_constant(mm.inputs[1]) ||
        b.shape.size() != 2 || uses[y] != 1 || g.tensors.at(y).role != TensorRole::kIntermediate || !consumer.count(y))
      continue;
    const size_t add_index = consumer.at(y);
    Node& add = g.nodes[add_index];
    if (!add.domain.empty() || add.op_type != "Add" || add.inputs.size() != 2 || dropped.count(add_index)) continue;
    const std::string bias = add.inputs[0] == y ? add.inputs[1] : add.inputs[0];
    if (!g.is_constant(bias)) continue;
    const TensorInfo& c = g.tensors.at(bias);
    const int64_t n = b.shape[1];
    if (c.dtype != DType::kFloat32 || c.num_elements() != n || c.shape.empty() || c.shape.size() > 2 ||
        (c.shape.size() == 2 && c.shape[0] != 1))
      continue;
    mm.op_type = "Gemm";
    mm.since_version = version >= 13 ? 13 : version >= 11 ? 11 : version >= 9 ? 9 : 7;
    mm.inputs.push_back(bias);
    g.tensors.erase(y);
    mm.outputs[0] = add.outputs[0];
    dropped.insert(add_index);
    if (stats) ++stats->matmuls_fused;
  }
  std::vector<Node> kept;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (!dropped.count(i)) kept.push_back(std::move(g.nodes[i]));
  g.nodes = std::move(kept);
}

// Mul(x, Sigmoid(x)) -> com.spud Silu(x): one pass over memory instead of
// three. The Sigmoid's output must be read by that Mul alone.
void fuse_silu(Graph& g, LayoutStats* stats) {
  std::map<std::string, int> uses = consumer_counts(g);
  std::map<std::string, size_t> sigmoid_of;  // a Sigmoid's output -> the node
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    if (n.domain.empty() && n.op_type == "Sigmoid" && n.inputs.size() == 1 && n.outputs.size() == 1)
      sigmoid_of[n.outputs[0]] = i;
  }
  std::set<size_t> dropped;
  for (Node& mul : g.nodes) {
    if (!mul.domain.empty() || mul.op_type != "Mul" || mul.inputs.size() != 2 || mul.outputs.size() != 1) continue;
    for (int side = 0; side < 2; ++side) {
      const std::string& s = mul.inputs[static_cast<size_t>(side)];
      const std::string& x = mul.inputs[static_cast<size_t>(1 - side)];
      const auto it = sigmoid_of.find(s);
      if (it == sigmoid_of.end() || dropped.count(it->second) || g.nodes[it->second].inputs[0] != x ||
          uses[s] != 1 || g.tensors.at(s).role != TensorRole::kIntermediate ||
          g.tensors.at(x).dtype != DType::kFloat32)
        continue;
      dropped.insert(it->second);
      g.tensors.erase(s);
      mul.domain = kSpudDomain;
      mul.op_type = "Silu";
      mul.since_version = 1;
      mul.inputs = {x};
      g.opset_imports[kSpudDomain] = 1;
      if (stats) ++stats->silus_fused;
      break;
    }
  }
  std::vector<Node> kept;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (!dropped.count(i)) kept.push_back(std::move(g.nodes[i]));
  g.nodes = std::move(kept);
}

}  // namespace convert
}  // namespace spud
