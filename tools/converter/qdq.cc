// QDQ fusion: the QDQ format ONNX Runtime's quantization tools write marks
// a quantized operator as DequantizeLinear on each input, the float
// operator, and QuantizeLinear on its output. Where the parameters allow
// it, the group becomes the quantized operator, which computes in integers:
//   DQ(x), DQ(w) [, DQ(b)] -> Conv   -> Q  =>  QLinearConv (ai.onnx 10)
//   DQ(a), DQ(b)           -> MatMul -> Q  =>  QLinearMatMul (ai.onnx 10)
//   DQ(a), DQ(b)           -> Add    -> Q  =>  QLinearAdd (com.microsoft 1)
//   DQ(a), DQ(b)           -> Mul    -> Q  =>  QLinearMul (com.microsoft 1)
//   DQ(a), DQ(b) [, DQ(c)] -> Gemm   -> Q  =>  QGemm (com.microsoft 1)
//   DQ(x_i)...             -> Concat -> Q  =>  QLinearConcat (com.microsoft 1),
//                                              or Concat of the x_i when all share Y's parameters
//   DQ(x) -> GlobalAveragePool / Sigmoid -> Q  =>  com.microsoft's QLinear twin
//   a Relu between Conv, MatMul or Gemm and a QuantizeLinear whose zero point
//   is its type's lowest value joins the group (the saturation is the Relu),
//   and so does a Clip whose bounds that saturation covers
//   DQ(x) -> Reshape, Transpose, Flatten, Squeeze, Unsqueeze, MaxPool -> Q of the
//            same parameters                   =>  the operator on the quantized x
// Activations' scales and zero points must be constant scalars; constant
// weights may have one scale per output channel (Conv: axis 0) or column
// (MatMul: the last axis of a 2-D B); Conv's bias must be int32 with zero
// point 0 and the scale x_scale * w_scale (what the tools write), so that it
// adds to the integer sum. A DequantizeLinear that feeds other nodes too
// stays for them. The float and the integer results may differ by one step
// where the float sum lies within its rounding error of a tie.
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "passes.h"

namespace spud {
namespace convert {

namespace {

const TensorInfo* constant(const Graph& g, const std::string& name) {
  if (name.empty()) return nullptr;
  const auto it = g.tensors.find(name);
  return it != g.tensors.end() && it->second.role == TensorRole::kConstant ? &it->second : nullptr;
}

bool is_q8(DType t) { return t == DType::kInt8 || t == DType::kUInt8; }

// A DequantizeLinear or QuantizeLinear node's parameters.
struct QParams {
  std::string value, scale, zero_point;  // zero_point "" when absent
  int64_t axis = 1;
  int64_t count = 1;  // scale elements
};

bool qparams(const Graph& g, const Node& n, QParams* p) {
  if (!n.domain.empty() || n.inputs.size() < 2 || n.outputs.size() != 1) return false;
  p->value = n.inputs[0];
  p->scale = n.inputs[1];
  p->zero_point = n.inputs.size() > 2 ? n.inputs[2] : "";
  if (const Attr* a = n.attr("axis")) p->axis = a->i;
  const TensorInfo* s = constant(g, p->scale);
  if (s == nullptr || s->dtype != DType::kFloat32 || !s->static_shape()) return false;
  p->count = s->num_elements();
  if (!p->zero_point.empty()) {
    const TensorInfo* z = constant(g, p->zero_point);
    if (z == nullptr || !z->static_shape() || z->num_elements() != p->count) return false;
  }
  return true;
}

bool per_tensor(const Graph& g, const QParams& p) { return p.count == 1 && g.tensors.at(p.scale).shape.size() <= 1; }

// The float32 values of a constant.
std::vector<float> floats(const TensorInfo& t) {
  std::vector<float> v(t.data.size() / 4);
  if (!v.empty()) std::memcpy(v.data(), t.data.data(), v.size() * 4);
  return v;
}

bool zero_or_absent(const Graph& g, const std::string& zp) {
  if (zp.empty()) return true;
  const TensorInfo* z = constant(g, zp);
  if (z == nullptr) return false;
  for (uint8_t b : z->data)
    if (b != 0) return false;
  return true;
}

struct Fuser {
  Graph& g;
  std::map<std::string, size_t> producer;
  std::map<std::string, int> readers;
  std::set<size_t> dead;  // Q nodes to drop

