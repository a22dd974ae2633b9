// The NHWC layout pass and the transpose optimizer behind it.
#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "passes.h"

namespace spud {
namespace convert {

namespace {

const std::vector<int64_t> kToNhwc = {0, 2, 3, 1};
const std::vector<int64_t> kToNchw = {0, 3, 1, 2};

// A 4-D float32 tensor whose channels are known: its batch and image sizes
// may be symbolic (chosen at run time; the nodes are dynamic then).
bool rank4_float(const Graph& g, const std::string& name) {
  const auto it = g.tensors.find(name);
  return it != g.tensors.end() && it->second.dtype == DType::kFloat32 && it->second.rank_known &&
         it->second.shape.size() == 4 && it->second.shape[1] >= 0 && !it->second.dynamic;
}

std::vector<int64_t> permuted(const std::vector<int64_t>& shape, const std::vector<int64_t>& perm) {
  std::vector<int64_t> out(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) out[i] = shape[static_cast<size_t>(perm[i])];
  return out;
}

// A new intermediate tensor like `like` with its shape permuted.
std::string add_permuted_tensor(Graph& g, const std::string& like, const std::string& base,
                                const std::vector<int64_t>& perm) {
  TensorInfo t = g.tensors.at(like);
  t.name = fresh_name(g, base);
  t.role = TensorRole::kIntermediate;
  t.shape = permuted(t.shape, perm);
  std::vector<std::string> params(t.shape.size());
  for (size_t i = 0; i < perm.size() && t.dim_params.size() == perm.size(); ++i)
    params[i] = t.dim_params[static_cast<size_t>(perm[i])];
  t.dim_params = params;
  t.dim_min.clear();  // bounds belong to graph inputs
  t.dim_max.clear();
  t.data.clear();
  const std::string name = t.name;
  g.tensors[name] = std::move(t);
  return name;
}

Node make_transpose(const std::string& in, const std::string& out, const std::vector<int64_t>& perm) {
  Node n;
  n.name = out + "_transpose";
  n.op_type = "Transpose";
  n.since_version = 13;
  n.inputs = {in};
  n.outputs = {out};
  Attr a;
  a.name = "perm";
  a.type = AttrType::kInts;
  a.ints = perm;
  n.attrs.push_back(a);
  return n;
}

std::vector<int64_t> transpose_perm(const Node& n) {
  const Attr* a = n.attr("perm");
  return a != nullptr ? a->ints : std::vector<int64_t>();
}

bool is_transpose(const Node& n, const std::vector<int64_t>& perm) {
  return n.domain.empty() && n.op_type == "Transpose" && transpose_perm(n) == perm;
}

// A constant of `t`'s data moved by `perm`, element size taken from the type.
std::vector<uint8_t> permute_data(const TensorInfo& t, const std::vector<int64_t>& perm) {
  const size_t esize = dtype_size(t.dtype);
  const size_t rank = t.shape.size();
  std::vector<int64_t> in_strides(rank, 1);
  for (size_t i = rank; i-- > 1;) in_strides[i - 1] = in_strides[i] * t.shape[i];
  const std::vector<int64_t> out_shape = permuted(t.shape, perm);
  std::vector<uint8_t> out(t.data.size());
  std::vector<int64_t> idx(rank, 0);
  const int64_t n = t.num_elements();
  for (int64_t o = 0; o < n; ++o) {
    int64_t src = 0;
    for (size_t d = 0; d < rank; ++d) src += idx[d] * in_strides[static_cast<size_t>(perm[d])];
    std::memcpy(out.data() + static_cast<size_t>(o) * esize, t.data.data() + static_cast<size_t>(src) * esize, esize);
    for (size_t d = rank; d-- > 0;) {
      if (++idx[d] < out_shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

// The values of a constant 1-D tensor, as int64 or float (false otherwise).
bool constant_values(const Graph& g, const std::string& name, std::vector<double>* out) {
  if (name.empty() || !g.is_constant(name)) return false;
  const TensorInfo& t = g.tensors.at(name);
  if (t.shape.size() != 1) return false;
  out->clear();
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    if (t.dtype == DType::kInt64) {
      int64_t v;
      std::memcpy(&v, t.data.data() + i * 8, 8);
      out->push_back(static_cast<double>(v));
    } else if (t.dtype == DType::kFloat32) {
      float v;
      std::memcpy(&v, t.data.data() + i * 4, 4);
      out->push_back(v);
    } else {
      return false;
    }
  }
  return true;
}

// Resize (opsets 11 to 13, the NCHW kernel's) of H and W only, by constant
// scales or sizes (and a constant roi for tf_crop_and_resize).
bool resize_convertible(const Graph& g, const Node& n) {
  if (n.since_version < 11 || n.since_version > 13 || n.outputs.size() != 1) return false;
  const Attr* mode = n.attr("mode");
  if (mode != nullptr && mode->s != "nearest" && mode->s != "linear" && mode->s != "cubic") return false;
  std::vector<double> scales, sizes, roi;
  const bool has_scales = n.inputs.size() > 2 && constant_values(g, n.inputs[2], &scales) && !scales.empty();
  const bool has_sizes = n.inputs.size() > 3 && constant_values(g, n.inputs[3], &sizes) && !sizes.empty();
  const TensorInfo& x = g.tensors.at(n.inputs[0]);
  if (has_scales == has_sizes) return false;  // both, or one of them not constant
  for (size_t i = 2; i < n.inputs.size() && i < 4; ++i)
    if (!n.inputs[i].empty() && !g.is_constant(n.inputs[i])) return false;
  if (has_scales && (scales.size() != 4 || g.tensors.at(n.inputs[2]).dtype != DType::kFloat32 ||
                     scales[0] != 1 || scales[1] != 1))
    return false;
  if (has_sizes && (sizes.size() != 4 || sizes[0] != static_cast<double>(x.shape[0]) ||
                    sizes[1] != static_cast<double>(x.shape[1])))
    return false;
  const Attr* t = n.attr("coordinate_transformation_mode");
  if (t != nullptr && t->s == "tf_crop_and_resize")
    return n.inputs.size() > 1 && constant_values(g, n.inputs[1], &roi) && roi.size() == 8;
  return true;
}

// A constant 1-D tensor whose elements are `name`'s taken in `order`.
std::string reordered_constant(Graph& g, const std::string& name, const std::vector<int64_t>& order) {
  TensorInfo t = g.tensors.at(name);
  const size_t esize = dtype_size(t.dtype);
  std::vector<uint8_t> data(t.data.size());
  for (size_t i = 0; i < order.size(); ++i)
    std::memcpy(data.data() + i * esize, t.data.data() + static_cast<size_t>(order[i]) * esize, esize);
  t.data = std::move(data);
  t.name = fresh_name(g, name + "_nhwc");
  const std::string out = t.name;
  g.tensors[out] = std::move(t);
  return out;
}

// The spatial operators the NHWC domain has, as this node is.
bool convertible(const Graph& g, const Node& n) {
  if (!n.domain.empty() || n.inputs.empty() || n.outputs.empty() || !rank4_float(g, n.inputs[0]) ||
      !rank4_float(g, n.outputs[0]))
    return false;
  if (n.op_type == "Conv") {
    return n.outputs.size() == 1 && n.inputs.size() >= 2 && g.is_constant(n.inputs[1]) &&
           g.tensors.at(n.inputs[1]).shape.size() == 4 &&
           (n.inputs.size() < 3 || n.inputs[2].empty() || g.is_constant(n.inputs[2]));
  }
  if (n.op_type == "MaxPool") {
    const Attr* k = n.attr("kernel_shape");
    const bool indices = n.outputs.size() > 1 && !n.outputs[1].empty();
    return !indices && k != nullptr && k->ints.size() == 2;
  }
  if (n.op_type == "AveragePool") {
    const Attr* k = n.attr("kernel_shape");
    const Attr* dilations = n.attr("dilations");  // opset 19's; the NHWC kernels have none
    bool undilated = true;
    if (dilations != nullptr)
      for (int64_t d : dilations->ints) undilated = undilated && d == 1;
    return n.outputs.size() == 1 && k != nullptr && k->ints.size() == 2 && undilated;
  }
  if (n.op_type == "ConvTranspose") {
    for (const char* name : {"kernel_shape", "strides", "dilations", "output_padding", "output_shape"}) {
      const Attr* a = n.attr(name);
      if (a != nullptr && a->ints.size() != 2) return false;
    }
    if (n.outputs.size() != 1 || n.inputs.size() < 2 || !g.is_constant(n.inputs[1]) ||
        (n.inputs.size() > 2 && !n.inputs[2].empty() && !g.is_constant(n.inputs[2])))
      return false;
    const Attr* pads = n.attr("pads");
    const Attr* group = n.attr("group");
    const int64_t groups = group != nullptr ? group->i : 1;
    const std::vector<int64_t>& ws = g.tensors.at(n.inputs[1]).shape;
    // (A group that does not divide W's channels is left to the NCHW kernel to report.)
    return ws.size() == 4 && groups >= 1 && ws[0] % groups == 0 && (pads == nullptr || pads->ints.size() == 4);
  }
  if (n.op_type == "Resize") return resize_convertible(g, n);
  if (n.op_type == "DepthToSpace" || n.op_type == "SpaceToDepth") return n.outputs.size() == 1;
  return n.op_type == "GlobalAveragePool" && n.outputs.size() == 1;
}

// Operators that compute the same thing whatever the order of the axes,
// elementwise over inputs of one shape or broadcast against constants.
bool elementwise(const Node& n) {
  static const std::set<std::string> ops = {
      "Relu", "Sigmoid", "Tanh", "Clip", "LeakyRelu", "HardSigmoid", "HardSwish", "Elu", "Selu", "Softplus",
      "Exp", "Log", "Abs", "Neg", "Sqrt", "Reciprocal", "Erf", "Add", "Sub", "Mul", "Div", "Max", "Min", "Sum",
      "Mean", "Pow", "PRelu"};
  return n.domain.empty() && ops.count(n.op_type) > 0;
}

// Index of the axis `perm` moves NCHW axis `axis` to, for Concat and Split.
int64_t nhwc_axis(int64_t axis) {
  if (axis < 0) axis += 4;
  for (int64_t i = 0; i < 4; ++i)
    if (kToNhwc[static_cast<size_t>(i)] == axis) return i;
  return -1;
}

struct TransposeOptimizer {
  Graph& g;
  LayoutStats* stats;

  std::map<std::string, size_t> producers() const {
    std::map<std::string, size_t> p;
    for (size_t i = 0; i < g.nodes.size(); ++i)
      for (const std::string& o : g.nodes[i].outputs) p[o] = i;
    return p;
  }

  // The NHWC tensor behind `name` when a to-NCHW Transpose produced it.
  bool nhwc_source(const std::map<std::string, size_t>& prod, const std::string& name, std::string* src) const {
    const auto it = prod.find(name);
    if (it == prod.end() || !is_transpose(g.nodes[it->second], kToNchw)) return false;
    *src = g.nodes[it->second].inputs[0];
    return true;
  }

  // A constant broadcast against NCHW tensors, as one to broadcast against
  // their NHWC twins: made rank 4 (leading ones) and permuted.
  bool nhwc_constant(const std::string& name, std::string* out) {
    const TensorInfo& t = g.tensors.at(name);
    if (!t.static_shape() || t.shape.size() > 4) return false;
    if (t.shape.size() <= 1 && (t.shape.empty() || t.shape[0] == 1)) {
      *out = name;  // a scalar broadcasts the same either way
      return true;
    }
    TensorInfo c = t;
    c.shape.insert(c.shape.begin(), 4 - t.shape.size(), 1);
    c.data = permute_data(c, kToNhwc);
    c.shape = permuted(c.shape, kToNhwc);
    c.dim_params.assign(4, "");
    c.name = fresh_name(g, name + "_nhwc");
    *out = c.name;
    g.tensors[c.name] = std::move(c);
    return true;
  }

  // One node whose NCHW inputs all come from to-NCHW Transposes runs on
  // their NHWC sources instead; its outputs get to-NCHW Transposes of their
  // own, further down. Returns whether it moved.
  bool push_through(size_t index, const std::map<std::string, size_t>& prod) {
    Node& n = g.nodes[index];
    const bool concat = n.domain.empty() && n.op_type == "Concat";
    const bool split = n.domain.empty() && n.op_type == "Split";
    if (!elementwise(n) && !concat && !split) return false;
    for (const std::string& o : n.outputs)
      if (o.empty() || !rank4_float(g, o) || g.tensors.at(o).role != TensorRole::kIntermediate) return false;
    // Which inputs are data (moved) and which are parameters (left alone):
    // Clip's min/max, Split's sizes.
    const size_t data_inputs = (n.op_type == "Clip" || split) ? 1 : n.inputs.size();
    std::vector<std::string> inputs = n.inputs;
    bool any_transposed = false;
    for (size_t i = 0; i < data_inputs; ++i) {
      if (inputs[i].empty()) continue;
      std::string src;
      if (nhwc_source(prod, inputs[i], &src)) {
        inputs[i] = src;
        any_transposed = true;
      } else if (!g.is_constant(inputs[i]) || concat || split) {
        return false;  // an NCHW tensor from elsewhere: the node stays
      }
    }
    if (!any_transposed) return false;
    for (size_t i = 0; i < data_inputs; ++i)
      if (!inputs[i].empty() && g.is_constant(inputs[i]) && !nhwc_constant(inputs[i], &inputs[i])) return false;
    if (concat || split) {
      for (Attr& a : n.attrs)
        if (a.name == "axis") a.i = nhwc_axis(a.i);
    }
    n.inputs = inputs;
    std::vector<Node> after;
    for (std::string& o : n.outputs) {
      const std::string nhwc = add_permuted_tensor(g, o, o + "_nhwc", kToNhwc);
      after.push_back(make_transpose(nhwc, o, kToNchw));
      o = nhwc;
    }
    g.nodes.insert(g.nodes.begin() + static_cast<std::ptrdiff_t>(index) + 1, after.begin(), after.end());
    if (stats) ++stats->transposes_pushed;
    return true;
  }

  // The one node reading `name`, or -1 (none, several, or a graph output).
  int only_reader(const std::string& name) const {
    int found = -1;
    for (size_t i = 0; i < g.nodes.size(); ++i)
      for (const std::string& in : g.nodes[i].inputs)
        if (in == name) {
          if (found >= 0 && found != static_cast<int>(i)) return -1;
          found = static_cast<int>(i);
        }
    for (const std::string& o : g.outputs)
      if (o == name) return -1;
    return found;
  }

  // ShuffleNet's channel shuffle, Reshape [N,C,H,W] -> [N,g,C/g,H,W],
  // Transpose (0,2,1,3,4), Reshape back to [N,C,H,W], on a tensor that
  // comes out of the NHWC chain: one NHWC ChannelShuffle node instead.
  bool rewrite_shuffle(size_t index, const std::map<std::string, size_t>& prod) {
    const Node& r1 = g.nodes[index];
    std::string src;
    if (!r1.domain.empty() || r1.op_type != "Reshape" || !nhwc_source(prod, r1.inputs[0], &src)) return false;
    const TensorInfo& x = g.tensors.at(r1.inputs[0]);
    const TensorInfo& mid = g.tensors.at(r1.outputs[0]);
    if (!rank4_float(g, r1.inputs[0]) || !mid.static_shape() || mid.shape.size() != 5) return false;
    const int64_t n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3], groups = mid.shape[1];
    if (mid.shape != std::vector<int64_t>{n, groups, c / std::max<int64_t>(groups, 1), h, w} || groups < 1 ||
        c % groups != 0)
      return false;
    const int t = only_reader(r1.outputs[0]);
    if (t < 0 || !is_transpose(g.nodes[static_cast<size_t>(t)], {0, 2, 1, 3, 4})) return false;
    const int r2 = only_reader(g.nodes[static_cast<size_t>(t)].outputs[0]);
    if (r2 < 0 || g.nodes[static_cast<size_t>(r2)].op_type != "Reshape" ||
        !g.nodes[static_cast<size_t>(r2)].domain.empty())
      return false;
    const std::string y = g.nodes[static_cast<size_t>(r2)].outputs[0];
    const TensorInfo& yt = g.tensors.at(y);
    if (!yt.static_shape() || yt.shape != x.shape || yt.role != TensorRole::kIntermediate) return false;
    Node shuffle;
    shuffle.name = r1.name + "_channel_shuffle";
    shuffle.domain = kNhwcDomain;
    shuffle.op_type = "ChannelShuffle";
    shuffle.since_version = 1;
    shuffle.inputs = {src};
    const std::string y_nhwc = add_permuted_tensor(g, y, y + "_nhwc", kToNhwc);
    shuffle.outputs = {y_nhwc};
    Attr a;
    a.name = "group";
    a.type = AttrType::kInt;
    a.i = groups;
    shuffle.attrs.push_back(a);
    // The Reshape and Transpose are left without readers (removed later);
    // the second Reshape becomes the shuffle and its edge Transpose.
    const size_t at = static_cast<size_t>(r2);
    g.nodes[at] = shuffle;
    g.nodes.insert(g.nodes.begin() + static_cast<std::ptrdiff_t>(at) + 1, make_transpose(y_nhwc, y, kToNchw));
    g.nodes[static_cast<size_t>(t)].inputs.clear();
    g.nodes[static_cast<size_t>(t)].outputs.clear();
    g.nodes[index].inputs.clear();
    g.nodes[index].outputs.clear();
    if (stats) ++stats->transposes_pushed;
    return true;
  }

  // A Slice along constant axes of a tensor from the NHWC chain slices the
  // NHWC tensor along the same axes, moved.
  bool push_through_slice(size_t index, const std::map<std::string, size_t>& prod) {
    Node& n = g.nodes[index];
    std::string src;
    if (!n.domain.empty() || n.op_type != "Slice" || n.since_version < 10 || n.inputs.size() < 4 ||
        n.inputs[3].empty() || !g.is_constant(n.inputs[3]) || !rank4_float(g, n.outputs[0]) ||
        g.tensors.at(n.outputs[0]).role != TensorRole::kIntermediate || !nhwc_source(prod, n.inputs[0], &src))
      return false;
    TensorInfo axes = g.tensors.at(n.inputs[3]);
    if (axes.dtype != DType::kInt64 && axes.dtype != DType::kInt32) return false;
    const int64_t count = axes.num_elements();
    for (int64_t i = 0; i < count; ++i) {
      int64_t v = 0;
      if (axes.dtype == DType::kInt64) std::memcpy(&v, axes.data.data() + i * 8, 8);
      else {
        int32_t v32 = 0;
        std::memcpy(&v32, axes.data.data() + i * 4, 4);
        v = v32;
      }
      v = nhwc_axis(v);
      if (v < 0) return false;
      if (axes.dtype == DType::kInt64) std::memcpy(axes.data.data() + i * 8, &v, 8);
      else {
        const int32_t v32 = static_cast<int32_t>(v);
        std::memcpy(axes.data.data() + i * 4, &v32, 4);
      }
    }
    axes.name = fresh_name(g, n.inputs[3] + "_nhwc");
    n.inputs[3] = axes.name;
    g.tensors[axes.name] = std::move(axes);
    n.inputs[0] = src;
    const std::string out = n.outputs[0];
    const std::string nhwc = add_permuted_tensor(g, out, out + "_nhwc", kToNhwc);
    n.outputs[0] = nhwc;
    g.nodes.insert(g.nodes.begin() + static_cast<std::ptrdiff_t>(index) + 1, make_transpose(nhwc, out, kToNchw));
    if (stats) ++stats->transposes_pushed;
    return true;
  }

  // to-NHWC(to-NCHW(x)) is x: the consumers read x.
  bool cancel_pairs() {
    const std::map<std::string, size_t> prod = producers();
    std::set<std::string> graph_outputs(g.outputs.begin(), g.outputs.end());
    bool changed = false;
    for (Node& n : g.nodes) {
      if (!is_transpose(n, kToNhwc) || graph_outputs.count(n.outputs[0])) continue;
      std::string src;
      if (!nhwc_source(prod, n.inputs[0], &src)) continue;
      const std::string from = n.outputs[0];
      for (Node& m : g.nodes)
        for (std::string& in : m.inputs)
          if (in == from) in = src;
      n.inputs[0] = src;  // now dead: nothing reads its output
      changed = true;
      if (stats) ++stats->transposes_cancelled;
    }
    return changed;
  }

  void run() {
    for (bool changed = true; changed;) {
      changed = cancel_pairs();
      const std::map<std::string, size_t> prod = producers();
      for (size_t i = 0; i < g.nodes.size(); ++i) {
        if (push_through(i, prod) || rewrite_shuffle(i, prod) || push_through_slice(i, prod)) {
          changed = true;
          break;  // indices moved: start over with fresh producers
        }
      }
      remove_dead_transposes();
    }
  }

  void remove_dead_transposes() {
    std::set<std::string> used(g.outputs.begin(), g.outputs.end());
    for (const Node& n : g.nodes) used.insert(n.inputs.begin(), n.inputs.end());
    std::vector<Node> kept;
    for (Node& n : g.nodes) {
      if (n.outputs.empty()) continue;  // emptied by a rewrite
      if (!(n.domain.empty() && n.op_type == "Transpose" && !used.count(n.outputs[0]))) kept.push_back(std::move(n));
    }
    g.nodes = std::move(kept);
  }
};

// ReduceMean over the two spatial axes of a rank-4 float tensor (the mean
// MobileNet-style heads take, `x.mean([2, 3])`) is GlobalAveragePool, which
// the NHWC chain then takes in: with keepdims=0, followed by a Reshape to
// [N, C]. Attribute axes only (opset below 18).
void means_to_global_pools(Graph& g) {
  std::vector<Node> out;
  for (Node& n : g.nodes) {
    const Attr* axes = n.attr("axes");
    bool spatial = n.domain.empty() && n.op_type == "ReduceMean" && n.since_version < 18 && n.inputs.size() == 1 &&
                   n.outputs.size() == 1 && rank4_float(g, n.inputs[0]) && axes != nullptr && axes->ints.size() == 2;
    if (spatial) {
      std::set<int64_t> a;
      for (int64_t v : axes->ints) a.insert(v < 0 ? v + 4 : v);
      spatial = a == std::set<int64_t>{2, 3};
    }
    if (!spatial) {
      out.push_back(std::move(n));
      continue;
    }
    const Attr* keep = n.attr("keepdims");
    const bool keepdims = keep == nullptr || keep->i != 0;
    const std::vector<int64_t>& in = g.tensors.at(n.inputs[0]).shape;
    Node pool;
    pool.name = n.name + "_global_pool";
    pool.op_type = "GlobalAveragePool";
    pool.since_version = 1;
    pool.inputs = {n.inputs[0]};
    if (keepdims) {
      pool.outputs = {n.outputs[0]};
      out.push_back(std::move(pool));
      continue;
    }
    TensorInfo pooled = g.tensors.at(n.inputs[0]);
    pooled.name = fresh_name(g, n.outputs[0] + "_pooled");
    pooled.role = TensorRole::kIntermediate;
    pooled.shape = {in[0], in[1], 1, 1};
    pooled.dim_params.assign(4, "");
    pooled.data.clear();
    pool.outputs = {pooled.name};
    TensorInfo shape;
    shape.name = fresh_name(g, n.outputs[0] + "_shape");
    shape.dtype = DType::kInt64;
    shape.rank_known = true;
    shape.shape = {2};
    shape.dim_params.assign(1, "");
    shape.role = TensorRole::kConstant;
    const int64_t dims[2] = {in[0], in[1]};
    shape.data.resize(sizeof dims);
    std::memcpy(shape.data.data(), dims, sizeof dims);
    Node reshape;
    reshape.name = n.name + "_reshape";
    reshape.op_type = "Reshape";
    reshape.since_version = 13;
    reshape.inputs = {pooled.name, shape.name};
    reshape.outputs = {n.outputs[0]};
    g.tensors[pooled.name] = std::move(pooled);
    g.tensors[shape.name] = std::move(shape);
    out.push_back(std::move(pool));
    out.push_back(std::move(reshape));
  }
  g.nodes = std::move(out);
}

}  // namespace

void convert_to_nhwc(Graph& g, LayoutStats* stats) {
  means_to_global_pools(g);
  std::vector<Node> out;
  bool any = false;
  for (Node& n : g.nodes) {
    if (!convertible(g, n)) {
      out.push_back(std::move(n));
      continue;
    }
    any = true;
    const std::string x = n.inputs[0], y = n.outputs[0];
    const std::string x_nhwc = add_permuted_tensor(g, x, x + "_nhwc", kToNhwc);
    const std::string y_nhwc = add_permuted_tensor(g, y, y + "_nhwc", kToNhwc);
    out.push_back(make_transpose(x, x_nhwc, kToNhwc));
    if (n.op_type == "Conv") {
      // Weights OIHW -> OHWI, once, here.
      TensorInfo w = g.tensors.at(n.inputs[1]);
      w.data = permute_data(w, kToNhwc);
      w.shape = permuted(w.shape, kToNhwc);
      w.dim_params.assign(4, "");
      w.name = fresh_name(g, n.inputs[1] + "_ohwi");
      n.inputs[1] = w.name;
      g.tensors[w.name] = std::move(w);
    }
    if (n.op_type == "ConvTranspose") {
      // Weights [C, M/group, kH, kW] -> [group][M/group][kH][kW][C/group], once, here.
      TensorInfo w = g.tensors.at(n.inputs[1]);
      const Attr* group_attr = n.attr("group");
      const int64_t group = group_attr != nullptr ? group_attr->i : 1;
      const std::vector<int64_t> s = w.shape;
      w.shape = {group, s[0] / group, s[1], s[2], s[3]};
      w.data = permute_data(w, {0, 2, 3, 4, 1});
      w.shape = {group * s[1], s[2], s[3], s[0] / group};
      w.dim_params.assign(4, "");
      w.name = fresh_name(g, n.inputs[1] + "_nhwc");
      n.inputs[1] = w.name;
      g.tensors[w.name] = std::move(w);
    }
    if (n.op_type == "Resize") {
      // roi, scales and sizes in NHWC order; roi only where it is read.
      n.inputs.resize(4);
      const Attr* t = n.attr("coordinate_transformation_mode");
      if (t != nullptr && t->s == "tf_crop_and_resize")
        n.inputs[1] = reordered_constant(g, n.inputs[1], {0, 2, 3, 1, 4, 6, 7, 5});
      else
        n.inputs[1].clear();
      for (size_t i = 2; i < 4; ++i) {
        if (!n.inputs[i].empty() && g.tensors.at(n.inputs[i]).num_elements() == 0) n.inputs[i].clear();
        if (!n.inputs[i].empty()) n.inputs[i] = reordered_constant(g, n.inputs[i], kToNhwc);
      }
    }
    n.domain = kNhwcDomain;
    n.since_version = 1;
    n.inputs[0] = x_nhwc;
    n.outputs[0] = y_nhwc;
    out.push_back(std::move(n));
    out.push_back(make_transpose(y_nhwc, y, kToNchw));
    if (stats) ++stats->nodes_converted;
  }
  g.nodes = std::move(out);
  if (!any) return;
  g.opset_imports[kNhwcDomain] = 1;
  TransposeOptimizer{g, stats}.run();
}

}  // namespace convert
}  // namespace spud
