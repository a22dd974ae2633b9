#include "opset_upgrade.h"

#include <set>

#include "onnx/version_converter/convert.h"
#include "onnx_import.h"
#include "opset_changes.h"
#include "spud/kernel.h"

namespace spud {
namespace convert {

namespace {

bool is_default_domain(const std::string& d) { return d.empty() || d == "ai.onnx"; }

bool has_any_version(const std::string& op) {
  int count = 0;
  const KernelEntry* table = all_kernels(&count);
  for (int i = 0; i < count; ++i)
    if (table[i].def != nullptr && table[i].def->domain[0] == '\0' && op == table[i].def->op_type) return true;
  return false;
}

// The default-domain operators of `model` (as "Op-since") that spud has a
// kernel for in some version but not in the one the model's opset gives.
// Constant becomes data and needs none.
std::vector<std::string> uncovered(const onnx::ModelProto& model) {
  const int opset = default_opset(model);
  std::set<std::string> out;
  for (const auto& n : model.graph().node()) {
    if (!is_default_domain(n.domain()) || n.op_type() == "Constant" || !has_any_version(n.op_type())) continue;
    const int since = resolve_since_version(n.op_type(), opset);
    if (since == 0 || find_kernel_any_type("", n.op_type(), since) == nullptr)
      out.insert(n.op_type() + "-" + std::to_string(since));
  }
  return std::vector<std::string>(out.begin(), out.end());
}

std::string join(const std::vector<std::string>& items) {
  std::string s;
  for (const std::string& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

// ONNX's version converter (1.12) takes only initializers that are also
// graph inputs, as IR version 3 required, and adds its own without inputs.
// So every initializer is listed as an input for it, and afterwards the
// inputs are what they were (IR 4 on), or every initializer (IR 3).
// ConvertVersion runs isolated (run_onnx_isolated): a crash in it is a
// ConvertError, what it throws an IsolatedError.
onnx::ModelProto run_version_converter(const onnx::ModelProto& model, int target, const std::string& path) {
  onnx::ModelProto listed = model;
  std::set<std::string> inputs;
  for (const auto& in : listed.graph().input()) inputs.insert(in.name());
  auto list_initializers = [&inputs](onnx::ModelProto* m) {
    for (const auto& init : m->graph().initializer()) {
      if (inputs.count(init.name())) continue;
      onnx::ValueInfoProto* vi = m->mutable_graph()->add_input();
      vi->set_name(init.name());
      auto* tt = vi->mutable_type()->mutable_tensor_type();
      tt->set_elem_type(init.data_type());
      auto* shape = tt->mutable_shape();
      for (int64_t d : init.dims()) shape->add_dim()->set_dim_value(d);
    }
  };
  const std::set<std::string> original = inputs;
  list_initializers(&listed);
  onnx::ModelProto out = run_onnx_isolated(listed, path, "ONNX's version converter (to opset " + std::to_string(target) + ")",
                                           "", [target](const onnx::ModelProto& m) {
                                             return onnx::version_conversion::ConvertVersion(m, target);
                                           });
  if (out.ir_version() < 4) {
    for (const auto& in : out.graph().input()) inputs.insert(in.name());
    list_initializers(&out);
    return out;
  }
  auto* graph_inputs = out.mutable_graph()->mutable_input();
  for (int i = graph_inputs->size() - 1; i >= 0; --i)
    if (!original.count(graph_inputs->Get(i).name())) graph_inputs->DeleteSubrange(i, 1);
  return out;
}

}  // namespace

int default_opset(const onnx::ModelProto& model) {
  for (const auto& op : model.opset_import())
    if (is_default_domain(op.domain())) return static_cast<int>(op.version());
  return 1;
}

std::string upgrade_for_kernels(onnx::ModelProto* model, const std::string& path) {
  const std::vector<std::string> missing = uncovered(*model);
  if (missing.empty()) return "";
  const int opset = default_opset(*model);
  // The version converter may replace operators on the way (Upsample by
  // Resize at 10), so each opset is tried on a converted copy.
  std::string reason = "no opset up to " + std::to_string(onnx_known_opset()) + " has kernels for all of them";
  for (int target = opset + 1; target <= onnx_known_opset(); ++target) {
    onnx::ModelProto converted;
    try {
      converted = run_version_converter(*model, target, path);
    } catch (const IsolatedError& e) {
      reason = "converting to opset " + std::to_string(target) + " failed: " + e.what();
      break;  // a later opset passes through this one
    }
    if (!uncovered(converted).empty()) continue;
    *model = std::move(converted);
    return "spud has no kernel for " + join(missing) + " (opset " + std::to_string(opset) +
           "): upgraded the model to opset " + std::to_string(target) +
           " with ONNX's version converter (--target-opset N picks another)";
  }
  throw ConvertError(path + ": spud has no kernel for " + join(missing) + " (opset " + std::to_string(opset) +
                     "), and ONNX's version converter cannot upgrade the model to an opset that has them: " + reason);
}

onnx::ModelProto convert_opset(const onnx::ModelProto& model, int target, const std::string& path) {
  const int opset = default_opset(model);
  try {
    return run_version_converter(model, target, path);
  } catch (const IsolatedError& e) {
    throw ConvertError(path + ": ONNX's version converter cannot convert the model from opset " + std::to_string(opset) +
                       " to " + std::to_string(target) + ": " + e.what());
  }
}

}  // namespace convert
}  // namespace spud