  explicit Fuser(Graph& graph) : g(graph) {
    for (size_t i = 0; i < g.nodes.size(); ++i)
      for (const std::string& o : g.nodes[i].outputs) producer[o] = i;
    readers = consumer_counts(g);
  }

  const Node* made_by(const std::string& name, const char* op) const {
    const auto it = producer.find(name);
    if (it == producer.end()) return nullptr;
    const Node& n = g.nodes[it->second];
    return n.domain.empty() && n.op_type == op ? &n : nullptr;
  }

  // The DequantizeLinear making `name`, with its parameters and the quantized
  // input's type.
  bool dequantized(const std::string& name, QParams* p) const {
    const Node* dq = made_by(name, "DequantizeLinear");
    if (dq == nullptr || !qparams(g, *dq, p)) return false;
    const auto it = g.tensors.find(p->value);
    return it != g.tensors.end() && is_q8(it->second.dtype);
  }

  // The index of the one node reading `name` (as its first input), when
  // nothing else reads it and it is not a graph output; else -1.
  long sole_reader(const std::string& name) const {
    const auto r = readers.find(name);
    if (r == readers.end() || r->second != 1) return -1;
    for (const std::string& o : g.outputs)
      if (o == name) return -1;
    for (size_t i = 0; i < g.nodes.size(); ++i)
      if (!g.nodes[i].inputs.empty() && g.nodes[i].inputs[0] == name) return static_cast<long>(i);
    return -1;
  }

  // The one QuantizeLinear reading `name`, which nothing else reads and is
  // not a graph output, and its index.
  bool quantized_after(const std::string& name, QParams* p, size_t* index, std::string* out) const {
    const long at = sole_reader(name);
    if (at >= 0) {
      const size_t i = static_cast<size_t>(at);
      const Node& n = g.nodes[i];
      if (!n.domain.empty() || n.op_type != "QuantizeLinear" || !qparams(g, n, p) || !per_tensor(g, *p)) return false;
      *index = i;
      *out = n.outputs[0];
      return true;
    }
    return false;
  }

  // Like quantized_after, or through a Relu that only that QuantizeLinear
  // reads, when the QuantizeLinear's zero point is its type's lowest value:
  // then the quantized operator's saturation there is the Relu (exactly:
  // every negative value becomes the zero point, which means 0). The Relu
  // joins the nodes to drop.
  bool quantized_after_relu(const std::string& name, QParams* p, size_t* index, std::string* out) {
    if (quantized_after(name, p, index, out)) return true;
    const long at = sole_reader(name);
    if (at >= 0) {
      const size_t i = static_cast<size_t>(at);
      const Node& n = g.nodes[i];
      if (!n.domain.empty() || (n.op_type != "Relu" && n.op_type != "Clip") || n.outputs.size() != 1 ||
          !quantized_after(n.outputs[0], p, index, out))
        return false;
      if (!p->zero_point.empty()) {
        const TensorInfo& z = g.tensors.at(p->zero_point);
        const bool lowest = z.dtype == DType::kUInt8 ? z.data[0] == 0 : static_cast<int8_t>(z.data[0]) == -128;
        if (!lowest) return false;
      }
      if (n.op_type == "Clip") {
        // Clip(lo, hi) is the saturation too when lo <= 0 and hi is at or
        // above the largest value the output can hold (ReLU6 quantized to
        // its calibrated range).
        float lo = -INFINITY, hi = INFINITY;
        if (n.since_version < 11) {
          if (const Attr* a = n.attr("min")) lo = a->f;
          if (const Attr* a = n.attr("max")) hi = a->f;
        } else {
          auto bound = [&](size_t k, float* v) {
            if (n.inputs.size() <= k || n.inputs[k].empty()) return true;
            const TensorInfo* c = constant(g, n.inputs[k]);
            if (c == nullptr || c->dtype != DType::kFloat32 || c->data.size() != 4) return false;
            std::memcpy(v, c->data.data(), 4);
            return true;
          };
          if (!bound(1, &lo) || !bound(2, &hi)) return false;
        }
        const float top = 255.f * floats(g.tensors.at(p->scale))[0];
        if (!(lo <= 0.f) || !(hi >= top * (1.f - 1e-6f))) return false;
      }
      dead.insert(i);
      return true;
    }
    return false;
  }

