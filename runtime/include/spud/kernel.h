// The interface between the runtime and a kernel.
//
// Each kernel lives in its own file (kernels/<tier>/<op>.cc) and exports
// one `const KernelDef` per (operator, implementation). The registry is a
// generated constant table of pointers to those definitions; nothing
// registers itself at static-initialization time.
//
// Tiers: kernels/reference/ (portable, always built) and accelerated ones
// beside it (kernels/xnnpack/, then kernels/eigen/). The table lists
// accelerated definitions first; a node gets the first definition whose
// prepare accepts it. An accelerated prepare returns kDeclined for a node it
// does not serve (shapes, attributes, non-constant weights), having released
// whatever it made, and the session tries the next definition; the reference
// kernel is last and never declines. Dynamic nodes (prepared on every Run()),
// and every node of a session asking for reference kernels only, use the last
// definition, so no kernel state is made while running.
//
// Lifecycle, per node, driven by the session:
//   init     once, at session creation: parse attributes into the kernel's
//            own plain struct (`op_data`, op_data_size bytes, zeroed). Input
//            data is readable only for constant inputs.
//   prepare  once at session creation: check input types and shapes, set
//            every output's dtype and shape, and report scratch bytes
//            needed. Output data is not touched. Data of non-constant inputs
//            is nullptr here; a kernel whose output shapes depend on such
//            data returns kDataDependent, and the converter then marks the
//            node dynamic: its prepare runs again on every Run(), with the
//            data there.
//            Prepare may also make persistent state (packed weights, library
//            operator objects): it adds the bytes it holds to
//            `persistent_bytes`, and `release` frees them.
//   eval     every Run(): compute. It may assume prepare succeeded for the
//            current shapes; it must not allocate and should not re-check.
//   release  once, when the session is destroyed, for every node whose
//            prepare succeeded: free the persistent state (may be null).
//
// Pre-packed state: `spud convert --prepack` runs every prepare once with a
// PackedSink, and a kernel that packs constants hands it the packed bytes;
// the converter stores them with the node. A session then gives a kernel
// those bytes (`packed`), which it uses in place when their kind and size
// are exactly what it would have made, instead of packing again.
#ifndef SPUD_KERNEL_H_
#define SPUD_KERNEL_H_

#include <stddef.h>
#include <stdint.h>

#include <string_view>

#include "spud/status.h"
#include "spud/tensor.h"

namespace spud {

// Read-only access to a node's attributes, valid during init only.
class NodeAttributes {
 public:
  NodeAttributes(const void* attributes, const Tensor* tensors, int num_tensors)
      : attributes_(attributes), tensors_(tensors), num_tensors_(num_tensors) {}

  bool has(const char* name) const;
  int64_t get_int(const char* name, int64_t fallback) const;
  float get_float(const char* name, float fallback) const;
  // Empty when absent.
  std::string_view get_string(const char* name) const;
  // Number of values of an INTS/FLOATS attribute, or -1 when absent. Copies at
  // most `max` of them into `out` (which may be null when max is 0).
  int get_ints(const char* name, int64_t* out, int max) const;
  int get_floats(const char* name, float* out, int max) const;
  // Likewise for a STRINGS attribute; the views point into the model.
  int get_strings(const char* name, std::string_view* out, int max) const;
  // An INTS/FLOATS attribute's values where the model holds them (it
  // outlives every session, so eval may read them: lists too long to copy
  // into op data, such as TfIdfVectorizer's pool), and their number in
  // *count; null when absent, empty, or on a big-endian target, where the
  // file's bytes are not the values.
  const int64_t* ints_in_place(const char* name, int* count) const;
  const float* floats_in_place(const char* name, int* count) const;
  // A TENSOR attribute's constant tensor, or nullptr when absent.
  const Tensor* get_tensor(const char* name) const;

 private:
  const void* find(const char* name) const;

