#include "model_builder.h"

#include <cstdlib>
#include <stdexcept>

#include "converter/runtime_bridge.h"
#include "onnx/defs/schema.h"

namespace spud {
namespace testing {

namespace {

convert::Attr make_attr(const std::string& name, convert::AttrType type) {
  convert::Attr a;
  a.name = name;
  a.type = type;
  return a;
}

uint64_t align64(uint64_t v) { return (v + 63) / 64 * 64; }

}  // namespace

Attrs& Attrs::i(const std::string& name, int64_t v) {
  attrs_.push_back(make_attr(name, convert::AttrType::kInt));
  attrs_.back().i = v;
  return *this;
}

Attrs& Attrs::f(const std::string& name, float v) {
  attrs_.push_back(make_attr(name, convert::AttrType::kFloat));
  attrs_.back().f = v;
  return *this;
}

Attrs& Attrs::s(const std::string& name, const std::string& v) {
  attrs_.push_back(make_attr(name, convert::AttrType::kString));
  attrs_.back().s = v;
  return *this;
}

Attrs& Attrs::ints(const std::string& name, const std::vector<int64_t>& v) {
  attrs_.push_back(make_attr(name, convert::AttrType::kInts));
  attrs_.back().ints = v;
  return *this;
}

Attrs& Attrs::floats(const std::string& name, const std::vector<float>& v) {
  attrs_.push_back(make_attr(name, convert::AttrType::kFloats));
  attrs_.back().floats = v;
  return *this;
}

Attrs& Attrs::tensor(const std::string& name, const std::string& constant) {
  attrs_.push_back(make_attr(name, convert::AttrType::kTensor));
  attrs_.back().tensor = constant;
  return *this;
}

Attrs& Attrs::graph(const std::string& name, std::shared_ptr<convert::Graph> g) {
  attrs_.push_back(make_attr(name, convert::AttrType::kGraph));
  attrs_.back().graph = std::move(g);
  return *this;
}

std::string ModelBuilder::value(const std::string& name, DType dtype, const std::vector<int64_t>& shape) {
  convert::TensorInfo t;
  t.name = name;
  t.dtype = dtype;
  t.rank_known = true;
  t.shape = shape;
  g_.tensors[name] = t;
  return name;
}

std::shared_ptr<convert::Graph> ModelBuilder::subgraph(const std::string& name, size_t count,
                                                       const std::vector<std::string>& inputs,
                                                       const std::vector<std::string>& outputs) {
  if (count > g_.nodes.size()) throw std::runtime_error("subgraph: not that many nodes");
  auto sub = std::make_shared<convert::Graph>();
  sub->name = name;
  sub->nodes.assign(g_.nodes.end() - static_cast<std::ptrdiff_t>(count), g_.nodes.end());
  g_.nodes.resize(g_.nodes.size() - count);
  sub->inputs = inputs;
  sub->outputs = outputs;
  return sub;
}

NodeOptions& NodeOptions::named(const std::string& name) {
  name_ = name;
  return *this;
}

NodeOptions& NodeOptions::domain(const std::string& domain, int64_t opset) {
  domain_ = domain;
  domain_opset_ = opset;
  return *this;
}

NodeOptions& NodeOptions::since(int version) {
  since_ = version;
  return *this;
}

NodeOptions& NodeOptions::outputs(int count) {
  num_outputs_ = count;
  return *this;
}

NodeOptions& NodeOptions::dtype(DType type) {
  dtype_ = type;
  return *this;
}

NodeOptions& NodeOptions::shape(const std::vector<int64_t>& dims) {
  shape_known_ = true;
  shape_ = dims;
  return *this;
}

NodeOptions& NodeOptions::attrs(const Attrs& a) {
  attrs_ = a;
  return *this;
}

ModelBuilder::ModelBuilder(int64_t opset) {
  g_.name = "test_graph";
  g_.opset_imports[""] = opset;
}

std::string ModelBuilder::input(const std::string& name, DType dtype, const std::vector<int64_t>& shape) {
  if (g_.tensors.count(name)) throw std::runtime_error("ModelBuilder: duplicate tensor '" + name + "'");
  convert::TensorInfo t;
  t.name = name;
  t.dtype = dtype;
  t.rank_known = true;
  t.shape = shape;
  t.role = convert::TensorRole::kInput;
  g_.tensors[name] = t;
  g_.inputs.push_back(name);
  return name;
}

std::string ModelBuilder::constant(const std::string& name, DType dtype, const std::vector<int64_t>& shape,
                                   const void* bytes, size_t size) {
  if (g_.tensors.count(name)) throw std::runtime_error("ModelBuilder: duplicate tensor '" + name + "'");
  convert::TensorInfo t;
  t.name = name;
  t.dtype = dtype;
  t.rank_known = true;
  t.shape = shape;
  t.role = convert::TensorRole::kConstant;
  const uint8_t* p = static_cast<const uint8_t*>(bytes);
  t.data.assign(p, p + size);
  g_.tensors[name] = t;
  return name;
}

std::string ModelBuilder::node(const std::string& op_type, const std::vector<std::string>& inputs,
                               const NodeOptions& options) {
  convert::Node n;
  n.name = options.name_.empty() ? op_type + "_" + std::to_string(g_.nodes.size()) : options.name_;
  n.domain = options.domain_;
  n.op_type = op_type;
  n.inputs = inputs;
  n.attrs = options.attrs_.list();
  if (!g_.opset_imports.count(n.domain)) g_.opset_imports[n.domain] = options.domain_opset_;
  const int64_t opset = g_.opset_imports.at(n.domain);
  n.since_version = options.since_;
  if (n.since_version == 0) {
    const onnx::OpSchema* schema =
        onnx::OpSchemaRegistry::Schema(op_type, static_cast<int>(opset), n.domain);
    n.since_version = schema != nullptr ? schema->SinceVersion() : static_cast<int>(opset);
  }

  DType dtype = options.dtype_;
  if (dtype == DType::kUndefined) {
    for (const std::string& in : inputs) {
      if (in.empty()) continue;
      auto it = g_.tensors.find(in);
      if (it == g_.tensors.end()) throw std::runtime_error("ModelBuilder: unknown input '" + in + "'");
      dtype = it->second.dtype;
      break;
    }
  }
  last_outputs_.clear();
  for (int k = 0; k < options.num_outputs_; ++k) {
    convert::TensorInfo t;
    t.name = n.name + "_out" + std::to_string(k);
    if (g_.tensors.count(t.name)) throw std::runtime_error("ModelBuilder: duplicate tensor '" + t.name + "'");
    t.dtype = dtype;
    t.rank_known = options.shape_known_;
    t.shape = options.shape_;
    g_.tensors[t.name] = t;
    n.outputs.push_back(t.name);
    last_outputs_.push_back(t.name);
  }
  g_.nodes.push_back(std::move(n));
  return last_outputs_.empty() ? std::string() : last_outputs_[0];
}

const std::vector<std::string>& ModelBuilder::last_outputs() const { return last_outputs_; }

ModelBuilder& ModelBuilder::output(const std::string& name) {
  auto it = g_.tensors.find(name);
  if (it == g_.tensors.end()) throw std::runtime_error("ModelBuilder: unknown output '" + name + "'");
  it->second.role = convert::TensorRole::kOutput;
  g_.outputs.push_back(name);
  return *this;
}

std::vector<uint8_t> ModelBuilder::build(bool planned, bool prepack) const {
  if (!planned) return convert::write_spud(g_, nullptr);
  convert::Graph g = g_;
  const convert::MemoryPlan plan = convert::plan_graph(g, prepack);
  return convert::write_spud(g, &plan);
}

std::vector<uint8_t> ModelBuilder::build_with_plan(const convert::MemoryPlan& plan) const {
  return convert::write_spud(g_, &plan);
}

std::vector<uint8_t> ModelBuilder::build_naive_plan() const {
  const std::vector<std::string> order = convert::tensor_order(g_);
  convert::MemoryPlan plan;
  for (const std::string& name : order) {
    const convert::TensorInfo& t = g_.tensors.at(name);
    if (t.role == convert::TensorRole::kConstant) {
      plan.tensor_offsets.push_back(0);
      continue;
    }
    if (!t.static_shape())
      throw std::runtime_error("ModelBuilder::build_naive_plan: tensor '" + name + "' has no declared shape");
    plan.tensor_offsets.push_back(plan.arena_size);
    plan.arena_size += align64(static_cast<uint64_t>(t.num_elements()) * dtype_size(t.dtype));
  }
  plan.scratch.assign(g_.nodes.size(), {0, 0});
  return convert::write_spud(g_, &plan);
}

AlignedBytes::AlignedBytes(const uint8_t* bytes, size_t size, size_t offset) : offset_(offset), size_(size) {
  void* p = nullptr;
  // Exactly offset + size bytes (at least one), so reads past the end are
  // out of bounds for a sanitizer.
  const size_t total = offset + size == 0 ? 1 : offset + size;
  if (posix_memalign(&p, 64, total) != 0) throw std::bad_alloc();
  base_ = static_cast<uint8_t*>(p);
  if (size > 0) std::memcpy(base_ + offset_, bytes, size);
}

AlignedBytes::~AlignedBytes() { std::free(base_); }

}  // namespace testing
}  // namespace spud