  // Whether a bias's scale (per tensor or per channel) is `factor` times the
  // weights' (the input's scale, times Gemm's alpha) within 1e-6, so that
  // the int32 bias adds to the integer sum as it is.
  bool bias_scale_is(const std::string& bias_scale, float factor, const std::string& weight_scale) const {
    const std::vector<float> bs = floats(g.tensors.at(bias_scale)), ws = floats(g.tensors.at(weight_scale));
    if (bs.size() != 1 && ws.size() != 1 && bs.size() != ws.size()) return false;
    const size_t channels = bs.size() > ws.size() ? bs.size() : ws.size();
    for (size_t c = 0; c < channels; ++c) {
      const float have = bs[bs.size() == 1 ? 0 : c], want = factor * ws[ws.size() == 1 ? 0 : c];
      if (!(std::fabs(have - want) <= 1e-6f * std::fabs(want))) return false;
    }
    return true;
  }

  // A zero point input for a quantized operator that needs one present: the
  // existing one, or a new constant 0 of `type`.
  // (The scale's shape: one zero per scale.)
  std::string zero_point_for(const QParams& p, DType type) {
    if (!p.zero_point.empty()) return p.zero_point;
    const TensorInfo& scale = g.tensors.at(p.scale);
    TensorInfo z;
    z.name = fresh_name(g, p.scale + "_zero_point");
    z.dtype = type;
    z.rank_known = true;
    z.shape = scale.shape;
    z.dim_params.assign(z.shape.size(), "");
    z.role = TensorRole::kConstant;
    z.data.assign(static_cast<size_t>(p.count), 0);
    g.tensors[z.name] = z;
    return z.name;
  }

  DType type_of(const std::string& name) const { return g.tensors.at(name).dtype; }

  bool fuse_conv(size_t i) {
    Node& n = g.nodes[i];
    QParams x, w, y, b;
    size_t q = 0;
    std::string out;
    if (n.inputs.size() < 2 || !dequantized(n.inputs[0], &x) || !per_tensor(g, x) || !dequantized(n.inputs[1], &w) ||
        constant(g, w.value) == nullptr || !quantized_after_relu(n.outputs[0], &y, &q, &out))
      return false;
    const TensorInfo& wq = g.tensors.at(w.value);
    if (!wq.static_shape() || wq.shape.empty() || (!per_tensor(g, w) && (w.axis != 0 || w.count != wq.shape[0])))
      return false;
    std::string bias;
    if (n.inputs.size() > 2 && !n.inputs[2].empty()) {
      // int32 with zero point 0 and scale x_scale * w_scale, per channel.
      if (!dequantized_int32(n.inputs[2], &b) || constant(g, b.value) == nullptr || !zero_or_absent(g, b.zero_point))
        return false;
      if (!bias_scale_is(b.scale, floats(g.tensors.at(x.scale))[0], w.scale)) return false;
      bias = b.value;
    }
    Node f;
    f.name = n.name;
    f.op_type = "QLinearConv";
    f.since_version = 10;
    f.attrs = n.attrs;
    f.inputs = {x.value, x.scale, zero_point_for(x, type_of(x.value)), w.value, w.scale,
                zero_point_for(w, type_of(w.value)), y.scale, zero_point_for(y, DType::kUInt8)};
    if (!bias.empty()) f.inputs.push_back(bias);
    f.outputs = {out};
    n = f;
    dead.insert(q);
    return true;
  }

