#include "converter.h"

#include <map>
#include <sstream>

#include "runtime_bridge.h"
#include "spud/kernel.h"
#include "writer.h"

#ifndef SPUD_CONVERTER_VERSION
#define SPUD_CONVERTER_VERSION "unknown"
#endif

namespace spud {
namespace convert {

namespace {

std::string config_domain(const std::string& d) { return d.empty() ? "ai.onnx" : d; }

// The element type of each input of `n` (kUndefined where omitted), as
// find_kernel takes them.
std::vector<DType> input_types(const Graph& g, const Node& n) {
  std::vector<DType> types;
  for (const std::string& in : n.inputs) types.push_back(in.empty() ? DType::kUndefined : g.tensors.at(in).dtype);
  return types;
}

// Every (domain, op, opset, type of the input that selects the kernel)
// without a kernel in this build, in one message.
void check_kernels(const Graph& g, const std::string& path) {
  std::set<std::string> missing, unknown;
  for (const Node* node : linear_nodes(g)) {  // subgraphs' nodes too
    const Node& n = *node;
    const std::vector<DType> types = input_types(g, n);
    const std::string where = config_domain(n.domain) + " " + n.op_type + " (opset " +
                              std::to_string(n.since_version) + ")";
    const KernelDef* any = find_kernel_any_type(n.domain, n.op_type, n.since_version);
    if (any == nullptr) {
      missing.insert(where);
      bool any_version = false;
      int count = 0;
      const KernelEntry* table = all_kernels(&count);
      for (int i = 0; i < count; ++i)
        any_version = any_version || (table[i].def != nullptr && n.domain == table[i].def->domain &&
                                      n.op_type == table[i].def->op_type);
      if (!any_version) unknown.insert(n.op_type);
    } else if (find_kernel(n.domain, n.op_type, n.since_version, types.data(),
                           static_cast<int>(types.size())) == nullptr) {
      const size_t selecting = static_cast<size_t>(any->type_input);
      missing.insert(where + " for input type " +
                     (selecting < types.size() ? dtype_name(types[selecting]) : "none"));
    }
  }
  if (missing.empty()) return;
  std::ostringstream msg;
  msg << path << " uses " << missing.size() << " operator" << (missing.size() > 1 ? "s" : "")
      << " spud has no kernel for:";
  for (const std::string& m : missing) msg << "\n  " << m;
  throw MissingKernelsError(msg.str(), std::vector<std::string>(missing.begin(), missing.end()),
                            std::vector<std::string>(unknown.begin(), unknown.end()));
}

}  // namespace

ConvertResult convert_model(const std::string& onnx_path, const ConvertOptions& options,
                            std::vector<std::string>* notes) {
  ConvertResult r;
  r.graph = import_onnx(onnx_path, options.import);
  Graph& g = r.graph;
  if (notes != nullptr) *notes = g.notes;
  g.provenance.converter_version = SPUD_CONVERTER_VERSION;
  for (const auto& kv : options.metadata) g.provenance.metadata.push_back(kv);
  {
    // The options that shaped the file, before what import changed.
    std::vector<std::pair<std::string, std::string>> conversion;
    for (const auto& [name, value] : options.import.dims) conversion.emplace_back("dim", name + "=" + std::to_string(value));
    for (const auto& [name, range] : options.import.bounds)
      conversion.emplace_back("bound", name + "=" + std::to_string(range.first) + ".." + std::to_string(range.second));
    conversion.emplace_back("layout", options.nhwc ? "nhwc" : "nchw");
    if (options.import.target_opset != 0)
      conversion.emplace_back("target_opset", std::to_string(options.import.target_opset));
    if (options.prepack) conversion.emplace_back("prepack", "yes");
    if (!options.fuse_qdq) conversion.emplace_back("no_qdq_fusion", "yes");
    conversion.insert(conversion.end(), g.provenance.conversion.begin(), g.provenance.conversion.end());
    g.provenance.conversion = conversion;
  }
  if (!g.onnx_inferred) infer_types(g);
  expand_sequence_maps(g);
  plain_optional_ops(g);
  wrap_loop_optionals(g);

  remove_identities(g, &r.stats);
  if (options.fuse_qdq) fuse_qdq(g, &r.stats);
  fold_batch_norm(g, &r.stats);
  remove_unused(g, &r.stats);
  fold_constants(g, &r.stats);
  remove_unused(g, &r.stats);
  // The layout pass and the fusions rewrite the main graph by patterns that
  // do not know about subgraphs' reads: a model with control flow keeps its
  // layout and operators as they are.
  bool control_flow = false;
  for (const Node& n : g.nodes) control_flow = control_flow || has_subgraphs(n);
  if (options.nhwc && !control_flow) convert_to_nhwc(g, &r.layout);
  if (options.fuse && !control_flow) {
    fuse_matmul_add(g, &r.layout);  // first: the Gemm it makes may take an activation
    fuse_activations(g, &r.layout);
    fuse_silu(g, &r.layout);
  }
  if (options.nhwc || options.fuse) remove_unused(g, &r.stats);
  check_kernels(g, onnx_path);

  MemoryPlan plan;
  try {
    plan = plan_graph(g, options.prepack);
  } catch (const std::exception& e) {
    throw ConvertError(onnx_path + ": " + e.what());
  }
  r.arena_size = plan.arena_size;
  r.bytes = write_spud(g, &plan);
  for (const Node* node : linear_nodes(g)) {
    const Node& n = *node;
    const OpKey key(config_domain(n.domain), g.opset_imports.at(n.domain), n.op_type);
    r.ops.insert(key);
    // The definition this node runs on: one made for a single type is what
    // type reduction can leave out, so its type is recorded.
    const std::vector<DType> types = input_types(g, n);
    const KernelDef* def = find_kernel(n.domain, n.op_type, n.since_version, types.data(),
                                       static_cast<int>(types.size()));
    const bool single_type = def != nullptr && def->types != 0 && (def->types & (def->types - 1)) == 0;
    std::map<int, std::set<std::string>> entry;
    if (single_type) entry[def->type_input].insert(ort_type_name(types[def->type_input]));
    merge_op_types({{key, entry}}, &r.op_types);
  }
  return r;
}

const char* ort_type_name(DType type) {
  switch (type) {
    case DType::kFloat32: return "float";
    case DType::kUInt8: return "uint8_t";
    case DType::kInt8: return "int8_t";
    case DType::kUInt16: return "uint16_t";
    case DType::kInt16: return "int16_t";
    case DType::kInt32: return "int32_t";
    case DType::kInt64: return "int64_t";
    case DType::kString: return "std::string";
    case DType::kBool: return "bool";
    case DType::kFloat16: return "MLFloat16";
    case DType::kFloat64: return "double";
    case DType::kUInt32: return "uint32_t";
    case DType::kUInt64: return "uint64_t";
    case DType::kBFloat16: return "BFloat16";
    default: return "undefined";
  }
}

void merge_op_types(const OpTypes& from, OpTypes* into) {
  for (const auto& [key, inputs] : from) {
    auto it = into->find(key);
    if (it == into->end()) {
      into->emplace(key, inputs);
    } else if (it->second.empty() || inputs.empty()) {
      it->second.clear();  // some node of this operator has a kernel for every type
    } else {
      for (const auto& [index, names] : inputs) it->second[index].insert(names.begin(), names.end());
    }
  }
}

std::string format_ops_config(const std::vector<std::string>& model_paths, const std::set<OpKey>& ops,
                              const OpTypes* types) {
  std::ostringstream out;
  out << "# Generated by spud convert " << SPUD_CONVERTER_VERSION << " from model/s:\n";
  for (const std::string& p : model_paths) out << "# - " << p << "\n";
  std::map<std::pair<std::string, int64_t>, std::set<std::string>> lines;
  for (const auto& [domain, opset, op] : ops) lines[{domain, opset}].insert(op);
  for (const auto& [key, names] : lines) {
    out << key.first << ";" << key.second << ";";
    bool first = true;
    for (const std::string& n : names) {
      out << (first ? "" : ",") << n;
      first = false;
      if (types == nullptr) continue;
      const auto it = types->find(OpKey(key.first, key.second, n));
      if (it == types->end() || it->second.empty()) continue;
      out << "{\"inputs\": {";
      bool first_input = true;
      for (const auto& [index, type_names] : it->second) {
        out << (first_input ? "" : ", ") << "\"" << index << "\": [";
        bool first_type = true;
        for (const std::string& t : type_names) {
          out << (first_type ? "" : ", ") << "\"" << t << "\"";
          first_type = false;
        }
        out << "]";
        first_input = false;
      }
      out << "}}";
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace convert
}  // namespace spud
