#include "writer.h"

#include "passes.h"

#include <functional>
#include <map>
#include <set>
#include <stdexcept>

#include "model.h"  // spud::crc32, the runtime's own
#include "spud_generated.h"

namespace spud {
namespace convert {

namespace {

// Must match runtime/src/model.h. Version 3 (sequences and optionals) is
// written only for files that have them, so others stay readable by
// version-2 runtimes.
constexpr uint32_t kFormatVersion = 3;
constexpr uint32_t kFormatVersionWithoutSequences = 2;
constexpr size_t kAlign = 64;

size_t align_up(size_t v) { return (v + kAlign - 1) / kAlign * kAlign; }

schema::TensorKind kind_of(TensorRole r) {
  switch (r) {
    case TensorRole::kConstant: return schema::TensorKind::CONSTANT;
    case TensorRole::kInput: return schema::TensorKind::INPUT;
    case TensorRole::kOutput: return schema::TensorKind::OUTPUT;
    case TensorRole::kIntermediate: break;
  }
  return schema::TensorKind::INTERMEDIATE;
}

schema::AttributeType attr_type(AttrType t) {
  switch (t) {
    case AttrType::kFloat: return schema::AttributeType::FLOAT;
    case AttrType::kInt: return schema::AttributeType::INT;
    case AttrType::kString: return schema::AttributeType::STRING;
    case AttrType::kTensor: return schema::AttributeType::TENSOR;
    case AttrType::kFloats: return schema::AttributeType::FLOATS;
    case AttrType::kInts: return schema::AttributeType::INTS;
    case AttrType::kStrings: return schema::AttributeType::STRINGS;
    case AttrType::kGraph: return schema::AttributeType::GRAPH;
  }
  return schema::AttributeType::UNDEFINED;
}

struct Built {
  std::vector<uint8_t> flatbuffer;  // size-prefixed
  std::vector<uint8_t> data;
};

Built build(const Graph& g, const MemoryPlan* plan, uint64_t data_offset) {
  const std::vector<std::string> order = tensor_order(g);
  std::map<std::string, int32_t> index;
  for (size_t i = 0; i < order.size(); ++i) index[order[i]] = static_cast<int32_t>(i);
  auto idx = [&](const std::string& n) -> int32_t {
    if (n.empty()) return -1;
    auto it = index.find(n);
    if (it == index.end()) throw std::runtime_error("tensor '" + n + "' is used but never defined");
    return it->second;
  };
  const std::vector<const Node*> all_nodes = linear_nodes(g);
  if (plan != nullptr && (plan->tensor_offsets.size() != order.size() || plan->scratch.size() != all_nodes.size()))
    throw std::runtime_error("internal: memory plan does not match the graph");

  flatbuffers::FlatBufferBuilder fbb(1 << 16);
  // Every scalar is stored, so the table size does not depend on values and
  // data_offset can be filled in by a second identical build.
  fbb.ForceDefaults(true);
  Built out;

  std::vector<flatbuffers::Offset<schema::Tensor>> tensors;
  bool any_blob = false;  // a sequence or optional value: format version 3
  std::vector<schema::Buffer> buffers;
  for (size_t i = 0; i < order.size(); ++i) {
    const TensorInfo& t = g.tensors.at(order[i]);
    // The runtime refuses a file with either of these; say which value,
    // and who made it.
    auto made_by = [&]() {
      std::string from = "no node produces it";
      for (const Node* n : all_nodes)
        for (const std::string& o : n->outputs)
          if (o == t.name) from = "an output of node '" + n->name + "' (" + n->op_type + ")";
      return from;
    };
    if (t.kind == ValueKind::kTensor && t.dtype == DType::kUndefined)
      throw std::runtime_error("tensor '" + t.name + "' has no element type (" + made_by() +
                               "): ONNX's shape inference gave none and spud cannot tell it; check that node's inputs");
    if (t.kind == ValueKind::kTensor && t.rank_known) {
      // Its bytes must count in an int64, as the loader checks.
      uint64_t bytes = dtype_size(t.dtype) == 0 ? 1 : dtype_size(t.dtype);
      bool overflows = false;
      for (int64_t d : t.shape) {
        if (d <= 0) continue;
        if (bytes > static_cast<uint64_t>(INT64_MAX) / static_cast<uint64_t>(d)) overflows = true;
        else bytes *= static_cast<uint64_t>(d);
      }
      if (overflows) {
        std::string dims;
        for (int64_t d : t.shape) dims += (dims.empty() ? "" : ", ") + (d < 0 ? std::string("?") : std::to_string(d));
        throw std::runtime_error("tensor '" + t.name + "' (" + made_by() + ") has shape [" + dims +
                                 "], more bytes than a tensor can hold; check the dimensions (or the values of the "
                                 "shape input) that make it");
      }
    }
    uint32_t buffer = 0;
    if (t.role == TensorRole::kConstant) {
      out.data.resize(align_up(out.data.size()), 0);
      buffers.emplace_back(out.data.size(), t.data.size());
      out.data.insert(out.data.end(), t.data.begin(), t.data.end());
      buffer = static_cast<uint32_t>(buffers.size() - 1);
    }
    std::vector<flatbuffers::Offset<flatbuffers::String>> params;
    bool any_param = false;
    for (size_t d = 0; d < t.shape.size(); ++d) {
      const std::string p = d < t.dim_params.size() ? t.dim_params[d] : "";
      any_param = any_param || t.shape[d] < 0;
      params.push_back(fbb.CreateString(t.shape[d] < 0 && p.empty() ? "?" : p));
    }
    auto name = fbb.CreateString(t.name);
    auto shape = fbb.CreateVector(t.shape);
    auto dim_params = any_param ? fbb.CreateVector(params) : 0;
    const bool bounded = !t.dim_max.empty() && t.role == TensorRole::kInput;
    auto dim_min = bounded ? fbb.CreateVector(t.dim_min) : 0;
    auto dim_max = bounded ? fbb.CreateVector(t.dim_max) : 0;
    const uint64_t capacity = plan != nullptr && i < plan->capacities.size() ? plan->capacities[i] : 0;
    schema::TensorBuilder tb(fbb);
    tb.add_name(name);
    tb.add_dtype(static_cast<schema::DataType>(t.dtype));
    tb.add_kind(kind_of(t.role));
    tb.add_shape(shape);
    if (any_param) tb.add_dim_params(dim_params);
    tb.add_rank_unknown(!t.rank_known);
    tb.add_dynamic(t.dynamic);
    tb.add_buffer(buffer);
    tb.add_arena_offset(plan != nullptr && t.role != TensorRole::kConstant && (!t.dynamic || capacity > 0)
                            ? plan->tensor_offsets[i]
                            : 0);
    if (bounded) {
      tb.add_dim_min(dim_min);
      tb.add_dim_max(dim_max);
    }
    tb.add_arena_capacity(capacity);
    if (t.kind != ValueKind::kTensor) {
      tb.add_value_kind(static_cast<schema::ValueKind>(t.kind));
      tb.add_elem_dtype(static_cast<schema::DataType>(t.elem_dtype));
      any_blob = true;
    }
    tensors.push_back(tb.Finish());
  }

  // Subgraphs in the order their GRAPH attributes come in execution order;
  // each one's nodes start right after its node (or the previous subgraph).
  std::vector<schema::Subgraph> subgraphs;
  std::vector<int32_t> subgraph_tensors;
  std::map<const Graph*, int32_t> subgraph_index;
  {
    size_t position = 0;
    std::function<void(const Graph&)> walk = [&](const Graph& graph) {
      for (const Node& node : graph.nodes) {
        ++position;
        for (const Attr& a : node.attrs) {
          if (a.type != AttrType::kGraph) continue;
          const size_t begin = position;
          const int32_t index = static_cast<int32_t>(subgraphs.size());
          subgraph_index[a.graph.get()] = index;
          subgraphs.emplace_back();  // filled once its nodes are counted
          walk(*a.graph);
          const size_t io_begin = subgraph_tensors.size();
          for (const std::string& t : a.graph->inputs) subgraph_tensors.push_back(idx(t));
          for (const std::string& t : a.graph->outputs) subgraph_tensors.push_back(idx(t));
          subgraphs[static_cast<size_t>(index)] = schema::Subgraph(
              static_cast<uint32_t>(begin), static_cast<uint32_t>(position - begin), static_cast<uint32_t>(io_begin),
              static_cast<uint32_t>(a.graph->inputs.size()), static_cast<uint32_t>(a.graph->outputs.size()));
        }
      }
    };
    walk(g);
  }

  std::vector<flatbuffers::Offset<schema::Node>> nodes;
  for (size_t n = 0; n < all_nodes.size(); ++n) {
    const Node& node = *all_nodes[n];
    std::vector<flatbuffers::Offset<schema::Attribute>> attrs;
    for (const Attr& a : node.attrs) {
      auto an = fbb.CreateString(a.name);
      auto as = fbb.CreateString(a.s);
      auto af = fbb.CreateVector(a.floats);
      auto ai = fbb.CreateVector(a.ints);
      auto ass = fbb.CreateVectorOfStrings(a.strings);
      schema::AttributeBuilder ab(fbb);
      ab.add_name(an);
      ab.add_type(attr_type(a.type));
      ab.add_f(a.f);
      ab.add_i(a.i);
      ab.add_s(as);
      ab.add_t(a.type == AttrType::kTensor ? idx(a.tensor) : -1);
      ab.add_floats(af);
      ab.add_ints(ai);
      ab.add_strings(ass);
      ab.add_g(a.type == AttrType::kGraph ? subgraph_index.at(a.graph.get()) : -1);
      attrs.push_back(ab.Finish());
    }
    std::vector<int32_t> ins, outs;
    for (const std::string& s : node.inputs) ins.push_back(idx(s));
    for (const std::string& s : node.outputs) outs.push_back(idx(s));
    auto nm = fbb.CreateString(node.name);
    auto dm = fbb.CreateString(node.domain);
    auto op = fbb.CreateString(node.op_type);
    auto iv = fbb.CreateVector(ins);
    auto ov = fbb.CreateVector(outs);
    auto av = fbb.CreateVector(attrs);
    int32_t packed_buffer = -1;
    flatbuffers::Offset<flatbuffers::String> pk = 0;
    if (!node.packed_kind.empty()) {
      out.data.resize(align_up(out.data.size()), 0);
      buffers.emplace_back(out.data.size(), node.packed.size());
      out.data.insert(out.data.end(), node.packed.begin(), node.packed.end());
      packed_buffer = static_cast<int32_t>(buffers.size() - 1);
      pk = fbb.CreateString(node.packed_kind);
    }
    schema::NodeBuilder nb(fbb);
    nb.add_name(nm);
    nb.add_domain(dm);
    nb.add_op_type(op);
    nb.add_since_version(node.since_version);
    nb.add_inputs(iv);
    nb.add_outputs(ov);
    nb.add_attributes(av);
    nb.add_scratch_offset(plan != nullptr ? plan->scratch[n].first : 0);
    nb.add_scratch_size(plan != nullptr ? plan->scratch[n].second : 0);
    nb.add_dynamic(node.dynamic);
    if (!pk.IsNull()) nb.add_packed_kind(pk);
    nb.add_packed_buffer(packed_buffer);
    nodes.push_back(nb.Finish());
  }

  std::vector<int32_t> ins, outs;
  for (const std::string& s : g.inputs) ins.push_back(idx(s));
  for (const std::string& s : g.outputs) outs.push_back(idx(s));
  std::vector<flatbuffers::Offset<schema::OpsetImport>> opsets;
  for (const auto& [domain, version] : g.opset_imports)
    opsets.push_back(schema::CreateOpsetImportDirect(fbb, domain.c_str(), version));
  std::vector<flatbuffers::Offset<schema::MetadataEntry>> meta;
  for (const auto& [k, v] : g.provenance.metadata)
    meta.push_back(schema::CreateMetadataEntryDirect(fbb, k.c_str(), v.c_str()));
  std::vector<flatbuffers::Offset<schema::MetadataEntry>> conversion;
  for (const auto& [k, v] : g.provenance.conversion)
    conversion.push_back(schema::CreateMetadataEntryDirect(fbb, k.c_str(), v.c_str()));
  const Provenance& p = g.provenance;
  auto prov = schema::CreateProvenanceDirect(fbb, p.producer_name.c_str(), p.producer_version.c_str(),
                                             p.source_sha256.c_str(), p.converter_version.c_str(),
                                             p.doc_string.c_str(), &meta, &conversion);
  // Zeros now; write_spud puts the CRC there once the file is whole.
  const std::vector<uint8_t> checksum(4, 0);
  auto root = schema::CreateModelDirect(
      fbb, any_blob ? kFormatVersion : kFormatVersionWithoutSequences, &tensors, &nodes, &ins, &outs, &buffers, &opsets, plan != nullptr,
      plan != nullptr ? plan->arena_size : 0, data_offset, out.data.size(), prov, g.name.c_str(),
      g.opset_imports.count(kNhwcDomain) ? schema::Layout::NHWC : schema::Layout::NCHW, &subgraphs, &subgraph_tensors,
      &checksum);
  schema::FinishSizePrefixedModelBuffer(fbb, root);
  out.flatbuffer.assign(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
  return out;
}

}  // namespace

std::vector<std::string> tensor_order(const Graph& g) {
  std::vector<std::string> order;
  std::set<std::string> seen;
  auto add = [&](const std::string& n) {
    if (!n.empty() && g.tensors.count(n) && seen.insert(n).second) order.push_back(n);
  };
  for (const std::string& n : g.inputs) add(n);
  for (const auto& [name, t] : g.tensors)
    if (t.role == TensorRole::kConstant) add(name);
  std::function<void(const Graph&)> walk = [&](const Graph& graph) {
    for (const Node& node : graph.nodes) {
      for (const Attr& a : node.attrs)
        if (a.type == AttrType::kGraph) {
          for (const std::string& n : a.graph->inputs) add(n);
          walk(*a.graph);
        }
      for (const std::string& o : node.outputs) add(o);
    }
  };
  walk(g);
  return order;
}

std::vector<uint8_t> write_spud(const Graph& g, const MemoryPlan* plan) {
  Built first = build(g, plan, 0);
  const uint64_t data_offset = align_up(first.flatbuffer.size());
  Built final_build = build(g, plan, data_offset);
  if (final_build.flatbuffer.size() != first.flatbuffer.size())
    throw std::runtime_error("internal: flatbuffer size changed between writer passes");
  std::vector<uint8_t> file = std::move(final_build.flatbuffer);
  file.resize(data_offset, 0);
  file.insert(file.end(), final_build.data.begin(), final_build.data.end());
  // The content checksum, over the whole file with its own 4 bytes zero
  // (as they are now).
  const schema::Model* m = schema::GetSizePrefixedModel(file.data());
  const size_t at = static_cast<size_t>(m->content_crc32()->data() - file.data());
  const uint32_t crc = spud::crc32(0, file.data(), file.size());
  for (int i = 0; i < 4; ++i) file[at + static_cast<size_t>(i)] = static_cast<uint8_t>(crc >> (8 * i));
  return file;
}

}  // namespace convert
}  // namespace spud