  bool dequantized_int32(const std::string& name, QParams* p) const {
    const Node* dq = made_by(name, "DequantizeLinear");
    if (dq == nullptr || !qparams(g, *dq, p)) return false;
    const auto it = g.tensors.find(p->value);
    return it != g.tensors.end() && it->second.dtype == DType::kInt32;
  }

  bool fuse_matmul(size_t i) {
    Node& n = g.nodes[i];
    QParams a, b, y;
    size_t q = 0;
    std::string out;
    if (n.inputs.size() != 2 || !dequantized(n.inputs[0], &a) || !per_tensor(g, a) || !dequantized(n.inputs[1], &b) ||
        !quantized_after_relu(n.outputs[0], &y, &q, &out))
      return false;
    if (!per_tensor(g, b)) {
      // One per column of a constant 2-D B.
      const TensorInfo* bq = constant(g, b.value);
      if (bq == nullptr || bq->shape.size() != 2 || (b.axis != 1 && b.axis != -1) || b.count != bq->shape[1]) return false;
    }
    Node f;
    f.name = n.name;
    f.op_type = "QLinearMatMul";
    f.since_version = 10;
    f.inputs = {a.value, a.scale, zero_point_for(a, type_of(a.value)), b.value, b.scale,
                zero_point_for(b, type_of(b.value)), y.scale, zero_point_for(y, DType::kUInt8)};
    f.outputs = {out};
    n = f;
    dead.insert(q);
    return true;
  }

  bool fuse_binary(size_t i, const char* op) {
    Node& n = g.nodes[i];
    QParams a, b, y;
    size_t q = 0;
    std::string out;
    if (n.inputs.size() != 2 || !dequantized(n.inputs[0], &a) || !per_tensor(g, a) || !dequantized(n.inputs[1], &b) ||
        !per_tensor(g, b) || !quantized_after(n.outputs[0], &y, &q, &out))
      return false;
    // One element type for A, B and C.
    const DType t = type_of(a.value);
    const DType yt = y.zero_point.empty() ? DType::kUInt8 : type_of(y.zero_point);
    if (type_of(b.value) != t || yt != t) return false;
    Node f;
    f.name = n.name;
    f.domain = "com.microsoft";
    f.op_type = op;
    f.since_version = 1;
    f.inputs = {a.value, a.scale, a.zero_point, b.value, b.scale, b.zero_point, y.scale, y.zero_point};
    while (!f.inputs.empty() && f.inputs.back().empty()) f.inputs.pop_back();
    f.outputs = {out};
    n = f;
    dead.insert(q);
    g.opset_imports.emplace("com.microsoft", 1);
    return true;
  }
  // The same scale and zero point values (a QuantizeLinear undoing a
  // DequantizeLinear exactly).
  bool same_params(const QParams& a, const QParams& b) const {
    if (a.count != 1 || b.count != 1) return false;
    const float sa = floats(g.tensors.at(a.scale))[0], sb = floats(g.tensors.at(b.scale))[0];
    auto zp = [&](const QParams& p) -> int32_t {
      if (p.zero_point.empty()) return 0;
      const TensorInfo& z = g.tensors.at(p.zero_point);
      return z.dtype == DType::kInt8 ? static_cast<int8_t>(z.data[0]) : z.data[0];
    };
    const DType ta = a.zero_point.empty() ? DType::kUInt8 : type_of(a.zero_point);
    const DType tb = b.zero_point.empty() ? DType::kUInt8 : type_of(b.zero_point);
    return sa == sb && zp(a) == zp(b) && ta == tb;
  }

