// The converter's in-memory graph: what the ONNX importer produces, what the
// graph passes rewrite and what the writer serializes. Host-only code.
#ifndef SPUD_TOOLS_CONVERTER_IR_H_
#define SPUD_TOOLS_CONVERTER_IR_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "spud/tensor.h"

namespace spud {
namespace convert {

enum class TensorRole { kIntermediate, kConstant, kInput, kOutput };

// What a value is (the file's ValueKind): a sequence or optional is held as
// a uint8 blob of rank 1 (spud/sequence.h) whose elements are elem_dtype.
enum class ValueKind { kTensor = 0, kSequence = 1, kOptionalTensor = 2, kOptionalSequence = 3 };

struct TensorInfo {
  std::string name;
  DType dtype = DType::kUndefined;
  bool rank_known = false;
  // -1 marks a symbolic or unknown dimension; dim_params names it ("" when unknown).
  std::vector<int64_t> shape;
  std::vector<std::string> dim_params;
  TensorRole role = TensorRole::kIntermediate;
  std::vector<uint8_t> data;  // constants only, little-endian
  // Shape known only at run time (output of a dynamic node); not planned.
  bool dynamic = false;
  // Graph inputs with bounded symbolic dimensions (--dim NAME=MIN..MAX):
  // per dimension, the least and greatest size (-1 in dim_max: no bound).
  std::vector<int64_t> dim_min, dim_max;
  ValueKind kind = ValueKind::kTensor;
  DType elem_dtype = DType::kUndefined;

  bool static_shape() const {
    if (!rank_known) return false;
    for (int64_t d : shape)
      if (d < 0) return false;
    return true;
  }
  // The shape's element count; throws std::runtime_error naming the
  // tensor when it overflows. As in the runtime, the product of the
  // non-zero dimensions must fit too: a zero makes the tensor empty, but
  // code still multiplies the others.
  int64_t num_elements() const {
    int64_t n = 1, nonzero = 1;
    for (int64_t d : shape) {
      if (d > 0 && nonzero > INT64_MAX / d)
        throw std::runtime_error("tensor '" + name + "': its shape has more elements than an int64 counts");
      if (d > 0) nonzero *= d;
      n *= d;
    }
    return n;
  }
};

enum class AttrType { kFloat, kInt, kString, kTensor, kFloats, kInts, kStrings, kGraph };

struct Graph;

struct Attr {
  std::string name;
  AttrType type = AttrType::kInt;
  float f = 0;
  int64_t i = 0;
  std::string s;
  std::string tensor;  // kTensor: name of a constant in Graph::tensors
  std::vector<float> floats;
  std::vector<int64_t> ints;
  std::vector<std::string> strings;
  // kGraph: a subgraph (If's branches, Loop's and Scan's body). Its nodes,
  // inputs and outputs name tensors of the top-level Graph's one table, which
  // holds every tensor of every subgraph under a unique name.
  std::shared_ptr<Graph> graph;
};

struct Node {
  std::string name;
  std::string domain;  // "" for ai.onnx
  std::string op_type;
  int since_version = 0;
  std::vector<std::string> inputs;  // "" for an omitted optional input
  std::vector<std::string> outputs;
  std::vector<Attr> attrs;
  // Output shapes depend on input values: prepared on every Run().
  bool dynamic = false;
  // --prepack: the packed state an accelerated kernel made from this node's
  // constants, and the name of its layout (kernel.h: PackedSink).
  std::string packed_kind;
  std::vector<uint8_t> packed;

  const Attr* attr(const std::string& n) const {
    for (const Attr& a : attrs)
      if (a.name == n) return &a;
    return nullptr;
  }
};

struct Provenance {
  std::string producer_name, producer_version, source_sha256, converter_version, doc_string;
  std::vector<std::pair<std::string, std::string>> metadata;
  // What shaped the file: ("dim", "batch=1"), ("layout", "nhwc"), ("opset",
  // what changed it), ... (schema Provenance.conversion).
  std::vector<std::pair<std::string, std::string>> conversion;
};

struct Graph {
  std::string name;
  std::map<std::string, TensorInfo> tensors;
  std::vector<Node> nodes;  // topologically sorted after import
  std::vector<std::string> inputs, outputs;
  std::map<std::string, int64_t> opset_imports;  // domain ("" = ai.onnx) -> version
  Provenance provenance;
  // Things the user should know about the conversion (printed by the CLI).
  std::vector<std::string> notes;
  // False when ONNX's shape inference did not run (an opset newer than this
  // build's libonnx knows): intermediate types come from the kernels
  // (infer_types in runtime_bridge.h).
  bool onnx_inferred = true;

  TensorInfo& tensor(const std::string& n) { return tensors.at(n); }
  const TensorInfo& tensor(const std::string& n) const { return tensors.at(n); }
  bool is_constant(const std::string& n) const {
    auto it = tensors.find(n);
    return it != tensors.end() && it->second.role == TensorRole::kConstant;
  }
};

// Subgraphs (subgraphs.cc).
bool has_subgraphs(const Node& n);
// Every node of `g` in execution order, each If/Loop/Scan followed by the
// nodes of its subgraphs (recursively), as the file stores them.
std::vector<Node*> linear_nodes(Graph& g);
std::vector<const Node*> linear_nodes(const Graph& g);
// Names n's subgraphs read from enclosing graphs (not defined inside them).
std::vector<std::string> implicit_inputs(const Node& n);
// Calls `fn` on every subgraph of every node of `g`, recursively, outer first.
void for_each_subgraph(Graph& g, const std::function<void(Graph&)>& fn);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_CONVERTER_IR_H_
