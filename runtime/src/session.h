// A session binds a loaded model to kernels and memory, then runs it.
//
// Creation resolves each node to a kernel, runs init and prepare, checks
// every computed output type and shape against the file, and lays out all
// memory in one block: [SessionImpl | tensors | nodes | pointer lists | op data
// | arena]. A planned file uses the converter's arena plan, once the session
// has proved that no two tensors (or scratch buffers) alive at once share a
// byte of it (verify_plan). An unplanned file
// (only the converter writes these) is planned here, after prepare, with the
// same planner. Run() is a loop over the kernels' eval functions; it does not
// allocate.
#ifndef SPUD_RUNTIME_SESSION_H_
#define SPUD_RUNTIME_SESSION_H_

#include <stddef.h>
#include <stdint.h>

#include "error_text.h"
#include "model.h"
#include "spud/kernel.h"
#include "spud/memory_planner.h"

namespace spud {

// The definitions one node may run on, best first (see kernel.h: tiers):
// a build with the reference tier alone has one per operator and type.
#if SPUD_ACCELERATED_TIERS
constexpr int kMaxKernelCandidates = 8;
#else
constexpr int kMaxKernelCandidates = 2;
#endif

struct InputSeen;

struct NodeState {
  const schema::Node* node = nullptr;
  const KernelDef* def = nullptr;  // the one chosen (the first until prepare)
  const KernelDef* candidates[kMaxKernelCandidates] = {};
  int num_candidates = 0;
  bool prepared = false;  // prepare succeeded: release runs at destroy
  KernelContext ctx;
  // Analysis sessions: how this node's prepare went (kDataDependent when it
  // needs input values, or inputs whose shapes need them).
  StatusCode prepare_code = StatusCode::kOk;
#if SPUD_ACCELERATED_TIERS
  // Dynamic nodes that may run on an accelerated definition: what their
  // inputs were when last prepared (InputSeen per input, from the heap), so
  // that one is prepared again only when that changes.
  struct InputSeen* seen = nullptr;
#endif
#if SPUD_CONTROL_FLOW
  // Control flow: one past the last node of this node's subgraphs (i + 1
  // for a node without any), the If/Loop/Scan whose subgraph holds this
  // node (-1 in the main graph), and which of the three this node is.
  // (SPUD_CONTROL_FLOW is a public definition of the spud target, so every
  // user of this header sees the same layout.)
  int32_t end = 0;
  int32_t parent = -1;
  uint8_t control = 0;
#endif
};

#if SPUD_CONTROL_FLOW
// The type and shape a node computed for `t` against the file's `ft` (a
// symbolic dimension of an unplanned file agrees with any size).
Status check_against_file(const NodeState& ns, const schema::Tensor* ft, Tensor* t, bool planned, bool analyze,
                          ErrorText* err);
#endif

enum ControlKind : uint8_t { kNoControl = 0, kControlIf = 1, kControlLoop = 2, kControlScan = 3 };

// The most threads a session may have (spud.h: SPUD_MAX_THREADS): a
// garbage count must not make the pool try to start millions.
constexpr int kMaxThreads = 1024;

struct SessionOptions {
  // Threads the kernels may use, 1 to kMaxThreads; 1 runs everything on the
  // calling thread. More than 1 needs a build with SPUD_THREADS.
  int num_threads = 1;
  // Every node on its last (reference) definition: no kernel state.
  bool reference_kernels_only = false;
  // The converter's --prepack: kernels hand their packed state here
  // (kernel.h). Accelerated builds only.
  const PackedSink* pack_sink = nullptr;
  // spud.h's spud_session_options limits; 0 is none (the tools' default
  // here; the C API's defaults are set by spud_session_options_default).
  size_t max_memory_bytes = 0;
  uint64_t max_node_elements = 0;
  uint64_t max_subgraph_runs = 0;
  // The converter's planning of an unplanned file: lay the arena out and
  // allocate none of it (a model may plan gigabytes that only a device run
  // needs). Such a session must not run (its tensors have no memory);
  // planned_offset() gives the layout.
  bool plan_only = false;
};

// Not named Session: spud.hpp's public spud::Session wrapper owns that name,
// and two classes of one name break the one-definition rule at link time.
class SessionImpl {
 public:
  // Bytes a session over `model` needs besides its arena: bookkeeping and
  // the kernels' op data. Fails, naming the node, when a kernel is missing.
  static Status persistent_size(const ModelView& model, size_t* bytes, ErrorText* err);
  // Bytes of a planned session's arena region: its arena, or the workspace
  // that proves the file's plan when that is larger (it uses the region
  // before the first run). Fails when that overflows.
  static Status arena_region_size(const ModelView& model, size_t* bytes);