  // An operator that only moves or selects values (Reshape, Transpose,
  // MaxPool, ...) between a DequantizeLinear and a QuantizeLinear of the
  // same parameters runs on the quantized tensor itself: Q(op(DQ(x))) is
  // op(x) exactly. Other inputs (Reshape's shape) stay.
  bool fuse_same_params(size_t i) {
    Node& n = g.nodes[i];
    QParams x, y;
    size_t q = 0;
    std::string out;
    if (n.inputs.empty() || n.outputs.size() != 1 || !dequantized(n.inputs[0], &x) || !per_tensor(g, x) ||
        !quantized_after(n.outputs[0], &y, &q, &out) || !same_params(x, y))
      return false;
    if (n.op_type == "MaxPool" && (n.since_version < 12 || n.outputs.size() != 1)) return false;
    n.inputs[0] = x.value;
    n.outputs[0] = out;
    dead.insert(q);
    return true;
  }

  // Concat of dequantized inputs, quantized: QLinearConcat (com.microsoft),
  // or a plain Concat of the quantized inputs when every one has the
  // output's parameters.
  bool fuse_concat(size_t i) {
    Node& n = g.nodes[i];
    QParams y;
    size_t q = 0;
    std::string out;
    if (n.inputs.empty() || !quantized_after(n.outputs[0], &y, &q, &out)) return false;
    const DType t = y.zero_point.empty() ? DType::kUInt8 : type_of(y.zero_point);
    std::vector<QParams> xs(n.inputs.size());
    bool all_same = true;
    for (size_t k = 0; k < n.inputs.size(); ++k) {
      if (!dequantized(n.inputs[k], &xs[k]) || !per_tensor(g, xs[k]) || type_of(xs[k].value) != t) return false;
      all_same = all_same && same_params(xs[k], y);
    }
    if (all_same) {
      for (size_t k = 0; k < n.inputs.size(); ++k) n.inputs[k] = xs[k].value;
      n.outputs[0] = out;
      dead.insert(q);
      return true;
    }
    Node f;
    f.name = n.name;
    f.domain = "com.microsoft";
    f.op_type = "QLinearConcat";
    f.since_version = 1;
    f.attrs = n.attrs;  // axis
    f.inputs = {y.scale, zero_point_for(y, t)};
    for (const QParams& x : xs) {
      f.inputs.push_back(x.value);
      f.inputs.push_back(x.scale);
      f.inputs.push_back(zero_point_for(x, t));
    }
    f.outputs = {out};
    n = f;
    dead.insert(q);
    g.opset_imports.emplace("com.microsoft", 1);
    return true;
  }

  // A one-input operator with a quantized twin in com.microsoft:
  // GlobalAveragePool, Sigmoid.
  bool fuse_unary(size_t i, const char* op) {
    Node& n = g.nodes[i];
    QParams x, y;
    size_t q = 0;
    std::string out;
    if (n.inputs.size() != 1 || !dequantized(n.inputs[0], &x) || !per_tensor(g, x) ||
        !quantized_after(n.outputs[0], &y, &q, &out))
      return false;
    const DType t = type_of(x.value);
    if ((y.zero_point.empty() ? DType::kUInt8 : type_of(y.zero_point)) != t) return false;
    Node f;
    f.name = n.name;
    f.domain = "com.microsoft";
    f.op_type = op;
    f.since_version = 1;
    f.inputs = {x.value, x.scale, zero_point_for(x, t), y.scale, zero_point_for(y, t)};
    f.outputs = {out};
    n = f;
    dead.insert(q);
    g.opset_imports.emplace("com.microsoft", 1);
    return true;
  }

