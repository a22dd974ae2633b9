#include "quantize.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "converter/converter.h"
#include "converter/opset_upgrade.h"
#include "npy.h"
#include "converter/onnx_import.h"
#include "onnx/checker.h"
#include "onnx/shape_inference/implementation.h"
#include "spud/spud.h"
#include "tensor_proto.h"

namespace fs = std::filesystem;

namespace spud {
namespace convert {

namespace {

// A directory of its own under /tmp, removed with the object.
struct TempDir {
  std::string path;
  TempDir() {
    char name[] = "/tmp/spud-quantize-XXXXXX";
    if (mkdtemp(name) == nullptr) throw std::runtime_error("cannot make a temporary directory");
    path = name;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A .spud image at a 64-byte-aligned address, as the loader needs.
struct Aligned {
  std::unique_ptr<uint8_t, decltype(&free)> data{nullptr, &free};
  size_t size = 0;
  explicit Aligned(const std::vector<uint8_t>& bytes) : size(bytes.size()) {
    data.reset(static_cast<uint8_t*>(aligned_alloc(64, (bytes.size() + 63) / 64 * 64)));
    if (!data) throw std::runtime_error("out of memory");
    std::memcpy(data.get(), bytes.data(), bytes.size());
  }
};

// Runs converted model bytes on every sample; visit(sample, output name,
// values) for each float output.
void run_samples(const std::vector<uint8_t>& bytes, const std::vector<std::vector<std::string>>& samples,
                 const std::function<void(size_t, const std::string&, const float*, size_t)>& visit) {
  Aligned image(bytes);
  spud_error err{};
  spud_model* model = nullptr;
  if (spud_model_load(image.data.get(), image.size, &model, &err) != SPUD_OK)
    throw std::runtime_error(std::string("the converted model does not load: ") + err.message);
  spud_session_options options = spud_session_options_default();
  options.max_memory_bytes = 0;
  spud_session* session = nullptr;
  if (spud_session_create(model, &options, nullptr, 0, &session, &err) != SPUD_OK) {
    spud_model_free(model);
    throw std::runtime_error(std::string("no session for the model: ") + err.message);
  }
  try {
    const int num_inputs = spud_session_num_inputs(session);
    for (size_t s = 0; s < samples.size(); ++s) {
      if (static_cast<int>(samples[s].size()) != num_inputs)
        throw std::runtime_error("calibration sample " + std::to_string(s) + " has " +
                                 std::to_string(samples[s].size()) + " files for " + std::to_string(num_inputs) +
                                 " model inputs");
      for (int i = 0; i < num_inputs; ++i) {
        const std::string& path = samples[s][static_cast<size_t>(i)];
        const TensorInfo v = read_pb_or_npy_file(path);
        spud_tensor t{};
        (void)spud_session_input(session, i, &t);
        if (static_cast<int>(v.dtype) != t.dtype)
          throw std::runtime_error(path + ": input '" + t.name + "' is " + dtype_name(static_cast<DType>(t.dtype)) +
                                   ", the file holds " + dtype_name(v.dtype));
        if (std::vector<int64_t>(t.dims, t.dims + t.rank) != v.shape) {
          if (spud_session_set_input_shape(session, i, v.shape.data(), static_cast<int>(v.shape.size()), &err) !=
              SPUD_OK)
            throw std::runtime_error(path + ": input '" + t.name + "': " + err.message);
          (void)spud_session_input(session, i, &t);
        }
        if (v.data.size() != t.size_bytes) throw std::runtime_error(path + ": the tensor's size is not the input's");
        if (!v.data.empty()) std::memcpy(t.data, v.data.data(), v.data.size());
      }
      if (spud_session_run(session, &err) != SPUD_OK) throw std::runtime_error(std::string("run: ") + err.message);
      for (int o = 0; o < spud_session_num_outputs(session); ++o) {
        spud_tensor t{};
        (void)spud_session_output(session, o, &t);
        if (t.dtype == SPUD_FLOAT32) visit(s, t.name, static_cast<const float*>(t.data), t.size_bytes / 4);
      }
    }
  } catch (...) {
    spud_session_free(session);
    spud_model_free(model);
    throw;
  }
  spud_session_free(session);
  spud_model_free(model);
}

std::vector<uint8_t> convert_proto(const onnx::ModelProto& m, const std::string& dir, const std::string& name,
                                   const ConvertOptions& options) {
  const std::string path = dir + "/" + name;
  std::ofstream f(path, std::ios::binary);
  if (!f || !m.SerializeToOstream(&f)) throw std::runtime_error("cannot write " + path);
  f.close();
  return convert_model(path, options).bytes;
}

const onnx::TensorProto* initializer(const onnx::GraphProto& g, const std::string& name) {
  for (const auto& t : g.initializer())
    if (t.name() == name) return &t;
  return nullptr;
}

std::vector<float> float_values(const onnx::TensorProto& t) {
  const TensorInfo v = tensor_from_proto(t, "");
  if (v.dtype != DType::kFloat32) throw std::runtime_error("initializer '" + t.name() + "' is not float32");
  std::vector<float> out(v.data.size() / 4);
  if (!out.empty()) std::memcpy(out.data(), v.data.data(), v.data.size());
  return out;
}

onnx::TensorProto make_tensor(const std::string& name, int type, const std::vector<int64_t>& dims, const void* data,
                              size_t bytes) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(type);
  for (int64_t d : dims) t.add_dims(d);
  t.set_raw_data(data, bytes);
  return t;
}

onnx::NodeProto make_node(const std::string& op, const std::vector<std::string>& ins, const std::string& out,
                          const std::string& name, int64_t axis = -1000) {
  onnx::NodeProto n;
  n.set_op_type(op);
  n.set_name(name);
  for (const std::string& i : ins) n.add_input(i);
  n.add_output(out);
  if (axis != -1000) {
    auto* a = n.add_attribute();
    a->set_name("axis");
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(axis);
  }
  return n;
}

int64_t int_attr(const onnx::NodeProto& n, const std::string& name, int64_t fallback) {
  for (const auto& a : n.attribute())
    if (a.name() == name) return a.i();
  return fallback;
}
float float_attr(const onnx::NodeProto& n, const std::string& name, float fallback) {
  for (const auto& a : n.attribute())
    if (a.name() == name) return a.f();
  return fallback;
}

std::string node_label(const onnx::NodeProto& n) {
  return n.op_type() + " '" + (n.name().empty() ? (n.output_size() ? n.output(0) : std::string()) : n.name()) + "'";
}

// BatchNormalization after a Conv folds into its weights and bias, as the
// converter does (passes.cc): with a Q/DQ pair between them, the converter
// could not, and the BatchNormalization would run in float.
int fold_batch_norms(onnx::ModelProto* model) {
  onnx::GraphProto* g = model->mutable_graph();
  std::map<std::string, int> readers;
  for (const auto& n : g->node())
    for (const std::string& in : n.input()) ++readers[in];
  for (const auto& o : g->output()) ++readers[o.name()];
  auto init_index = [&](const std::string& name) {
    for (int k = 0; k < g->initializer_size(); ++k)
      if (g->initializer(k).name() == name) return k;
    return -1;
  };
  std::set<int> drop;
  int folded = 0;
  for (int i = 0; i < g->node_size(); ++i) {
    onnx::NodeProto* conv = g->mutable_node(i);
    if (conv->op_type() != "Conv" || !conv->domain().empty() || conv->input_size() < 2 || readers[conv->output(0)] != 1)
      continue;
    int bn_at = -1;
    for (int j = i + 1; j < g->node_size() && bn_at < 0; ++j)
      for (const std::string& in : g->node(j).input())
        if (in == conv->output(0)) bn_at = j;
    if (bn_at < 0) continue;
    const onnx::NodeProto& bn = g->node(bn_at);
    if (bn.op_type() != "BatchNormalization" || bn.input_size() != 5 || bn.input(0) != conv->output(0) ||
        bn.output_size() != 1)
      continue;
    const int wi = init_index(conv->input(1));
    const int bi = conv->input_size() > 2 && !conv->input(2).empty() ? init_index(conv->input(2)) : -1;
    if (wi < 0 || readers[conv->input(1)] != 1 || (conv->input_size() > 2 && !conv->input(2).empty() && (bi < 0 || readers[conv->input(2)] != 1)))
      continue;
    std::vector<int> p(4);
    bool ok = true;
    for (int k = 0; k < 4; ++k) ok = ok && (p[k] = init_index(bn.input(k + 1))) >= 0;
    if (!ok) continue;
    try {
      std::vector<float> w = float_values(g->initializer(wi));
      const std::vector<float> gamma = float_values(g->initializer(p[0])), beta = float_values(g->initializer(p[1])),
                               mean = float_values(g->initializer(p[2])), var = float_values(g->initializer(p[3]));
      const size_t m = gamma.size();
      if (m == 0 || beta.size() != m || mean.size() != m || var.size() != m || w.size() % m != 0 ||
          g->initializer(wi).dims_size() == 0 || g->initializer(wi).dims(0) != static_cast<int64_t>(m))
        continue;
      std::vector<float> b = bi >= 0 ? float_values(g->initializer(bi)) : std::vector<float>(m, 0.f);
      if (b.size() != m) continue;
      const float eps = float_attr(bn, "epsilon", 1e-5f);
      const size_t per = w.size() / m;
      for (size_t c = 0; c < m; ++c) {
        const float f = gamma[c] / std::sqrt(var[c] + eps);
        for (size_t k = 0; k < per; ++k) w[c * per + k] *= f;
        b[c] = (b[c] - mean[c]) * f + beta[c];
      }
      const onnx::TensorProto& wt = g->initializer(wi);
      const std::vector<int64_t> dims(wt.dims().begin(), wt.dims().end());
      *g->mutable_initializer(wi) = make_tensor(wt.name(), onnx::TensorProto::FLOAT, dims, w.data(), w.size() * 4);
      const std::string bias_name = bi >= 0 ? conv->input(2) : conv->input(1) + "/bn_bias";
      const onnx::TensorProto bt = make_tensor(bias_name, onnx::TensorProto::FLOAT, {static_cast<int64_t>(m)}, b.data(), m * 4);
      if (bi >= 0) *g->mutable_initializer(bi) = bt;
      else *g->add_initializer() = bt;
      while (conv->input_size() < 3) conv->add_input("");
      conv->set_input(2, bias_name);
      conv->set_output(0, bn.output(0));
      drop.insert(bn_at);
      ++folded;
    } catch (const std::exception&) {
      continue;  // not float32: leave it
    }
  }
  google::protobuf::RepeatedPtrField<onnx::NodeProto> kept;
  for (int i = 0; i < g->node_size(); ++i)
    if (!drop.count(i)) *kept.Add() = g->node(i);
  g->mutable_node()->Swap(&kept);
  return folded;
}

}  // namespace

std::vector<std::vector<std::string>> calibration_samples(const std::string& dir, int num_inputs) {
  if (!fs::is_directory(dir)) throw std::runtime_error("--calibration " + dir + ": not a directory");
  std::vector<fs::path> files, dirs;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".pb" || ext == ".npy")) files.push_back(e.path());
    if (e.is_directory()) dirs.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::sort(dirs.begin(), dirs.end());
  std::vector<std::vector<std::string>> samples;
  if (!files.empty()) {
    if (num_inputs != 1)
      throw std::runtime_error("--calibration " + dir + ": loose files are samples of a one-input model; this one has " +
                               std::to_string(num_inputs) + " inputs: give a subdirectory per sample with input_<i>.pb");
    for (const fs::path& f : files) samples.push_back({f.string()});
    return samples;
  }
  for (const fs::path& d : dirs) {
    std::vector<std::string> sample;
    for (int i = 0; i < num_inputs; ++i) {
      const fs::path pb = d / ("input_" + std::to_string(i) + ".pb"), npy = d / ("input_" + std::to_string(i) + ".npy");
      if (fs::exists(pb)) sample.push_back(pb.string());
      else if (fs::exists(npy)) sample.push_back(npy.string());
      else throw std::runtime_error("calibration sample " + d.string() + " has no input_" + std::to_string(i) + ".pb or .npy");
    }
    samples.push_back(sample);
  }
  if (samples.empty()) throw std::runtime_error("--calibration " + dir + ": no .pb or .npy samples there");
  return samples;
}

QuantizeResult quantize_model(const std::string& onnx_path, const QuantizeOptions& options) {
  onnx::ModelProto model;
  if (!model.ParseFromString(read_file_bytes(onnx_path)) || !model.has_graph())
    throw std::runtime_error(onnx_path + " is not an ONNX model");
  if (default_opset(model) < 13)
    throw std::runtime_error(onnx_path + " imports opset " + std::to_string(default_opset(model)) +
                             "; per-channel DequantizeLinear needs 13: convert it first (spud convert --target-opset 13 "
                             "reads it; an exporter's opset_version=13 writes it)");
  for (const auto& t : model.graph().initializer())
    if (t.data_location() == onnx::TensorProto::EXTERNAL)
      throw std::runtime_error(onnx_path + ": initializers in external data files are not quantized yet");
  if (options.samples.empty()) throw std::runtime_error("no calibration samples");
  QuantizeResult result;
  const onnx::ModelProto original = model;  // the error report's reference
  result.batch_norms_folded = fold_batch_norms(&model);
  const onnx::GraphProto& g = model.graph();

  // A node's quantized output: its own, or the output of a Relu or Clip that
  // alone reads it (the quantized operator's saturation at zero point 0 and
  // at the calibrated maximum is then the Relu, or a ReLU6's Clip:
  // converter/qdq.cc fuses the three).
  auto output_activation = [&](const onnx::NodeProto& n) -> std::string {
    const std::string t = n.output(0);
    int readers = 0;
    const onnx::NodeProto* relu = nullptr;
    for (const auto& o : g.output()) readers += o.name() == t;
    for (const auto& m : g.node())
      for (const std::string& in : m.input())
        if (in == t) {
          ++readers;
          relu = &m;
        }
    if (readers == 1 && relu != nullptr && (relu->op_type() == "Relu" || relu->op_type() == "Clip") &&
        relu->domain().empty())
      return relu->output(0);
    return t;
  };
  // What will be quantized: Conv, MatMul and Gemm with a float initializer
  // as weights, and their activation input and output.
  std::vector<int> chosen;
  std::vector<std::string> activations;
  auto add_activation = [&](const std::string& t) {
    if (!t.empty() && initializer(g, t) == nullptr && std::find(activations.begin(), activations.end(), t) == activations.end())
      activations.push_back(t);
  };
  for (int i = 0; i < g.node_size(); ++i) {
    const onnx::NodeProto& n = g.node(i);
    const std::string op = n.op_type();
    if (!(n.domain().empty() || n.domain() == "ai.onnx") || (op != "Conv" && op != "MatMul" && op != "Gemm")) continue;
    if (options.keep_float.count(n.name()) || (n.output_size() && options.keep_float.count(n.output(0)))) continue;
    const onnx::TensorProto* w = n.input_size() > 1 ? initializer(g, n.input(1)) : nullptr;
    if (w == nullptr || w->data_type() != onnx::TensorProto::FLOAT || initializer(g, n.input(0)) != nullptr) continue;
    if (op == "Gemm" && int_attr(n, "transA", 0) != 0) continue;
    chosen.push_back(i);
    add_activation(n.input(0));
    add_activation(output_activation(n));
  }
  if (chosen.empty()) throw std::runtime_error(onnx_path + " has no Conv, MatMul or Gemm with float weights to quantize");

  // 1. Calibration: every activation a graph output, min and max over the samples.
  TempDir tmp;
  onnx::ModelProto probe = model;
  std::set<std::string> outputs;
  for (const auto& o : g.output()) outputs.insert(o.name());
  // Their types and shapes, for the outputs: ONNX's shape inference, in a
  // child process (it crashes on some models).
  onnx::ModelProto inferred;
  try {
    inferred = run_onnx_isolated(model, onnx_path, "ONNX shape inference", "", [](const onnx::ModelProto& m) {
      onnx::ModelProto copy = m;
      onnx::shape_inference::InferShapes(copy, onnx::OpSchemaRegistry::Instance(),
                                         onnx::ShapeInferenceOptions(false, 0, true));
      return copy;
    });
  } catch (const IsolatedError& e) {
    throw std::runtime_error(onnx_path + ": ONNX shape inference failed: " + e.what());
  }
  std::set<std::string> input_names;
  for (const auto& v : g.input()) input_names.insert(v.name());
  for (const std::string& t : activations) {
    if (outputs.count(t) || input_names.count(t)) continue;  // inputs: their ranges come from the samples
    const onnx::ValueInfoProto* info = nullptr;
    for (const auto& v : inferred.graph().value_info())
      if (v.name() == t) info = &v;
    if (info == nullptr || !info->type().has_tensor_type() || info->type().tensor_type().elem_type() != onnx::TensorProto::FLOAT)
      throw std::runtime_error(onnx_path + ": ONNX's shape inference gives no float type for activation '" + t + "'");
    *probe.mutable_graph()->add_output() = *info;
  }
  ConvertOptions plain;
  plain.nhwc = false;
  plain.fuse = false;
  std::map<std::string, std::pair<float, float>> range;
  // The graph inputs' ranges: the samples' values.
  {
    std::vector<std::string> names;
    for (const auto& v : g.input())
      if (initializer(g, v.name()) == nullptr) names.push_back(v.name());
    for (const auto& sample : options.samples)
      for (size_t i = 0; i < sample.size() && i < names.size(); ++i) {
        const TensorInfo v = read_pb_or_npy_file(sample[i]);
        if (v.dtype != DType::kFloat32) continue;
        auto& r = range.emplace(names[i], std::make_pair(0.f, 0.f)).first->second;
        for (size_t k = 0; k + 4 <= v.data.size(); k += 4) {
          float x;
          std::memcpy(&x, v.data.data() + k, 4);
          if (std::isfinite(x)) r = {std::min(r.first, x), std::max(r.second, x)};
        }
      }
  }
  run_samples(convert_proto(probe, tmp.path, "probe.onnx", plain), options.samples,
              [&](size_t, const std::string& name, const float* v, size_t n) {
                auto& r = range.emplace(name, std::make_pair(0.f, 0.f)).first->second;  // 0 always in range
                for (size_t i = 0; i < n; ++i)
                  if (std::isfinite(v[i])) r = {std::min(r.first, v[i]), std::max(r.second, v[i])};
              });

  std::map<std::string, TensorRange> params;
  for (const std::string& t : activations) {
    const auto it = range.find(t);
    if (it == range.end()) throw std::runtime_error("calibration: activation '" + t + "' was not computed");
    TensorRange r;
    r.name = t;
    r.lo = it->second.first;
    r.hi = it->second.second;
    r.scale = r.hi > r.lo ? (r.hi - r.lo) / 255.f : 1.f;
    r.zero_point = static_cast<int>(std::min(255.f, std::max(0.f, std::nearbyint(-r.lo / r.scale))));
    params[t] = r;
    result.ranges.push_back(r);
  }

  // 2. The QDQ model.
  onnx::ModelProto out = model;
  onnx::GraphProto* og = out.mutable_graph();
  std::vector<onnx::NodeProto> head;                         // weights' DequantizeLinear, inputs' Q/DQ
  std::map<std::string, std::vector<onnx::NodeProto>> after;  // Q/DQ after the node making a tensor
  std::map<std::string, std::string> input_rename;            // graph input -> its DQ output
  std::set<std::string> graph_inputs;
  for (const auto& v : g.input()) graph_inputs.insert(v.name());
  auto add_init = [&](const onnx::TensorProto& t) { *og->add_initializer() = t; };
  for (const auto& [t, r] : params) {
    const std::string base = t + "/spud_q";
    const float scale = r.scale;
    const uint8_t zp = static_cast<uint8_t>(r.zero_point);
    add_init(make_tensor(base + "_scale", onnx::TensorProto::FLOAT, {}, &scale, 4));
    add_init(make_tensor(base + "_zero_point", onnx::TensorProto::UINT8, {}, &zp, 1));
    const std::string src = graph_inputs.count(t) ? t : t + "/spud_float";
    const std::string dst = graph_inputs.count(t) ? t + "/spud_dq" : t;
    std::vector<onnx::NodeProto> qdq = {
        make_node("QuantizeLinear", {src, base + "_scale", base + "_zero_point"}, base, base + "_Q"),
        make_node("DequantizeLinear", {base, base + "_scale", base + "_zero_point"}, dst, base + "_DQ")};
    if (graph_inputs.count(t)) {
      input_rename[t] = dst;
      head.insert(head.end(), qdq.begin(), qdq.end());
    } else {
      after[t] = qdq;
    }
  }
  // Weights and biases.
  std::set<std::string> quantized_weights;
  std::map<std::string, onnx::TensorProto> replaced;  // float initializer -> nothing (removed)
  for (int i : chosen) {
    const onnx::NodeProto& n = g.node(i);
    const std::string op = n.op_type();
    const onnx::TensorProto& w = *initializer(g, n.input(1));
    const std::vector<int64_t> dims(w.dims().begin(), w.dims().end());
    int64_t axis = -1;  // the channel axis; -1: per tensor
    if (op == "Conv" && !dims.empty()) axis = 0;
    if (op == "MatMul" && dims.size() == 2) axis = 1;
    if (op == "Gemm" && dims.size() == 2) axis = int_attr(n, "transB", 0) ? 0 : 1;
    std::vector<float> scales;
    if (!quantized_weights.count(w.name())) {
      const std::vector<float> v = float_values(w);
      const int64_t channels = axis < 0 ? 1 : dims[static_cast<size_t>(axis)];
      int64_t inner = 1;
      for (size_t d = static_cast<size_t>(axis < 0 ? 0 : axis + 1); d < dims.size(); ++d) inner *= dims[d];
      if (axis < 0) inner = static_cast<int64_t>(v.size());
      std::vector<float> maxabs(static_cast<size_t>(channels), 0.f);
      auto channel_of = [&](size_t k) { return axis < 0 ? 0 : static_cast<size_t>((static_cast<int64_t>(k) / inner) % channels); };
      for (size_t k = 0; k < v.size(); ++k) maxabs[channel_of(k)] = std::max(maxabs[channel_of(k)], std::fabs(v[k]));
      for (float m : maxabs) scales.push_back(m > 0 ? m / 127.f : 1.f);
      std::vector<int8_t> q(v.size());
      for (size_t k = 0; k < v.size(); ++k)
        q[k] = static_cast<int8_t>(std::min(127.f, std::max(-127.f, std::nearbyint(v[k] / scales[channel_of(k)]))));
      const std::string base = w.name() + "/spud_q";
      add_init(make_tensor(base, onnx::TensorProto::INT8, dims, q.data(), q.size()));
      const std::vector<int64_t> sdims = axis < 0 ? std::vector<int64_t>{} : std::vector<int64_t>{channels};
      add_init(make_tensor(base + "_scale", onnx::TensorProto::FLOAT, sdims, scales.data(), scales.size() * 4));
      const std::vector<int8_t> zeros(scales.size(), 0);
      add_init(make_tensor(base + "_zero_point", onnx::TensorProto::INT8, sdims, zeros.data(), zeros.size()));
      head.push_back(make_node("DequantizeLinear", {base, base + "_scale", base + "_zero_point"}, w.name(), base + "_DQ",
                               axis < 0 ? -1000 : axis));
      quantized_weights.insert(w.name());
      replaced[w.name()] = w;
      result.weights += 1;
      result.float_weight_bytes += v.size() * 4;
      result.int8_weight_bytes += v.size();
    } else {
      continue;  // shared weights: quantized for their first node; no bias for this one
    }
    // The bias in int32, scale input_scale * weight_scale.
    const bool gemm_scaled = op == "Gemm" && (float_attr(n, "alpha", 1.f) != 1.f || float_attr(n, "beta", 1.f) != 1.f);
    const onnx::TensorProto* b = n.input_size() > 2 && !n.input(2).empty() ? initializer(g, n.input(2)) : nullptr;
    if (b != nullptr && b->data_type() == onnx::TensorProto::FLOAT && b->dims_size() == 1 && !gemm_scaled &&
        !replaced.count(b->name())) {
      const std::vector<float> v = float_values(*b);
      const float xs = params.at(n.input(0)).scale;
      if (scales.size() == 1 || scales.size() == v.size()) {
        std::vector<float> bs(v.size());
        std::vector<int32_t> q(v.size());
        for (size_t k = 0; k < v.size(); ++k) {
          bs[k] = xs * scales[scales.size() == 1 ? 0 : k];
          const double r = std::nearbyint(static_cast<double>(v[k]) / bs[k]);
          q[k] = static_cast<int32_t>(std::min(2147483647.0, std::max(-2147483648.0, r)));
        }
        const std::string base = b->name() + "/spud_q";
        const std::vector<int64_t> bdims = {static_cast<int64_t>(v.size())};
        add_init(make_tensor(base, onnx::TensorProto::INT32, bdims, q.data(), q.size() * 4));
        add_init(make_tensor(base + "_scale", onnx::TensorProto::FLOAT, bdims, bs.data(), bs.size() * 4));
        const std::vector<int32_t> zeros(v.size(), 0);
        add_init(make_tensor(base + "_zero_point", onnx::TensorProto::INT32, bdims, zeros.data(), zeros.size() * 4));
        head.push_back(make_node("DequantizeLinear", {base, base + "_scale", base + "_zero_point"}, b->name(),
                                 base + "_DQ", 0));
        replaced[b->name()] = *b;
      }
    }
    result.nodes.push_back(node_label(n));
  }
  // Drop the float initializers that were replaced (and any graph input entry of theirs).
  auto* inits = og->mutable_initializer();
  for (int k = inits->size() - 1; k >= 0; --k)
    if (replaced.count(inits->Get(k).name())) inits->DeleteSubrange(k, 1);
  auto* gin = og->mutable_input();
  for (int k = gin->size() - 1; k >= 0; --k)
    if (replaced.count(gin->Get(k).name())) gin->DeleteSubrange(k, 1);
  // The nodes, in order: head first, then each node with its outputs' Q/DQ.
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  for (const onnx::NodeProto& n : head) *nodes.Add() = n;
  for (const onnx::NodeProto& original : g.node()) {
    onnx::NodeProto n = original;
    for (int k = 0; k < n.input_size(); ++k) {
      const auto it = input_rename.find(n.input(k));
      if (it != input_rename.end()) n.set_input(k, it->second);
    }
    std::vector<onnx::NodeProto> tail;
    for (int k = 0; k < n.output_size(); ++k) {
      const auto it = after.find(n.output(k));
      if (it == after.end()) continue;
      n.set_output(k, n.output(k) + "/spud_float");
      tail.insert(tail.end(), it->second.begin(), it->second.end());
    }
    *nodes.Add() = n;
    for (const onnx::NodeProto& t : tail) *nodes.Add() = t;
  }
  og->mutable_node()->Swap(&nodes);
  // Shapes inferred for the old names no longer describe them.
  og->clear_value_info();
  try {
    onnx::checker::check_model(out);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("internal: the QDQ model fails ONNX's checker: ") + e.what());
  }
  result.model = out;

