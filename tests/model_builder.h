// A chained-call builder for tiny test models, on top of the converter's own
// IR (convert::Graph), planner bridge (plan_graph) and writer (write_spud),
// so tests exercise exactly the bytes the converter would produce:
//
//   ModelBuilder b;
//   auto x = b.input("x", DType::kFloat32, {2, 3});
//   auto y = b.node("Relu", {x});
//   b.output(y);
//   AlignedBytes model(b.build(/*planned=*/true));
//   spud_model_load(model.data(), model.size(), ...);
//
// Tensors are referred to by name. A node's outputs get the dtype of its
// first input unless NodeOptions says otherwise; their shapes come from the
// runtime's kernels when build() plans the graph. Host-only test code: it
// throws std::runtime_error on misuse.
#ifndef SPUD_TESTS_MODEL_BUILDER_H_
#define SPUD_TESTS_MODEL_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "converter/ir.h"
#include "converter/writer.h"

namespace spud {
namespace testing {

// A node's attributes, by chained calls: Attrs().i("axis", 1).f("alpha", .1f).
class Attrs {
 public:
  Attrs& i(const std::string& name, int64_t v);
  Attrs& f(const std::string& name, float v);
  Attrs& s(const std::string& name, const std::string& v);
  Attrs& ints(const std::string& name, const std::vector<int64_t>& v);
  Attrs& floats(const std::string& name, const std::vector<float>& v);
  // A TENSOR attribute naming a constant made with ModelBuilder::constant.
  Attrs& tensor(const std::string& name, const std::string& constant);
  // A GRAPH attribute (If's branches, Loop's and Scan's body).
  Attrs& graph(const std::string& name, std::shared_ptr<convert::Graph> g);
  const std::vector<convert::Attr>& list() const { return attrs_; }

 private:
  std::vector<convert::Attr> attrs_;
};

// Everything about a node besides its op type and inputs, by chained calls.
class NodeOptions {
 public:
  NodeOptions& named(const std::string& name);
  // A custom domain, imported at `opset` when the model does not import it yet.
  NodeOptions& domain(const std::string& domain, int64_t opset = 1);
  // Overrides the since_version otherwise resolved from ONNX's schemas.
  NodeOptions& since(int version);
  NodeOptions& outputs(int count);
  NodeOptions& dtype(DType type);
  // Declares the outputs' shape (needed by build_naive_plan and kept in
  // unplanned files; build() replaces it with the kernel's).
  NodeOptions& shape(const std::vector<int64_t>& dims);
  NodeOptions& attrs(const Attrs& a);

 private:
  friend class ModelBuilder;
  std::string name_, domain_;
  int64_t domain_opset_ = 1;
  int since_ = 0;
  int num_outputs_ = 1;
  DType dtype_ = DType::kUndefined;
  bool shape_known_ = false;
  std::vector<int64_t> shape_;
  Attrs attrs_;
};

class ModelBuilder {
 public:
  // The default ONNX domain is imported at `opset`.
  explicit ModelBuilder(int64_t opset = 17);

  std::string input(const std::string& name, DType dtype, const std::vector<int64_t>& shape);
  // A constant from raw little-endian bytes, or from typed values.
  std::string constant(const std::string& name, DType dtype, const std::vector<int64_t>& shape,
                       const void* bytes, size_t size);
  template <typename T>
  std::string constant(const std::string& name, DType dtype, const std::vector<int64_t>& shape,
                       const std::vector<T>& values) {
    return constant(name, dtype, shape, values.data(), values.size() * sizeof(T));
  }
  std::string constant(const std::string& name, const std::vector<int64_t>& shape,
                       const std::vector<float>& values) {
    return constant(name, DType::kFloat32, shape, values);
  }

  // Adds a node and returns its first output (outputs are named
  // "<node name>_out<k>"). `inputs` may hold "" for an omitted input.
  std::string node(const std::string& op_type, const std::vector<std::string>& inputs,
                   const NodeOptions& options = NodeOptions());
  std::string node(const std::string& op_type, const std::vector<std::string>& inputs,
                   const Attrs& attrs) {
    return node(op_type, inputs, NodeOptions().attrs(attrs));
  }
  // Every output of the last node added.
  const std::vector<std::string>& last_outputs() const;

  // A subgraph input: a tensor the node running the subgraph writes.
  std::string value(const std::string& name, DType dtype, const std::vector<int64_t>& shape);
  // Moves the last `count` nodes added into a subgraph with these inputs
  // (made with value()) and outputs, for a GRAPH attribute.
  std::shared_ptr<convert::Graph> subgraph(const std::string& name, size_t count,
                                           const std::vector<std::string>& inputs,
                                           const std::vector<std::string>& outputs);

  // Marks a node output as a graph output.
  ModelBuilder& output(const std::string& name);

  // The file bytes. planned: shapes and the arena plan come from the
  // runtime's kernels through the converter's plan_graph (throws when the
  // runtime rejects the graph); otherwise an unplanned file.
  // prepack: with the accelerated kernels' packed weights (--prepack).
  std::vector<uint8_t> build(bool planned = true, bool prepack = false) const;
  // A planned file with this exact plan (indices follow convert::tensor_order).
  std::vector<uint8_t> build_with_plan(const convert::MemoryPlan& plan) const;
  // A planned file without running any kernel: every declared shape is
  // trusted and each arena tensor gets its own 64-byte-aligned slot. For
  // models whose kernels do not exist.
  std::vector<uint8_t> build_naive_plan() const;

  // The IR itself, for tests that write deliberately inconsistent graphs.
  convert::Graph& graph() { return g_; }
  const convert::Graph& graph() const { return g_; }

 private:
  convert::Graph g_;
  std::vector<std::string> last_outputs_;
};

// Model bytes copied into 64-byte-aligned heap storage (the loader requires
// an aligned start), `offset` bytes past the aligned address so tests can
// also make misaligned copies. The allocation is exactly offset + size bytes,
// so a sanitizer sees any read past the end.
class AlignedBytes {
 public:
  explicit AlignedBytes(const std::vector<uint8_t>& bytes, size_t offset = 0)
      : AlignedBytes(bytes.data(), bytes.size(), offset) {}
  AlignedBytes(const uint8_t* bytes, size_t size, size_t offset = 0);
  ~AlignedBytes();
  AlignedBytes(const AlignedBytes&) = delete;
  AlignedBytes& operator=(const AlignedBytes&) = delete;

  uint8_t* data() { return base_ + offset_; }
  size_t size() const { return size_; }

 private:
  uint8_t* base_ = nullptr;
  size_t offset_ = 0;
  size_t size_ = 0;
};

// Element values of raw tensor bytes.
template <typename T>
std::vector<T> values_of(const void* data, size_t size_bytes) {
  std::vector<T> v(size_bytes / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), data, v.size() * sizeof(T));
  return v;
}

}  // namespace testing
}  // namespace spud

#endif  // SPUD_TESTS_MODEL_BUILDER_H_