  // Gemm -> QGemm (com.microsoft): alpha kept; beta must be 1 when there is
  // a C, which must be an int32 DequantizeLinear of scale alpha * a_scale *
  // b_scale (QGemm adds it to the integer sum) and zero point 0; B per tensor
  // or per column (its DequantizeLinear's axis the N axis: 1, or 0 with
  // transB).
  bool fuse_gemm(size_t i) {
    Node& n = g.nodes[i];
    QParams a, b, c, y;
    size_t q = 0;
    std::string out;
    if (n.inputs.size() < 2 || !dequantized(n.inputs[0], &a) || !per_tensor(g, a) || !dequantized(n.inputs[1], &b) ||
        !quantized_after_relu(n.outputs[0], &y, &q, &out))
      return false;
    const Attr* tb = n.attr("transB");
    const bool trans_b = tb != nullptr && tb->i != 0;
    if (!per_tensor(g, b)) {
      const TensorInfo* bq = constant(g, b.value);
      if (bq == nullptr || bq->shape.size() != 2 || b.axis != (trans_b ? 0 : 1) || b.count != bq->shape[trans_b ? 0 : 1])
        return false;
    }
    std::string bias;
    if (n.inputs.size() > 2 && !n.inputs[2].empty()) {
      const Attr* beta = n.attr("beta");
      if ((beta != nullptr && beta->f != 1.f) || !dequantized_int32(n.inputs[2], &c) || constant(g, c.value) == nullptr ||
          !zero_or_absent(g, c.zero_point))
        return false;
      const Attr* alpha_attr = n.attr("alpha");
      const float alpha = alpha_attr != nullptr ? alpha_attr->f : 1.f;
      if (!bias_scale_is(c.scale, alpha * floats(g.tensors.at(a.scale))[0], b.scale)) return false;
      bias = c.value;
    }
    const DType yt = y.zero_point.empty() ? DType::kUInt8 : type_of(y.zero_point);
    Node f;
    f.name = n.name;
    f.domain = "com.microsoft";
    f.op_type = "QGemm";
    f.since_version = 1;
    for (const Attr& at : n.attrs)
      if (at.name == "alpha" || at.name == "transA" || at.name == "transB") f.attrs.push_back(at);
    f.inputs = {a.value, a.scale, zero_point_for(a, type_of(a.value)), b.value, b.scale,
                zero_point_for(b, type_of(b.value)), bias, y.scale, zero_point_for(y, yt)};
    f.outputs = {out};
    n = f;
    dead.insert(q);
    g.opset_imports.emplace("com.microsoft", 1);
    return true;
  }
};

}  // namespace

void fuse_qdq(Graph& g, PassStats* stats) {
  // Operators that only move or select values.
  static const std::set<std::string> kMovers = {"Reshape", "Transpose", "Flatten", "Squeeze", "Unsqueeze", "MaxPool"};
  Fuser f(g);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    if (!n.domain.empty()) continue;
    bool fused = false;
    if (n.op_type == "Conv") fused = f.fuse_conv(i);
    else if (n.op_type == "MatMul") fused = f.fuse_matmul(i);
    else if (n.op_type == "Add") fused = f.fuse_binary(i, "QLinearAdd");
    else if (n.op_type == "Mul") fused = f.fuse_binary(i, "QLinearMul");
    else if (n.op_type == "Gemm") fused = f.fuse_gemm(i);
    else if (n.op_type == "Concat") fused = f.fuse_concat(i);
    else if (n.op_type == "GlobalAveragePool") fused = f.fuse_unary(i, "QLinearGlobalAveragePool");
    else if (n.op_type == "Sigmoid") fused = f.fuse_unary(i, "QLinearSigmoid");
    else if (kMovers.count(n.op_type)) fused = f.fuse_same_params(i);
    if (fused) ++stats->qdq_fused;
  }
  std::vector<Node> kept;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (!f.dead.count(i)) kept.push_back(std::move(g.nodes[i]));
  g.nodes = std::move(kept);
}

}  // namespace convert
}  // namespace spud