  // 3. The quantized model's outputs against the float model's.
  std::map<std::string, std::vector<std::vector<float>>> reference;
  run_samples(convert_proto(original, tmp.path, "float.onnx", ConvertOptions()), options.samples,
              [&](size_t s, const std::string& name, const float* v, size_t n) {
                auto& r = reference[name];
                r.resize(std::max(r.size(), s + 1));
                r[s].assign(v, v + n);
              });
  struct Acc {
    double max_abs = 0, cosine = 0, signal = 0, noise = 0;
    int count = 0;
  };
  std::map<std::string, Acc> acc;
  run_samples(convert_proto(out, tmp.path, "qdq.onnx", ConvertOptions()), options.samples,
              [&](size_t s, const std::string& name, const float* v, size_t n) {
                const auto it = reference.find(name);
                if (it == reference.end() || s >= it->second.size() || it->second[s].size() != n) return;
                const std::vector<float>& ref = it->second[s];
                Acc& a = acc[name];
                double dot = 0, nr = 0, nq = 0;
                for (size_t k = 0; k < n; ++k) {
                  const double d = static_cast<double>(v[k]) - ref[k];
                  a.max_abs = std::max(a.max_abs, std::fabs(d));
                  a.signal += static_cast<double>(ref[k]) * ref[k];
                  a.noise += d * d;
                  dot += static_cast<double>(v[k]) * ref[k];
                  nr += static_cast<double>(ref[k]) * ref[k];
                  nq += static_cast<double>(v[k]) * v[k];
                }
                a.cosine += nr > 0 && nq > 0 ? dot / std::sqrt(nr * nq) : (nr == nq ? 1.0 : 0.0);
                a.count += 1;
              });
  for (const auto& o : g.output()) {
    const auto it = acc.find(o.name());
    if (it == acc.end()) continue;
    const Acc& a = it->second;
    result.errors.push_back({o.name(), a.max_abs, a.count ? a.cosine / a.count : 0.0,
                             a.noise > 0 ? 10.0 * std::log10(a.signal / a.noise) : std::numeric_limits<double>::infinity()});
  }
  return result;
}

}  // namespace convert
}  // namespace spud