  const void* attributes_;  // flatbuffers vector of schema Attribute, may be null
  const Tensor* tensors_;
  int num_tensors_;
};

// Where a kernel hands packed state made in prepare, during the converter's
// planning session only (--prepack): node is the node's index in the file.
struct PackedSink {
  void* user;
  void (*save)(void* user, int node, const char* kind, const void* data, size_t size);
};

struct KernelContext {
  // Inputs in node order; an omitted optional input is nullptr, and so is
  // every index at or past num_inputs.
  int num_inputs = 0;
  const Tensor* const* inputs = nullptr;
  int num_outputs = 0;
  Tensor* const* outputs = nullptr;
  // The kernel's own state, op_data_size bytes, zero-filled before init and
  // aligned to 16 bytes. It is raw memory: a struct with default member
  // initializers must be assigned (`*d = MyData();`) in init.
  void* op_data = nullptr;
  // init only.
  const NodeAttributes* attributes = nullptr;
  // prepare: set to the bytes of scratch eval will need (0 by default).
  // eval: the scratch memory and its size.
  void* scratch = nullptr;
  size_t scratch_size = 0;
  // prepare, when the input values are there (a dynamic node, on every
  // Run()): `scratch` holds scratch_capacity bytes (0 the first time), for a
  // kernel that needs working memory to find its output shapes from the
  // values (NonMaxSuppression, Unique). When it needs more it sets
  // scratch_size to the bytes and returns kDataDependent; the session then
  // runs prepare again with that much. What prepare leaves in the scratch
  // is still there at eval. Everywhere else scratch_capacity is 0.
  size_t scratch_capacity = 0;
  // The node's since_version, for kernels that span several versions.
  int since_version = 0;
  // The session's thread pool (a pthreadpool_t), or null to run on the
  // calling thread. Set before prepare.
  void* thread_pool = nullptr;
  // prepare: add the bytes of persistent state this kernel made (reported
  // apart from the arena).
  size_t persistent_bytes = 0;
  // prepare: set bit k when eval never reads constant input k (its values
  // were packed into persistent state); the session may then let the
  // model's pages of it leave memory.
  uint32_t packed_inputs = 0;
  // prepare: bytes of the session's shared workspace eval will use (0 by
  // default). Unlike scratch, which the file plans and every build must
  // agree on, the workspace is for what only an accelerated kernel needs
  // (Winograd's transformed tiles): one block, as large as the largest
  // request, made when the session is created and shared by its nodes,
  // which run one at a time. Reported with the kernel state.
  // eval: the workspace (64-byte aligned), or null when none was asked for.
  size_t workspace_size = 0;
  void* workspace = nullptr;
  // prepare: this node's pre-packed state from the file, if it has any: the
  // layout's name and the bytes (64-byte aligned, inside the file, but
  // untrusted: a kernel uses them only for the kind and size it expects).
  const char* packed_kind = nullptr;
  const void* packed = nullptr;
  size_t packed_size = 0;
  // prepare, in the converter's --prepack session only: where to hand
  // packed state (PackedSink). Kernels then pack for the CPUs that would use
  // it, even when the converter's own CPU would not.
  const PackedSink* pack_sink = nullptr;
  int node_index = -1;

  const Tensor* input(int i) const { return i < num_inputs ? inputs[i] : nullptr; }
  Tensor* output(int i) const { return i < num_outputs ? outputs[i] : nullptr; }
  template <typename T>
  T* data() const {
    return static_cast<T*>(op_data);
  }
};

using KernelFn = Status (*)(KernelContext* ctx);

struct KernelDef {
  const char* domain;   // "" for the default ONNX domain
  const char* op_type;  // "Conv"
  int since_min;        // first since_version this definition implements
  int since_max;        // last since_version this definition implements
  // Types this kernel accepts for input `type_input` (dtype_bit values OR-ed).
  uint32_t types;
  int type_input;
  size_t op_data_size;
  KernelFn init;     // may be null when there is nothing to parse
  KernelFn prepare;  // required
  KernelFn eval;     // required
  KernelFn release = nullptr;  // frees what prepare made
};

// One row of the registry: a definition and the element types this build
// lets it serve (a build from an operator config may narrow them).
struct KernelEntry {
  const KernelDef* def;
  uint32_t types;
};

// The registry compiled into this build: a constant table generated at build
// time. Returns the first definition for (domain, op, since_version) that
// serves the dtype of its `type_input` among `input_types`, or null.
const KernelDef* find_kernel(std::string_view domain, std::string_view op_type, int since_version,
                             const DType* input_types, int num_inputs);
// Every definition that may serve the node, in table order (accelerated
// tiers first): up to `max` of them into `out`; returns how many there are.
int find_kernels(std::string_view domain, std::string_view op_type, int since_version,
                 const DType* input_types, int num_inputs, const KernelDef** out, int max);
// The first definition for (domain, op, since_version) whatever its types,
// or null: which input selects the type, for messages.
const KernelDef* find_kernel_any_type(std::string_view domain, std::string_view op_type, int since_version);
// Whether any definition exists for (domain, op, since_version), any type.
bool has_kernel(std::string_view domain, std::string_view op_type, int since_version);
// All rows of this build's table, for listings.
const KernelEntry* all_kernels(int* count);
// Whether this build's table was generated from an operator config
// (-DSPUD_OPS_CONFIG), so that operators or types were left out.
bool kernels_reduced();

}  // namespace spud

#endif  // SPUD_KERNEL_H_
