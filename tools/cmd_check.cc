// spud check: the ONNX checker and a listing for .onnx; verification, kernel
// resolution, a listing, the arena size and provenance for .spud.
#include <functional>
#include <map>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_common.h"
#include "converter/opset_changes.h"
#include "converter/opset_upgrade.h"
#include "onnx/checker.h"
#include "spud/spud.h"
#include "spud_generated.h"
#include "tensor_proto.h"

namespace spud {
namespace cli {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string onnx_type(const onnx::TypeProto& t) {
  if (!t.has_tensor_type()) return "(not a tensor)";
  std::vector<int64_t> dims;
  std::vector<std::string> params;
  for (const auto& d : t.tensor_type().shape().dim()) {
    dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
    params.push_back(d.dim_param());
  }
  std::string type = onnx::TensorProto_DataType_Name(t.tensor_type().elem_type());
  for (char& c : type) c = static_cast<char>(std::tolower(c));
  return type + " " + (t.tensor_type().has_shape() ? format_shape(dims, params) : "(unknown shape)");
}

std::string join(const google::protobuf::RepeatedPtrField<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + (x.empty() ? std::string("<none>") : x);
  return s;
}

int check_onnx(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  onnx::ModelProto m;
  if (!f || !m.ParseFromString(ss.str()) || !m.has_graph()) {
    std::cerr << "error: " << path << " is not an ONNX model\n";
    return 1;
  }
  int rc = 0;
  const int opset = convert::default_opset(m);
  if (opset > convert::onnx_known_opset()) {
    // ONNX's checker would judge the nodes by older schemas.
    std::printf("%s: ONNX checker skipped: opset %d is newer than this build's libonnx knows (up to %d); "
                "spud convert checks the nodes with spud's kernels\n",
                path.c_str(), opset, convert::onnx_known_opset());
  } else {
    try {
      onnx::checker::check_model(path);
      std::printf("%s: ONNX checker passed\n", path.c_str());
    } catch (const std::exception& e) {
      std::printf("%s: ONNX checker FAILED: %s\n", path.c_str(), e.what());
      rc = 1;
    }
  }
  const onnx::GraphProto& g = m.graph();
  std::printf("ir_version %lld, producer %s %s, opsets:", static_cast<long long>(m.ir_version()),
              m.producer_name().c_str(), m.producer_version().c_str());
  for (const auto& op : m.opset_import())
    std::printf(" %s=%lld", op.domain().empty() ? "ai.onnx" : op.domain().c_str(), static_cast<long long>(op.version()));
  std::printf("\ninputs:\n");
  for (const auto& i : g.input()) std::printf("  %s: %s\n", i.name().c_str(), onnx_type(i.type()).c_str());
  std::printf("initializers: %d\n", g.initializer_size());
  for (const auto& t : g.initializer()) {
    std::vector<int64_t> dims(t.dims().begin(), t.dims().end());
    std::printf("  %s: %s %s\n", t.name().c_str(), onnx::TensorProto_DataType_Name(t.data_type()).c_str(),
                format_shape(dims).c_str());
  }
  std::printf("nodes: %d\n", g.node_size());
  // Subgraphs' nodes indented under their node, after the attribute's name.
  std::function<void(const onnx::GraphProto&, int)> list = [&](const onnx::GraphProto& graph, int depth) {
    const std::string indent(static_cast<size_t>(2 * depth), ' ');
    for (int i = 0; i < graph.node_size(); ++i) {
      const auto& n = graph.node(i);
      std::printf("  %s%4d %s%s%s (%s) -> %s\n", indent.c_str(), i, n.domain().empty() ? "" : n.domain().c_str(),
                  n.domain().empty() ? "" : ".", n.op_type().c_str(), join(n.input()).c_str(),
                  join(n.output()).c_str());
      for (const auto& a : n.attribute()) {
        if (!a.has_g()) continue;
        google::protobuf::RepeatedPtrField<std::string> ins, outs;
        for (const auto& v : a.g().input()) *ins.Add() = v.name();
        for (const auto& v : a.g().output()) *outs.Add() = v.name();
        std::printf("  %s       %s (%s) -> %s:\n", indent.c_str(), a.name().c_str(), join(ins).c_str(),
                    join(outs).c_str());
        list(a.g(), depth + 2);
      }
    }
  };
  list(g, 0);
  std::printf("outputs:\n");
  for (const auto& o : g.output()) std::printf("  %s: %s\n", o.name().c_str(), onnx_type(o.type()).c_str());
  return rc;
}

// A name from the file, which may lack it (the loader allows that).
std::string text_of(const flatbuffers::String* s) { return s != nullptr ? s->str() : "<unnamed>"; }

std::string spud_tensor_desc(const schema::Tensor* t) {
  std::vector<int64_t> dims;
  std::vector<std::string> params;
  if (t->shape())
    for (int64_t d : *t->shape()) dims.push_back(d);
  if (t->dim_params())
    for (const auto* p : *t->dim_params()) params.push_back(p != nullptr ? p->str() : "");
  std::string bounds;  // "seq 1..64"
  for (size_t d = 0; d < dims.size() && t->dim_max() && t->dim_min(); ++d) {
    if (dims[d] >= 0) continue;
    const int64_t hi = t->dim_max()->Get(static_cast<uint32_t>(d));
    bounds += (bounds.empty() ? "" : ", ") + (d < params.size() ? params[d] : std::to_string(d)) + " " +
              std::to_string(t->dim_min()->Get(static_cast<uint32_t>(d))) + ".." + (hi >= 0 ? std::to_string(hi) : "");
  }
  return std::string(dtype_name(static_cast<DType>(t->dtype()))) + " " + format_shape(dims, params) +
         (bounds.empty() ? "" : " (" + bounds + ")");
}

int check_spud(const std::string& path) {
  spud_error err{};
  spud_model* model = nullptr;
  if (spud_model_load_file(path.c_str(), &model, &err) != SPUD_OK) {
    std::cerr << "error: " << path << ": " << err.message << "\n";
    return 1;
  }
  std::printf("%s: verified (flatbuffer and semantics)\n", path.c_str());
  // The view was verified above, so reading it directly is safe.
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string bytes = ss.str();
  const schema::Model* m = schema::GetSizePrefixedModel(bytes.data());
  auto name = [&](int32_t i) -> std::string {
    return i < 0 ? "<none>" : text_of(m->tensors()->Get(static_cast<uint32_t>(i))->name());
  };
  std::printf("format version %u, graph '%s', opsets:", m->format_version(),
              m->graph_name() ? m->graph_name()->c_str() : "");
  if (m->opset_imports())
    for (const auto* op : *m->opset_imports())
      std::printf(" %s=%lld", op->domain() == nullptr || op->domain()->size() == 0 ? "ai.onnx" : op->domain()->c_str(),
                  static_cast<long long>(op->version()));
  std::printf("\nlayout: %s\n", m->layout() == schema::Layout::NHWC
                                      ? "NHWC (chains of spatial operators run channels-last, in com.spud.nhwc)"
                                      : "NCHW (as in the ONNX model)");
  std::printf("inputs:\n");
  if (m->inputs())
    for (int32_t i : *m->inputs())
      std::printf("  %s: %s\n", name(i).c_str(), spud_tensor_desc(m->tensors()->Get(static_cast<uint32_t>(i))).c_str());
  uint64_t weights = 0;
  int constants = 0;
  for (const auto* t : *m->tensors())
    if (t->kind() == schema::TensorKind::CONSTANT) {
      ++constants;
      weights += m->buffers()->Get(t->buffer())->size();
    }
  std::printf("initializers: %d, %s\n", constants, human_bytes(weights).c_str());
  for (const auto* t : *m->tensors())
    if (t->kind() == schema::TensorKind::CONSTANT)
      std::printf("  %s: %s\n", text_of(t->name()).c_str(), spud_tensor_desc(t).c_str());
  const uint32_t num_nodes = m->nodes() ? m->nodes()->size() : 0;
  std::printf("nodes: %u\n", num_nodes);
  // Subgraphs (format version 2): each node's depth, and the subgraphs that
  // start at each node, listed there under their node's attribute name.
  std::vector<int> depth(num_nodes, 0);
  std::map<uint32_t, std::vector<std::pair<uint32_t, const schema::Attribute*>>> starts;
  for (uint32_t i = 0; i < num_nodes; ++i) {
    const auto* attrs = m->nodes()->Get(i)->attributes();
    if (attrs == nullptr) continue;
    for (const schema::Attribute* a : *attrs) {
      if (a->type() != schema::AttributeType::GRAPH) continue;
      const schema::Subgraph* sg = m->subgraphs()->Get(static_cast<uint32_t>(a->g()));
      starts[sg->node_begin()].emplace_back(i, a);
      for (uint32_t j = sg->node_begin(); j < sg->node_begin() + sg->node_count(); ++j) ++depth[j];
    }
  }
  auto names = [&](uint32_t begin, uint32_t count) {
    std::string out;
    for (uint32_t k = begin; k < begin + count; ++k)
      out += (out.empty() ? "" : ", ") + name(m->subgraph_tensors()->Get(k));
    return out;
  };
  for (uint32_t i = 0; i < num_nodes; ++i) {
    const auto* n = m->nodes()->Get(i);
    for (const auto& [owner, a] : starts[i]) {
      const schema::Subgraph* sg = m->subgraphs()->Get(static_cast<uint32_t>(a->g()));
      std::printf("  %s       %s of node %u (%s) -> %s:\n", std::string(static_cast<size_t>(4 * depth[owner]), ' ').c_str(),
                  a->name()->c_str(), owner, names(sg->io_begin(), sg->num_inputs()).c_str(),
                  names(sg->io_begin() + sg->num_inputs(), sg->num_outputs()).c_str());
    }
    std::printf("%s", std::string(static_cast<size_t>(4 * depth[i]), ' ').c_str());
    std::string ins, outs;
    if (n->inputs())
      for (int32_t x : *n->inputs()) ins += (ins.empty() ? "" : ", ") + name(x);
    if (n->outputs())
      for (int32_t x : *n->outputs()) outs += (outs.empty() ? "" : ", ") + name(x);
    const bool custom = n->domain() && n->domain()->size() > 0;
    std::printf("  %4u %s%s%s/%d (%s) -> %s\n", i, custom ? n->domain()->c_str() : "", custom ? "." : "",
                n->op_type()->c_str(), n->since_version(), ins.c_str(), outs.c_str());
  }
  uint64_t packed = 0;
  int packed_nodes = 0;
  for (uint32_t i = 0; i < num_nodes; ++i)
    if (m->nodes()->Get(i)->packed_buffer() >= 0) {
      ++packed_nodes;
      packed += m->buffers()->Get(static_cast<uint32_t>(m->nodes()->Get(i)->packed_buffer()))->size();
    }
  if (packed_nodes > 0)
    std::printf("pre-packed weights: %d nodes, %s (spud convert --prepack; used in place by the AVX-512 kernels)\n",
                packed_nodes, human_bytes(packed).c_str());
  std::printf("outputs:\n");
  if (m->outputs())
    for (int32_t i : *m->outputs())
      std::printf("  %s: %s\n", name(i).c_str(), spud_tensor_desc(m->tensors()->Get(static_cast<uint32_t>(i))).c_str());
  std::printf("arena: %s\n", human_bytes(spud_model_arena_size(model)).c_str());
  int dynamic_nodes = 0;
  for (uint32_t i = 0; i < num_nodes; ++i) dynamic_nodes += m->nodes()->Get(i)->dynamic();
  bool varying = false;  // shapes chosen at run time
  for (const auto* t : *m->tensors()) {
    bool v = t->dynamic();
    if (t->kind() == schema::TensorKind::INPUT && t->shape())
      for (int64_t d : *t->shape()) v = v || d < 0;
    varying = varying || v;
  }
  if (varying && !spud_model_run_may_allocate(model))
    std::printf("run: shapes chosen at run time, within the bounds the file is planned for: %d node%s prepared on "
                "every run, on the reference kernels; Run() never allocates\n",
                dynamic_nodes, dynamic_nodes == 1 ? "" : "s");
  else if (spud_model_run_may_allocate(model))
    std::printf("run: shapes chosen at run time (symbolic input dimensions or data-dependent shapes): %d node%s "
                "prepared at run time, again when their inputs' shapes change; Run() may allocate\n",
                dynamic_nodes, dynamic_nodes == 1 ? "" : "s");
  else
    std::printf("run: every shape is fixed; Run() never allocates\n");
  if (const auto* p = m->provenance()) {
    auto s = [](const flatbuffers::String* x) { return x ? x->str() : std::string(); };
    std::printf("provenance:\n  producer: %s %s\n  source sha256: %s\n  converter: spud %s\n",
                s(p->producer_name()).c_str(), s(p->producer_version()).c_str(),
                s(p->source_sha256()).c_str(), s(p->converter_version()).c_str());
    if (!s(p->doc_string()).empty()) std::printf("  doc: %s\n", s(p->doc_string()).c_str());
    if (p->metadata())
      for (const auto* kv : *p->metadata()) std::printf("  %s = %s\n", s(kv->key()).c_str(), s(kv->value()).c_str());
  }
  int rc = 0;
  size_t memory = 0;
  spud_session* session = nullptr;
  if (spud_model_session_memory(model, &memory, &err) != SPUD_OK ||
      spud_session_create(model, nullptr, nullptr, 0, &session, &err) != SPUD_OK) {
    std::printf("kernels: FAILED: %s\n", err.message);
    rc = 1;
  } else {
    std::printf("kernels: every node resolved and prepared; a session needs %s in total\n",
                human_bytes(memory).c_str());
    std::printf("kernel state: %s made at session creation (packed weights and operators, apart from "
                "the arena)\n",
                human_bytes(spud_session_kernel_state_bytes(session)).c_str());
  }
  spud_session_free(session);
  spud_model_free(model);
  return rc;
}

}  // namespace

int run_check(const std::string& path) {
  if (ends_with(path, ".onnx")) return check_onnx(path);
  if (ends_with(path, ".spud")) return check_spud(path);
  std::cerr << "error: " << path << ": expected an .onnx or .spud file\n";
  return 2;
}

}  // namespace cli
}  // namespace spud