  // Creates a session inside `memory` (at least persistent_size + the
  // model's arena_size + 64 bytes) or, when `memory` is null, in memory from
  // the platform's allocator. Unplanned models require memory == null.
  static Status create(const ModelView& model, const SessionOptions& options, void* memory,
                       size_t memory_size, SessionImpl** out, ErrorText* err);
  // Host-only shape analysis of an unplanned model: prepares every node it
  // can and leaves the rest (no kernel, unknown input shapes, a prepare that
  // needs data not yet constant) with the shapes the file declares. No arena
  // is allocated; the session cannot run. The converter uses it between
  // constant-folding rounds to learn shapes ONNX's inference could not.
  static Status analyze(const ModelView& model, SessionImpl** out, ErrorText* err);
  // Releases what create() allocated; a caller-provided block stays theirs.
  static void destroy(SessionImpl* session);

  Status run(ErrorText* err);
  // A graph input's shape for the next runs: only its symbolic dimensions
  // may differ from the file's; its memory comes from the heap and is kept
  // while big enough. The input's data must be written after this.
  Status set_input_shape(int index, const int64_t* dims, int rank, ErrorText* err);

  int num_inputs() const;
  int num_outputs() const;
  Tensor* input(int i) const;
  Tensor* output(int i) const;

  // For tools: every tensor, node and the arena layout.
  int num_tensors() const { return num_tensors_; }
  const Tensor& tensor(int i) const { return tensors_[i]; }
  int num_nodes() const { return num_nodes_; }
  const NodeState& node(int i) const { return nodes_[i]; }
  size_t arena_size() const { return arena_size_; }
  // Bytes of kernel state made at creation (packed weights, library
  // operators), held apart from the session block and the arena.
  size_t persistent_kernel_bytes() const { return persistent_kernel_bytes_; }
  int num_threads() const { return num_threads_; }
  // When not null, run() adds each node's eval time in nanoseconds to
  // node_ns[i] (the tools' --profile); costs two clock reads per node.
  void set_profile(uint64_t* node_ns) { profile_ns_ = node_ns; }
  const uint8_t* arena() const { return arena_; }
  // A plan_only session's layout: the arena offset of tensor i (buffer
  // i < num_tensors) or of node (i - num_tensors)'s scratch; false for a
  // buffer the arena does not hold.
  bool planned_offset(int buffer, size_t* offset) const;
  // For the converter's planning at bounds: the scratch a dynamic node last
  // had, and a layout of every tensor and scratch at `sizes` (per tensor,
  // then per node; 0 keeps one out) with this model's lifetimes. bufs and
  // offsets hold num_tensors + num_nodes entries, work plan_workspace_ints.
  size_t dynamic_scratch_bytes(int node) const { return dynamic_scratch_capacity_[node]; }
  Status plan_at_sizes(const size_t* sizes, PlanBuffer* bufs, int* work, size_t* offsets, size_t* arena_size) const;
  const ModelView& model() const { return model_; }

 private:
  SessionImpl() = default;
  static Status create_impl(const ModelView& model, const SessionOptions& options, void* memory,
                            size_t memory_size, bool analyze, SessionImpl** out, ErrorText* err);
  Status init_tensor(int index, ErrorText* err);
  Status resize_input(int index, ErrorText* err);
  Status bind(ErrorText* err);
  Status prepare_node(int index, bool run_prepare, ErrorText* err, bool reference_init_only = false);
  Status prepare_dynamic_node(int index, ErrorText* err);
  Status allocate_dynamic_outputs(int index, ErrorText* err);
  Status grow_dynamic_scratch(int index, size_t bytes, ErrorText* err);
  Status prepare_nodes(ErrorText* err);
  Status prepare_range(int begin, int end, bool drop_packed, uint8_t* readers, ErrorText* err);
  Status bind_range(int begin, int end, ErrorText* err);
  Status run_range(int begin, int end, ErrorText* err);
  // Heap memory for tensor `index` of at least `bytes` (kept, and grown to
  // twice its size when `grow`, its first `keep` bytes copied over).
  Status reserve(int index, size_t bytes, size_t keep, bool grow, ErrorText* err);
  // Heap memory within max_memory_bytes: take `bytes` (while `releasing`
  // bytes held are about to go) for `what` (and `name`, if any), and give
  // back. heap_bytes_
  // counts what is held.
  Status take_heap(size_t bytes, size_t releasing, void** out, const char* what, const char* name, ErrorText* err);
  void give_heap(void* p, size_t bytes);
  // Tensor `index`'s heap memory replaced by `bytes` of it, its first
  // `keep` bytes copied over.
  Status replace_tensor_memory(int index, size_t bytes, size_t keep, ErrorText* err);
  // One more subgraph run in this spud_session_run, within max_subgraph_runs.
  Status count_subgraph_run(int node, ErrorText* err);
  // control_flow.cc (builds with If, Loop or Scan):
  Status link_subgraphs(ErrorText* err);
  Status bind_subgraphs(int index, ErrorText* err);
  Status prepare_control(int index, ErrorText* err);
  Status leave_control(int index, ErrorText* err);
  Status run_control(int index, ErrorText* err);
  Status assign(int dst, const Tensor& src, ErrorText* err);
  Status set_body_input(int node, int32_t index, const Tensor& from, int drop_axis, int drop_axis2, ErrorText* err);
  Status allocate_workspace();
  Status grow_workspace(size_t bytes);
  Status prepare_accelerated(int index, bool* taken, ErrorText* err);
  bool inputs_unchanged(NodeState& ns);
  // Unplanned files: workspace laid out by create() in the session block.
  Status plan_and_allocate(PlanBuffer* bufs, size_t* offsets, int* work, ErrorText* err);
  void plan_lifetimes(const size_t* sizes, PlanBuffer* bufs) const;
  // Planned files: proves the file's plan with the (still unused) arena
  // region as workspace, after binding and before any kernel runs.
  Status verify_plan(ErrorText* err);
  void assign_arena_pointers();
  Status node_error(int index, const char* phase, Status s, ErrorText* err) const;

  ModelView model_;
  Tensor* tensors_ = nullptr;
  int num_tensors_ = 0;
  NodeState* nodes_ = nullptr;
  int num_nodes_ = 0;
  uint8_t* produced_ = nullptr;  // per-tensor flag, used while binding
  uint8_t* arena_ = nullptr;
  size_t arena_size_ = 0;
  // Dynamic nodes: memory obtained at Run() for their outputs (per tensor)
  // and scratch (per node), kept and grown across runs, freed by destroy().
  void** dynamic_tensor_memory_ = nullptr;
  void** dynamic_scratch_memory_ = nullptr;
  size_t* dynamic_scratch_capacity_ = nullptr;
  bool has_dynamic_nodes_ = false;
  size_t persistent_kernel_bytes_ = 0;
  void* workspace_ = nullptr;  // the kernels' shared workspace (kernel.h)
  size_t workspace_bytes_ = 0;
  void* thread_pool_ = nullptr;
  int num_threads_ = 1;
  uint64_t* profile_ns_ = nullptr;
  void* owned_block_ = nullptr;
  void* owned_arena_ = nullptr;
  size_t heap_bytes_ = 0;  // block, arena and dynamic memory from the heap
  size_t max_memory_bytes_ = 0;
  uint64_t max_node_elements_ = 0;
  uint64_t max_subgraph_runs_ = 0;
  uint64_t subgraph_runs_ = 0;  // in the current run
  bool analyze_ = false;
  bool plan_only_ = false;
  const size_t* plan_offsets_ = nullptr;  // plan_only: in the session block
};

}  // namespace spud

#endif  // SPUD_RUNTIME_SESSION_H_
