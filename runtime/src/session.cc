#include "session.h"

#include <string.h>

#include <new>

#include "platform.h"
#include "spud/memory_planner.h"
#include "thread_pool.h"

namespace spud {

namespace {

using schema::TensorKind;

constexpr size_t kBlockAlign = 16;
constexpr size_t kArenaAlign = 64;
// Bytes readable past the arena's end: XNNPACK's kernels may read (never
// write) up to 16 bytes past a tensor, and a tensor may end the arena.
constexpr size_t kArenaTail = 64;
// Kernels choose their type from one of the first inputs; only these are
// looked at when resolving.
constexpr int kTypedInputs = 16;

size_t align_up(size_t v, size_t a) { return (v + a - 1) & ~(a - 1); }

// Without control flow the graph walks are plain loops: inlined into their
// one caller, so builds without If, Loop and Scan pay nothing for them.
#if SPUD_CONTROL_FLOW
#define SPUD_GRAPH_WALK
#else
#define SPUD_GRAPH_WALK __attribute__((always_inline)) inline
#endif

// The node after `i` in its own graph: past i's subgraphs' nodes.
#if SPUD_CONTROL_FLOW
#define next_node(i) nodes_[i].end
#else
#define next_node(i) ((i) + 1)
#endif

int32_t list_size(const flatbuffers::Vector<int32_t>* v) {
  return v == nullptr ? 0 : static_cast<int32_t>(v->size());
}

const char* str(const flatbuffers::String* s) { return s == nullptr ? "" : s->c_str(); }

const char* domain_label(const schema::Node* n) {
  return n->domain() == nullptr || n->domain()->size() == 0 ? "ai.onnx" : n->domain()->c_str();
}

bool arena_resident(const schema::Tensor* t) { return t->kind() != TensorKind::CONSTANT; }

// A graph input whose shape is chosen at run time.
bool symbolic_input(const schema::Tensor* t) {
  if (t->kind() != TensorKind::INPUT || t->shape() == nullptr) return false;
  for (int64_t d : *t->shape())
    if (d < 0) return true;
  return false;
}

// Every definition that may serve node `index`, best first, into `out`
// (kMaxKernelCandidates of them); fails naming the node when there is none.
Status resolve_kernel(const schema::Model* m, int index, const KernelDef** out, int* count,
                      ErrorText* err) {
  const schema::Node* node = m->nodes()->Get(static_cast<uint32_t>(index));
  DType types[kTypedInputs];
  const int n = list_size(node->inputs()) < kTypedInputs ? list_size(node->inputs()) : kTypedInputs;
  for (int i = 0; i < n; ++i) {
    const int32_t t = node->inputs()->Get(static_cast<uint32_t>(i));
    types[i] = t < 0 ? DType::kUndefined
                     : static_cast<DType>(m->tensors()->Get(static_cast<uint32_t>(t))->dtype());
  }
  const std::string_view domain(str(node->domain()));
  constexpr int kSeen = 16;
  const KernelDef* all[kSeen];
  const int found = find_kernels(domain, node->op_type()->c_str(), node->since_version(), types, n, all, kSeen);
  // The first ones, and always the last (the reference kernel, which never
  // declines), however many tiers a build has.
  const int listed = found < kSeen ? found : kSeen;
  *count = listed < kMaxKernelCandidates ? listed : kMaxKernelCandidates;
  for (int i = 0; i < *count; ++i) out[i] = all[i];
  if (listed > 0) out[*count - 1] = all[listed - 1];
  if (found > 0) return Status::Ok();
  // The input whose type selects the definition, for the message.
  const KernelDef* any = find_kernel_any_type(domain, node->op_type()->c_str(), node->since_version());
  const bool op_known = any != nullptr;
  const int type_input = op_known ? any->type_input : 0;
  const char* type = type_input < n ? dtype_name(types[type_input]) : "none";
  if (kernels_reduced()) {
    return op_known
               ? with_detail(err, StatusCode::kUnsupported,
                             "node '%s': %s (domain %s, opset %d) for type %s (input %d) was left out of "
                             "this build; add the type to the operator config it was built from",
                             str(node->name()), node->op_type()->c_str(), domain_label(node),
                             static_cast<int>(node->since_version()), type, type_input)
               : with_detail(err, StatusCode::kUnsupported,
                             "node '%s': %s (domain %s, opset %d, type %s) was left out of this build; "
                             "add the operator to the operator config it was built from",
                             str(node->name()), node->op_type()->c_str(), domain_label(node),
                             static_cast<int>(node->since_version()), type);
  }
  return with_detail(err, StatusCode::kUnsupported,
                     "node '%s' (%s, domain %s, opset %d): no kernel %s in spud (type %s)",
                     str(node->name()), node->op_type()->c_str(), domain_label(node),
                     static_cast<int>(node->since_version()), op_known ? "for this input type" : "for this operator and opset",
                     type);
}

// Op data is shared by a node's candidate definitions: the largest of them.
size_t op_data_size(const KernelDef* const* defs, int count) {
  size_t size = 0;
  for (int i = 0; i < count; ++i) size = defs[i]->op_data_size > size ? defs[i]->op_data_size : size;
  return size;
}

// Byte layout of the persistent part of a session.
struct Layout {
  size_t tensors = 0, nodes = 0, in_ptrs = 0, out_ptrs = 0, produced = 0, dynamic = 0;
  size_t plan_buffers = 0, plan_offsets = 0, plan_work = 0, op_data = 0, total = 0;
};

Status compute_layout(const ModelView& model, bool analyze, Layout* l, ErrorText* err) {
  const schema::Model* m = model.root;
  const size_t nt = m->tensors()->size();
  const size_t nn = m->nodes() == nullptr ? 0 : m->nodes()->size();
  size_t n_in = 0, n_out = 0;
  for (uint32_t i = 0; i < nn; ++i) {
    n_in += static_cast<size_t>(list_size(m->nodes()->Get(i)->inputs()));
    n_out += static_cast<size_t>(list_size(m->nodes()->Get(i)->outputs()));
  }
  size_t at = align_up(sizeof(SessionImpl), kBlockAlign);
  l->tensors = at;
  at = align_up(at + nt * sizeof(Tensor), kBlockAlign);
  l->nodes = at;
  at = align_up(at + nn * sizeof(NodeState), kBlockAlign);
  l->in_ptrs = at;
  at = align_up(at + n_in * sizeof(const Tensor*), kBlockAlign);
  l->out_ptrs = at;
  at = align_up(at + n_out * sizeof(Tensor*), kBlockAlign);
  l->produced = at;
  at = align_up(at + nt, kBlockAlign);
  l->dynamic = at;  // per tensor and per node pointers, per node capacities
  at = align_up(at + (nt + nn) * sizeof(void*) + nn * sizeof(size_t), kBlockAlign);
  if (!m->memory_planned()) {
    const size_t nb = nt + nn;  // every tensor and every node's scratch
    l->plan_buffers = at;
    at = align_up(at + nb * sizeof(PlanBuffer), kBlockAlign);
    l->plan_offsets = at;
    at = align_up(at + nb * sizeof(size_t), kBlockAlign);
    l->plan_work = at;
    at = align_up(at + plan_workspace_ints(static_cast<int>(nb)) * sizeof(int), kBlockAlign);
  }
  l->op_data = at;
  for (uint32_t i = 0; i < nn; ++i) {
    const KernelDef* defs[kMaxKernelCandidates];
    int count = 0;
    const Status st = resolve_kernel(m, static_cast<int>(i), defs, &count, err);
    if (!st.ok() && analyze) continue;  // analysis skips nodes without a kernel
    SPUD_RETURN_IF_ERROR(st);
    at = align_up(at + op_data_size(defs, count), kBlockAlign);
  }
  l->total = at;
  return Status::Ok();
}

void format_shape(const Tensor& t, char* out, size_t size) {
  size_t used = 0;
  used += static_cast<size_t>(snprintf(out, size, "["));
  for (int i = 0; i < t.rank && used < size; ++i)
    used += static_cast<size_t>(snprintf(out + used, size - used, i ? ",%lld" : "%lld",
                                         static_cast<long long>(t.dims[i])));
  if (used < size) snprintf(out + used, size - used, "]");
}

#if SPUD_CONTROL_FLOW
}  // namespace
#endif

// The kernel computed `t`'s type and shape; the file declared `ft`'s. They
// must agree (a symbolic dimension in an unplanned file agrees with any size),
// so a file cannot make a kernel write past a planned buffer.
Status check_against_file(const NodeState& ns, const schema::Tensor* ft, Tensor* t, bool planned, bool analyze,
                          ErrorText* err) {
  // The converter's analysis may declare an output it cannot type yet (rank
  // unknown, a placeholder type): there the kernel's type is the answer.
  const bool untyped = analyze && ft->rank_unknown();
  if (!untyped && t->dtype != static_cast<DType>(ft->dtype()))
    return with_detail(err, StatusCode::kInvalidModel,
                       "node '%s' (%s): output '%s' is %s but the file declares %s",
                       str(ns.node->name()), ns.node->op_type()->c_str(), t->name,
                       dtype_name(t->dtype), dtype_name(static_cast<DType>(ft->dtype())));
  bool match = set_shape(t, t->rank, t->dims);
  if (match && ft->rank_unknown()) return Status::Ok();  // only in unplanned files
  const int rank = ft->shape() == nullptr ? 0 : static_cast<int>(ft->shape()->size());
  match = match && rank == t->rank;
  for (int d = 0; match && d < rank; ++d) {
    const int64_t declared = ft->shape()->Get(static_cast<uint32_t>(d));
    match = declared == t->dims[d] || (declared < 0 && !planned);
  }
  if (match && (!planned || t->size_bytes() <= t->capacity)) return Status::Ok();
  char shape[96];
  format_shape(*t, shape, sizeof(shape));
  return with_detail(err, StatusCode::kInvalidModel,
                     "node '%s' (%s): output '%s' has shape %s, which differs from the shape the "
                     "file declares",
                     str(ns.node->name()), ns.node->op_type()->c_str(), t->name, shape);
}

#if SPUD_CONTROL_FLOW
namespace {
#endif

}  // namespace

Status SessionImpl::persistent_size(const ModelView& model, size_t* bytes, ErrorText* err) {
  Layout l;
  SPUD_RETURN_IF_ERROR(compute_layout(model, false, &l, err));
  *bytes = l.total;
  return Status::Ok();
}

Status SessionImpl::arena_region_size(const ModelView& model, size_t* bytes) {
  const schema::Model* m = model.root;
  const uint64_t nb = m->tensors()->size() + static_cast<uint64_t>(m->nodes() == nullptr ? 0 : m->nodes()->size());
  constexpr uint64_t kPerBuffer = sizeof(PlanBuffer) + sizeof(size_t) + 5 * sizeof(int);
  if (nb > (SIZE_MAX - kArenaAlign) / kPerBuffer || m->arena_size() > SIZE_MAX - kArenaAlign)
    return SPUD_ERROR(kOutOfMemory, "the model's arena size overflows");
  const size_t check = static_cast<size_t>(nb * kPerBuffer) + sizeof(int);
  const size_t arena = static_cast<size_t>(m->arena_size());
  *bytes = arena > check ? arena : check;
  return Status::Ok();
}

Status SessionImpl::create(const ModelView& model, const SessionOptions& options, void* memory,
                           size_t memory_size, SessionImpl** out, ErrorText* err) {
  return create_impl(model, options, memory, memory_size, false, out, err);
}

Status SessionImpl::analyze(const ModelView& model, SessionImpl** out, ErrorText* err) {
  if (model.root->memory_planned())
    return SPUD_ERROR(kInvalidArgument, "shape analysis is for unplanned models");
  return create_impl(model, SessionOptions(), nullptr, 0, true, out, err);
}

Status SessionImpl::create_impl(const ModelView& model, const SessionOptions& options, void* memory,
                                size_t memory_size, bool analyze, SessionImpl** out, ErrorText* err) {
  *out = nullptr;
  if (options.num_threads < 1 || options.num_threads > kMaxThreads)
    return with_detail(err, StatusCode::kInvalidArgument, "the number of threads must be 1 to %d, not %d",
                       kMaxThreads, options.num_threads);
#if !SPUD_THREADS
  if (options.num_threads > 1)
    return SPUD_ERROR(kUnsupported, "this build has no threads (configure with -DSPUD_THREADS=ON)");
#endif
  Layout l;
  SPUD_RETURN_IF_ERROR(compute_layout(model, analyze, &l, err));
  const bool planned = model.root->memory_planned();
  if (memory != nullptr && !planned)
    return SPUD_ERROR(kInvalidArgument, "an unplanned model needs session-owned memory");

  uint8_t* block = nullptr;
  void* owned = nullptr;
  if (memory != nullptr) {
    // The arena follows the persistent part at a 64-byte boundary. The slack
    // covers aligning both starts, whatever `memory`'s alignment; it is the
    // same total spud_model_session_memory reports.
    const size_t slack = kArenaAlign + kBlockAlign + kArenaTail;
    size_t region = 0;
    if (planned) SPUD_RETURN_IF_ERROR(arena_region_size(model, &region));
    if (region > SIZE_MAX - l.total - slack) return SPUD_ERROR(kOutOfMemory, "the model's arena size overflows");
    const size_t need = l.total + region + slack;
    if (memory_size < need)
      return with_detail(err, StatusCode::kOutOfMemory,
                         "session memory is %zu bytes; this model needs %zu", memory_size, need);
    block = static_cast<uint8_t*>(
        reinterpret_cast<void*>(align_up(reinterpret_cast<uintptr_t>(memory), kBlockAlign)));
    // Sizes, not pointers: `memory + memory_size` may not be a valid address.
    const size_t skipped = static_cast<size_t>(block - static_cast<uint8_t*>(memory));
    if (skipped > memory_size || l.total > memory_size - skipped)
      return SPUD_ERROR(kOutOfMemory, "session memory is too small after alignment");
  } else {
    if (options.max_memory_bytes != 0 && l.total > options.max_memory_bytes)
      return with_detail(err, StatusCode::kLimitExceeded,
                         "the session needs %zu bytes, over its limit of %zu (max_memory_bytes)", l.total,
                         options.max_memory_bytes);
    owned = platform::allocate(l.total, kBlockAlign);
    if (owned == nullptr) return SPUD_ERROR(kOutOfMemory, "could not allocate session memory");
    block = static_cast<uint8_t*>(owned);
  }
  memset(block, 0, l.total);

  SessionImpl* s = new (block) SessionImpl();
  s->model_ = model;
  s->analyze_ = analyze;
  s->plan_only_ = options.plan_only;
  s->owned_block_ = owned;
  s->heap_bytes_ = owned != nullptr ? l.total : 0;
  s->max_memory_bytes_ = options.max_memory_bytes;
  s->max_node_elements_ = options.max_node_elements;
  s->max_subgraph_runs_ = options.max_subgraph_runs;
  s->num_threads_ = options.num_threads;
  if (options.num_threads > 1) {
    s->thread_pool_ = thread_pool_create(options.num_threads);
    if (s->thread_pool_ == nullptr) {
      s->~SessionImpl();
      if (owned != nullptr) platform::release(owned);
      return SPUD_ERROR(kOutOfMemory, "could not create the thread pool");
    }
  }
  s->num_tensors_ = static_cast<int>(model.root->tensors()->size());
  s->num_nodes_ = model.root->nodes() == nullptr ? 0 : static_cast<int>(model.root->nodes()->size());
  s->tensors_ = reinterpret_cast<Tensor*>(block + l.tensors);
  for (int i = 0; i < s->num_tensors_; ++i) new (&s->tensors_[i]) Tensor();
  s->nodes_ = reinterpret_cast<NodeState*>(block + l.nodes);
  for (int i = 0; i < s->num_nodes_; ++i) new (&s->nodes_[i]) NodeState();
  s->produced_ = block + l.produced;
  s->dynamic_tensor_memory_ = reinterpret_cast<void**>(block + l.dynamic);
  s->dynamic_scratch_memory_ = s->dynamic_tensor_memory_ + s->num_tensors_;
  s->dynamic_scratch_capacity_ = reinterpret_cast<size_t*>(s->dynamic_scratch_memory_ + s->num_nodes_);

  // Planned for its bounds: some tensor whose shape varies has its place.
  bool bounded = false;
  for (const schema::Tensor* t : *model.root->tensors()) bounded = bounded || t->arena_capacity() > 0;

  // Wire each node's pointer lists and op data.
  const Tensor** in_ptrs = reinterpret_cast<const Tensor**>(block + l.in_ptrs);
  Tensor** out_ptrs = reinterpret_cast<Tensor**>(block + l.out_ptrs);
  size_t op_at = l.op_data;
  for (int i = 0; i < s->num_nodes_; ++i) {
    NodeState& ns = s->nodes_[i];
    ns.node = model.root->nodes()->Get(static_cast<uint32_t>(i));
#if SPUD_CONTROL_FLOW
    ns.end = i + 1;
#endif
    Status st = resolve_kernel(model.root, i, ns.candidates, &ns.num_candidates, err);
    if (!st.ok() && !analyze) {
      destroy(s);
      return st;
    }
    // Dynamic nodes are prepared while running. In a file planned for its
    // bounds (Run() must not allocate) the last definition, the reference
    // one, is theirs; otherwise they may take an accelerated one too, made
    // again only when their inputs' shapes change.
    if (ns.num_candidates > 0 &&
        ((ns.node->dynamic() && (!SPUD_ACCELERATED_TIERS || bounded)) || options.reference_kernels_only)) {
      ns.candidates[0] = ns.candidates[ns.num_candidates - 1];
      ns.num_candidates = 1;
    }
    ns.def = ns.num_candidates > 0 ? ns.candidates[0] : nullptr;
    ns.ctx.num_inputs = list_size(ns.node->inputs());
    ns.ctx.inputs = in_ptrs;
    for (int k = 0; k < ns.ctx.num_inputs; ++k) {
      const int32_t t = ns.node->inputs()->Get(static_cast<uint32_t>(k));
      in_ptrs[k] = t < 0 ? nullptr : &s->tensors_[t];
    }
    in_ptrs += ns.ctx.num_inputs;
    ns.ctx.num_outputs = list_size(ns.node->outputs());
    ns.ctx.outputs = out_ptrs;
    for (int k = 0; k < ns.ctx.num_outputs; ++k) {
      const int32_t t = ns.node->outputs()->Get(static_cast<uint32_t>(k));
      out_ptrs[k] = t < 0 ? nullptr : &s->tensors_[t];
    }
    out_ptrs += ns.ctx.num_outputs;
    ns.ctx.op_data = block + op_at;
    ns.ctx.since_version = ns.node->since_version();
    ns.ctx.thread_pool = s->thread_pool_;
#if SPUD_ACCELERATED_TIERS
    // The loader checked the buffer lies inside the data section.
    if (ns.node->packed_buffer() >= 0 && !options.reference_kernels_only) {
      const schema::Buffer* b = model.root->buffers()->Get(static_cast<uint32_t>(ns.node->packed_buffer()));
      ns.ctx.packed_kind = ns.node->packed_kind()->c_str();
      ns.ctx.packed = model.data_section + b->offset();
      ns.ctx.packed_size = static_cast<size_t>(b->size());
    }
    ns.ctx.pack_sink = options.pack_sink;
    ns.ctx.node_index = i;
#endif
    if (ns.def != nullptr) op_at = align_up(op_at + op_data_size(ns.candidates, ns.num_candidates), kBlockAlign);
  }

  if (planned) {
    s->arena_size_ = static_cast<size_t>(model.root->arena_size());
    if (memory != nullptr) {
      s->arena_ = reinterpret_cast<uint8_t*>(
          align_up(reinterpret_cast<uintptr_t>(block + l.total), kArenaAlign));
    } else {
      size_t region = 0;
      Status st = arena_region_size(model, &region);
      if (st.ok()) st = s->take_heap(region + kArenaTail, 0, &s->owned_arena_, "the arena", nullptr, err);
      if (!st.ok()) {
        destroy(s);
        return st;
      }
      s->arena_ = static_cast<uint8_t*>(s->owned_arena_);
    }
  }

  Status st = Status::Ok();
#if SPUD_CONTROL_FLOW
  st = s->link_subgraphs(err);
  if (st.ok()) st = s->bind(err);
#else
  st = s->bind(err);
#endif
  if (st.ok() && planned && !analyze) st = s->verify_plan(err);
  if (st.ok()) st = s->prepare_nodes(err);
#if SPUD_ACCELERATED_TIERS
  if (st.ok() && !analyze) st = s->allocate_workspace();
#endif
  if (st.ok() && !planned && !analyze) {
    st = s->plan_and_allocate(reinterpret_cast<PlanBuffer*>(block + l.plan_buffers),
                              reinterpret_cast<size_t*>(block + l.plan_offsets),
                              reinterpret_cast<int*>(block + l.plan_work), err);
  }
  if (!st.ok()) {
    destroy(s);
    return st;
  }
  *out = s;
  return Status::Ok();
}

void SessionImpl::destroy(SessionImpl* s) {
  if (s == nullptr) return;
  void* block = s->owned_block_;
  for (int i = 0; i < s->num_nodes_; ++i) {
    NodeState& ns = s->nodes_[i];
    if (ns.prepared && ns.def->release != nullptr) (void)ns.def->release(&ns.ctx);
  }
  if (s->thread_pool_ != nullptr) thread_pool_destroy(s->thread_pool_);
  if (s->owned_arena_ != nullptr) platform::release(s->owned_arena_);
#if SPUD_ACCELERATED_TIERS
  if (s->workspace_ != nullptr) platform::release(s->workspace_);
#endif
  for (int i = 0; i < s->num_tensors_; ++i)
    if (s->dynamic_tensor_memory_[i] != nullptr) platform::release(s->dynamic_tensor_memory_[i]);
  for (int i = 0; i < s->num_nodes_; ++i)
    if (s->dynamic_scratch_memory_[i] != nullptr) platform::release(s->dynamic_scratch_memory_[i]);
#if SPUD_ACCELERATED_TIERS
  for (int i = 0; i < s->num_nodes_; ++i)
    if (s->nodes_[i].seen != nullptr) platform::release(s->nodes_[i].seen);
#endif
  s->~SessionImpl();
  if (block != nullptr) platform::release(block);
}

// Sets tensor `index` from the file: type, declared shape (rank -1 while
// unknown), and where its data is.
Status SessionImpl::init_tensor(int index, ErrorText* err) {
  const schema::Model* m = model_.root;
  const schema::Tensor* ft = m->tensors()->Get(static_cast<uint32_t>(index));
  Tensor& t = tensors_[index];
  t.dtype = static_cast<DType>(ft->dtype());
  t.name = str(ft->name());
  const int rank = ft->shape() == nullptr ? 0 : static_cast<int>(ft->shape()->size());
  int64_t dims[kMaxRank] = {};
  bool symbolic = ft->rank_unknown();
  for (int d = 0; d < rank; ++d) {
    dims[d] = ft->shape()->Get(static_cast<uint32_t>(d));
    if (dims[d] < 0) symbolic = true;
  }
  if (ft->dynamic()) symbolic = true;  // known once its node runs
  if (!symbolic && !set_shape(&t, rank, dims))
    return with_detail(err, StatusCode::kInvalidModel, "tensor '%s': invalid shape", t.name);
  if (symbolic && ft->kind() == TensorKind::INPUT && !analyze_) {
    // Its size is chosen before each run (set_input_shape); until then every
    // symbolic dimension is at its greatest size when bounded, else 1. The
    // nodes it reaches are dynamic. Memory: its planned place when the file
    // was planned for the bounds, else the heap.
    for (int d = 0; d < rank; ++d)
      if (dims[d] < 0) {
        const int64_t most = ft->dim_max() != nullptr ? ft->dim_max()->Get(static_cast<uint32_t>(d)) : -1;
        dims[d] = most >= 0 ? most : 1;
      }
    if (!set_shape(&t, rank, dims))
      return with_detail(err, StatusCode::kInvalidModel, "tensor '%s': invalid shape", t.name);
    if (ft->arena_capacity() > 0 && arena_ != nullptr) {
      t.data = arena_ + ft->arena_offset();
      t.capacity = static_cast<size_t>(ft->arena_capacity());
    }
    return resize_input(index, err);
  }
  if (symbolic) t.rank = -1;  // unknown until its producer's prepare runs (analysis: until set)
  if (ft->kind() == TensorKind::CONSTANT) {
    const schema::Buffer* b = m->buffers()->Get(ft->buffer());
    t.data = const_cast<uint8_t*>(model_.data_section + b->offset());
    t.capacity = static_cast<size_t>(b->size());
    t.constant = true;
  } else if (ft->dynamic() && ft->arena_capacity() > 0 && arena_ != nullptr) {
    // Planned for the bounds: this place holds every size within them.
    t.data = arena_ + ft->arena_offset();
    t.capacity = static_cast<size_t>(ft->arena_capacity());
  } else if (ft->dynamic()) {
    t.data = dynamic_tensor_memory_[index];
    t.capacity = 0;
  } else if (m->memory_planned()) {
    t.data = arena_ + ft->arena_offset();
    t.capacity = t.size_bytes();
  }
  return Status::Ok();
}

// Fills every Tensor from the file and checks that each node reads only
// tensors that exist by the time it runs.
Status SessionImpl::bind(ErrorText* err) {
  const schema::Model* m = model_.root;
  for (int i = 0; i < num_tensors_; ++i) {
    SPUD_RETURN_IF_ERROR(init_tensor(i, err));
    const TensorKind kind = m->tensors()->Get(static_cast<uint32_t>(i))->kind();
    produced_[i] = kind == TensorKind::CONSTANT || kind == TensorKind::INPUT;
  }
  const Status st = bind_range(0, num_nodes_, err);
  if (!st.ok()) return st;
  if (m->outputs() != nullptr)
    for (int32_t t : *m->outputs())
      if (!produced_[t])
        return with_detail(err, StatusCode::kInvalidModel,
                           "graph output '%s' is not produced by any node", tensors_[t].name);
  return Status::Ok();
}

// One graph's nodes (a subgraph's, recursively, inside): each reads only
// what exists by the time it runs, in its own graph or an enclosing one.
SPUD_GRAPH_WALK Status SessionImpl::bind_range(int begin, int end, ErrorText* err) {
  for (int i = begin; i < end; i = next_node(i)) {
    const NodeState& ns = nodes_[i];
    for (int k = 0; k < ns.ctx.num_inputs; ++k) {
      const int32_t t = ns.node->inputs()->Get(static_cast<uint32_t>(k));
      if (t >= 0 && !produced_[t])
        return with_detail(err, StatusCode::kInvalidModel,
                           "node '%s' (%s) reads tensor '%s' before anything produces it",
                           str(ns.node->name()), ns.node->op_type()->c_str(), tensors_[t].name);
    }
#if SPUD_CONTROL_FLOW
    if (ns.control != kNoControl) SPUD_RETURN_IF_ERROR(bind_subgraphs(i, err));
#endif
    for (int k = 0; k < ns.ctx.num_outputs; ++k) {
      const int32_t t = ns.node->outputs()->Get(static_cast<uint32_t>(k));
      if (t < 0) continue;
      if (produced_[t])
        return with_detail(err, StatusCode::kInvalidModel, "tensor '%s' is produced twice",
                           tensors_[t].name);
      produced_[t] = 1;
    }
  }
  return Status::Ok();
}

Status SessionImpl::node_error(int index, const char* phase, Status s, ErrorText* err) const {
  const schema::Node* n = nodes_[index].node;
  return with_detail(err, s.code(), "node '%s' (%s, opset %d) %s: %s", str(n->name()),
                     n->op_type()->c_str(), static_cast<int>(n->since_version()), phase, s.message());
}

// Runs one node's init and, unless it is dynamic, its prepare: with each
// candidate definition in turn until one accepts the node.
Status SessionImpl::prepare_node(int i, bool run_prepare, ErrorText* err, bool reference_init_only) {
  NodeState& ns = nodes_[i];
  if (ns.def == nullptr) return SPUD_ERROR(kUnsupported, "no kernel");  // analysis only
  for (int k = 0; run_prepare && k < ns.ctx.num_inputs; ++k)
    if (ns.ctx.inputs[k] != nullptr && ns.ctx.inputs[k]->rank < 0)
      return node_error(i, "prepare",
                        SPUD_ERROR(kDataDependent, "an input's shape depends on input values"), err);
  const size_t op_bytes = op_data_size(ns.candidates, ns.num_candidates);
  for (int c = 0; c < ns.num_candidates; ++c) {
    ns.def = ns.candidates[c];
    if (c > 0) memset(ns.ctx.op_data, 0, op_bytes);
    if (ns.def->init != nullptr) {
      NodeAttributes attrs(ns.node->attributes(), tensors_, num_tensors_);
      ns.ctx.attributes = &attrs;
      const Status st = ns.def->init(&ns.ctx);
      ns.ctx.attributes = nullptr;
      if (st.code() == StatusCode::kDeclined) continue;
      if (!st.ok()) return node_error(i, "init", st, err);
    }
    ns.ctx.scratch_size = 0;
    ns.ctx.scratch_capacity = 0;
    ns.ctx.persistent_bytes = 0;
    ns.ctx.packed_inputs = 0;
    ns.ctx.workspace_size = 0;
    // The reference definition's prepare may be left to the caller (a
    // dynamic node's, which offers it scratch).
    if (!run_prepare || (reference_init_only && c + 1 == ns.num_candidates)) return Status::Ok();
    const Status st = ns.def->prepare(&ns.ctx);
    if (st.code() == StatusCode::kDeclined) continue;
    if (!st.ok()) return node_error(i, "prepare", st, err);
    ns.prepared = true;
    persistent_kernel_bytes_ += ns.ctx.persistent_bytes;
    return Status::Ok();
  }
  return node_error(i, "prepare", SPUD_ERROR(kInternal, "every kernel for the node declined it"), err);
}

// Dynamic nodes, on every Run(): prepare with the input values there, then
// make sure each output (and the scratch) has memory for the new sizes.
#if SPUD_ACCELERATED_TIERS
// What a dynamic node on an accelerated definition last saw of one input:
// its shape and, when it holds at most kSeenBytes, its values (a scale, a
// size or an axis list a prepare may read).
constexpr size_t kSeenBytes = 64;
struct InputSeen {
  int32_t rank;
  int64_t dims[kMaxRank];
  uint8_t values[kSeenBytes];
};

// Whether a dynamic node's inputs are as when it was last prepared (shapes,
// and the values of small non-constant ones); records them either way.
bool SessionImpl::inputs_unchanged(NodeState& ns) {
  const size_t n = static_cast<size_t>(ns.ctx.num_inputs);
  bool same = ns.seen != nullptr;
  if (ns.seen == nullptr) {
    ns.seen = static_cast<InputSeen*>(platform::allocate(n == 0 ? 1 : n * sizeof(InputSeen), alignof(InputSeen)));
    if (ns.seen == nullptr) return false;
  }
  for (size_t k = 0; k < n; ++k) {
    InputSeen& seen = ns.seen[k];
    const Tensor* t = ns.ctx.inputs[k];
    InputSeen now;
    memset(&now, 0, sizeof(now));
    now.rank = t == nullptr ? -2 : t->rank;
    if (t != nullptr) {
      for (int d = 0; d < t->rank; ++d) now.dims[d] = t->dims[d];
      if (!t->constant && t->data != nullptr && t->size_bytes() <= kSeenBytes)
        memcpy(now.values, t->data, t->size_bytes());
    }
    same = same && memcmp(&seen, &now, sizeof(now)) == 0;
    seen = now;
  }
  return same;
}

Status SessionImpl::grow_workspace(size_t bytes) {
  if (bytes <= workspace_bytes_) return Status::Ok();
  void* grown = platform::allocate(bytes, kArenaAlign);
  if (grown == nullptr) return SPUD_ERROR(kOutOfMemory, "could not allocate the kernels' workspace");
  if (workspace_ != nullptr) platform::release(workspace_);
  persistent_kernel_bytes_ += bytes - workspace_bytes_;
  workspace_ = grown;
  workspace_bytes_ = bytes;
  for (int i = 0; i < num_nodes_; ++i)
    if (nodes_[i].ctx.workspace_size > 0) nodes_[i].ctx.workspace = workspace_;
  return Status::Ok();
}
#endif

Status SessionImpl::prepare_dynamic_node(int i, ErrorText* err) {
  NodeState& ns = nodes_[i];
  for (int k = 0; k < ns.ctx.num_inputs; ++k)
    if (ns.ctx.inputs[k] != nullptr && ns.ctx.inputs[k]->rank < 0)
      return node_error(i, "prepare", SPUD_ERROR(kInternal, "an input was not computed"), err);
#if SPUD_ACCELERATED_TIERS
  if (ns.num_candidates > 1) {
    // May run on an accelerated definition: made again only when the inputs
    // changed (accelerated kernels depend on shapes and constants, and on
    // the small inputs compared here); the reference one is prepared on
    // every run, below.
    const KernelDef* reference = ns.candidates[ns.num_candidates - 1];
    const bool unchanged = inputs_unchanged(ns);
    if (unchanged && ns.prepared && ns.def != reference) return Status::Ok();
    if (!unchanged || !ns.prepared) {
      bool taken = false;
      Status st = prepare_accelerated(i, &taken, err);
      if (st.ok() && taken) st = allocate_dynamic_outputs(i, err);
      // Out of memory half way (workspace, outputs): what was seen is
      // forgotten, so that the next run prepares again instead of running
      // on memory it never got.
      if (!st.ok() && ns.seen != nullptr) {
        platform::release(ns.seen);
        ns.seen = nullptr;
      }
      if (!st.ok() || taken) return st;
    }
  }
#endif
  // The node's own scratch buffer from earlier runs is offered to prepare
  // (kernel.h, scratch_capacity); one that asks for more gets it and runs
  // again, and eval then keeps that buffer.
  Status st;
  for (int attempt = 0;; ++attempt) {
    ns.ctx.scratch = dynamic_scratch_memory_[i];
    ns.ctx.scratch_capacity = dynamic_scratch_capacity_[i];
    ns.ctx.scratch_size = 0;
    st = ns.def->prepare(&ns.ctx);
    if (attempt > 0 || st.code() != StatusCode::kDataDependent || ns.ctx.scratch_size <= ns.ctx.scratch_capacity) break;
    SPUD_RETURN_IF_ERROR(grow_dynamic_scratch(i, ns.ctx.scratch_size, err));
  }
  if (!st.ok()) return node_error(i, "prepare", st, err);
  ns.prepared = true;
  return allocate_dynamic_outputs(i, err);
}

#if SPUD_ACCELERATED_TIERS
// A dynamic node whose inputs changed: its old kernel state goes, and each
// accelerated definition is tried in turn (*taken when one accepts);
// otherwise the reference one is initialized, for prepare_dynamic_node.
Status SessionImpl::prepare_accelerated(int i, bool* taken, ErrorText* err) {
  NodeState& ns = nodes_[i];
  if (ns.prepared && ns.def->release != nullptr) (void)ns.def->release(&ns.ctx);
  if (ns.prepared) persistent_kernel_bytes_ -= ns.ctx.persistent_bytes;
  ns.prepared = false;
  memset(ns.ctx.op_data, 0, op_data_size(ns.candidates, ns.num_candidates));  // init expects it zeroed
  SPUD_RETURN_IF_ERROR(prepare_node(i, true, err, /*reference_init_only=*/true));
  *taken = ns.prepared;
  if (!*taken) return Status::Ok();
  SPUD_RETURN_IF_ERROR(grow_workspace(ns.ctx.workspace_size));
  if (ns.ctx.workspace_size > 0) ns.ctx.workspace = workspace_;
  return Status::Ok();
}
#endif

// A dynamic node just prepared: memory for each output (and the scratch)
// at its new size.
Status SessionImpl::allocate_dynamic_outputs(int i, ErrorText* err) {
  NodeState& ns = nodes_[i];
  const schema::Model* m = model_.root;
  for (int k = 0; k < ns.ctx.num_outputs; ++k) {
    const int32_t index = ns.node->outputs()->Get(static_cast<uint32_t>(k));
    if (index < 0) continue;
    Tensor& t = tensors_[index];
    if (t.dtype != static_cast<DType>(m->tensors()->Get(static_cast<uint32_t>(index))->dtype()) ||
        !set_shape(&t, t.rank, t.dims))
      return node_error(i, "prepare", SPUD_ERROR(kInvalidModel, "an output's type or shape is invalid"), err);
    const size_t need = t.size_bytes();
    if (need <= t.capacity && t.data != nullptr) continue;
    const Status st = replace_tensor_memory(index, need, 0, err);
    if (!st.ok()) return node_error(i, "run", st, err);
  }
  if (max_node_elements_ != 0) {
    // Every input and output was checked by set_shape: each count fits.
    uint64_t elements = 0;
    for (int k = 0; k < ns.ctx.num_inputs; ++k)
      if (ns.ctx.inputs[k] != nullptr) elements += static_cast<uint64_t>(ns.ctx.inputs[k]->num_elements());
    for (int k = 0; k < ns.ctx.num_outputs; ++k)
      if (ns.ctx.outputs[k] != nullptr) elements += static_cast<uint64_t>(ns.ctx.outputs[k]->num_elements());
    if (elements > max_node_elements_)
      return with_detail(err, StatusCode::kLimitExceeded,
                         "node '%s' (%s): its inputs and outputs have %llu elements, over the session's limit of %llu "
                         "(max_node_elements)",
                         str(ns.node->name()), ns.node->op_type()->c_str(), static_cast<unsigned long long>(elements),
                         static_cast<unsigned long long>(max_node_elements_));
  }
  const size_t need = ns.ctx.scratch_size;
  ns.ctx.scratch_capacity = 0;
  if (m->memory_planned() && need <= ns.node->scratch_size()) {
    // Planned for the bounds (or none needed).
    ns.ctx.scratch = arena_ + ns.node->scratch_offset();
    return Status::Ok();
  }
  if (need <= dynamic_scratch_capacity_[i] && dynamic_scratch_memory_[i] != nullptr) {
    ns.ctx.scratch = dynamic_scratch_memory_[i];  // what prepare was offered
    return Status::Ok();
  }
  SPUD_RETURN_IF_ERROR(grow_dynamic_scratch(i, need, err));
  ns.ctx.scratch = dynamic_scratch_memory_[i];
  return Status::Ok();
}

// Replaces dynamic node i's scratch buffer by one of `bytes` (its contents
// are not kept).
Status SessionImpl::grow_dynamic_scratch(int i, size_t bytes, ErrorText* err) {
  void*& held = dynamic_scratch_memory_[i];
  if (held != nullptr) give_heap(held, dynamic_scratch_capacity_[i]);
  held = nullptr;
  dynamic_scratch_capacity_[i] = 0;
  const Status st = take_heap(bytes, 0, &held, "the scratch of node", str(nodes_[i].node->name()), err);
  if (!st.ok()) return node_error(i, "run", st, err);
  dynamic_scratch_capacity_[i] = bytes;
  return Status::Ok();
}

// Runs init and prepare for every node, in order, and checks the computed
// output types and shapes against what the file declares.
Status SessionImpl::prepare_nodes(ErrorText* err) {
  const schema::Model* m = model_.root;
  const bool planned = m->memory_planned();
  // Weights a kernel packs need not stay resident: once every node that
  // reads a constant has packed it, the model's pages of it may go. (The
  // bytes binding used are free by now: count each constant's readers.)
  const bool drop_packed = SPUD_ACCELERATED_TIERS && model_.file_mapped && planned && !analyze_;
  uint8_t* readers = produced_;
  memset(readers, 0, static_cast<size_t>(num_tensors_));
  for (int i = 0; drop_packed && i < num_nodes_; ++i)
    for (int k = 0; k < nodes_[i].ctx.num_inputs; ++k) {
      const int32_t t = nodes_[i].node->inputs()->Get(static_cast<uint32_t>(k));
      if (t >= 0 && tensors_[t].constant && readers[t] < 255) ++readers[t];
    }
  return prepare_range(0, num_nodes_, drop_packed, readers, err);
}

// Nodes in execution order; a control-flow node's subgraphs between its
// start (body inputs set) and its end (outputs computed).
SPUD_GRAPH_WALK Status SessionImpl::prepare_range(int begin, int end, bool drop_packed, uint8_t* readers, ErrorText* err) {
  const schema::Model* m = model_.root;
  const bool planned = m->memory_planned();
  for (int i = begin; i < end; i = next_node(i)) {
    NodeState& ns = nodes_[i];
    const bool dynamic = ns.node->dynamic();
    has_dynamic_nodes_ = has_dynamic_nodes_ || dynamic;
    // A dynamic node's outputs are exactly the dynamic tensors it writes: a
    // static node writing one would find no memory planned for it.
    for (int k = 0; k < ns.ctx.num_outputs; ++k) {
      const int32_t index = ns.node->outputs()->Get(static_cast<uint32_t>(k));
      if (index >= 0 && m->tensors()->Get(static_cast<uint32_t>(index))->dynamic() != dynamic)
        return node_error(i, "prepare",
                          SPUD_ERROR(kInvalidModel, "a node's outputs must be dynamic exactly when the node is"), err);
    }
    // A graph input whose shape is chosen at run time may only feed nodes
    // prepared at run time: a static node would run on its old shapes.
    for (int k = 0; !dynamic && !analyze_ && k < ns.ctx.num_inputs; ++k) {
      const int32_t t = ns.node->inputs()->Get(static_cast<uint32_t>(k));
      if (t >= 0 && symbolic_input(m->tensors()->Get(static_cast<uint32_t>(t))))
        return with_detail(err, StatusCode::kInvalidModel,
                           "node '%s' (%s) reads input '%s', whose shape is chosen at run time, but the file "
                           "does not mark the node dynamic",
                           str(ns.node->name()), ns.node->op_type()->c_str(), tensors_[t].name);
    }
#if SPUD_CONTROL_FLOW
    const Status st = ns.control != kNoControl ? prepare_control(i, err) : prepare_node(i, !dynamic, err);
#else
    const Status st = prepare_node(i, !dynamic, err);
#endif
    ns.prepare_code = st.code();
    for (int k = 0; drop_packed && st.ok() && k < ns.ctx.num_inputs && k < 32; ++k) {
      const int32_t t = ns.node->inputs()->Get(static_cast<uint32_t>(k));
      if (t < 0 || !tensors_[t].constant || (ns.ctx.packed_inputs >> k & 1u) == 0) continue;
      if (readers[t] == 255 || --readers[t] > 0) continue;  // 255: too many readers to count
      platform::drop_file_pages(tensors_[t].data, tensors_[t].capacity);
    }
    if (dynamic && st.ok()) continue;
    if (!st.ok()) {
      if (!analyze_ && st.code() == StatusCode::kDataDependent)
        return node_error(i, "prepare",
                          SPUD_ERROR(kInvalidModel, "its shapes depend on input values but the file does not mark it dynamic"),
                          err);
      if (!analyze_) return st;
      // Analysis: leave this node's outputs as the file declares them.
      for (int k = 0; k < ns.ctx.num_outputs; ++k) {
        const int32_t index = ns.node->outputs()->Get(static_cast<uint32_t>(k));
        if (index >= 0) SPUD_RETURN_IF_ERROR(init_tensor(index, err));
      }
      continue;
    }
    for (int k = 0; k < ns.ctx.num_outputs; ++k) {
      const int32_t index = ns.node->outputs()->Get(static_cast<uint32_t>(k));
      if (index < 0) continue;
      SPUD_RETURN_IF_ERROR(check_against_file(ns, m->tensors()->Get(static_cast<uint32_t>(index)),
                                              &tensors_[index], planned, analyze_, err));
    }
    if (planned) {
      if (ns.ctx.scratch_size > ns.node->scratch_size())
        return with_detail(err, StatusCode::kInvalidModel,
                           "node '%s' (%s) needs %zu bytes of scratch; the file plans %llu",
                           str(ns.node->name()), ns.node->op_type()->c_str(), ns.ctx.scratch_size,
                           static_cast<unsigned long long>(ns.node->scratch_size()));
      ns.ctx.scratch = arena_ + ns.node->scratch_offset();
      ns.ctx.scratch_size = static_cast<size_t>(ns.node->scratch_size());
    }
  }
  return Status::Ok();
}

// The kernels' shared workspace: one block for the largest request, made
// after every prepare and before any eval; kernel state, like packed weights.
#if SPUD_ACCELERATED_TIERS
Status SessionImpl::allocate_workspace() {
  size_t bytes = 0;
  for (int i = 0; i < num_nodes_; ++i)
    if (nodes_[i].prepared && nodes_[i].ctx.workspace_size > bytes) bytes = nodes_[i].ctx.workspace_size;
  if (bytes == 0) return Status::Ok();
  workspace_ = platform::allocate(bytes, kArenaAlign);
  if (workspace_ == nullptr) return SPUD_ERROR(kOutOfMemory, "could not allocate the kernels' workspace");
  workspace_bytes_ = bytes;
  persistent_kernel_bytes_ += bytes;
  for (int i = 0; i < num_nodes_; ++i)
    if (nodes_[i].ctx.workspace_size > 0) nodes_[i].ctx.workspace = workspace_;
  return Status::Ok();
}
#endif

// Every tensor's and every node's scratch lifetime from the node order,
// with `sizes` (per tensor, then per node's scratch).
void SessionImpl::plan_lifetimes(const size_t* sizes, PlanBuffer* bufs) const {
  const schema::Model* m = model_.root;
  const int last = num_nodes_ > 0 ? num_nodes_ - 1 : 0;
  for (int i = 0; i < num_tensors_; ++i) {
    const schema::Tensor* ft = m->tensors()->Get(static_cast<uint32_t>(i));
    bufs[i].size = sizes[i];
    bufs[i].first_step = ft->kind() == TensorKind::INPUT ? 0 : -1;
    // Inputs and outputs live through the whole run: the caller writes inputs
    // once and may run again, and reads outputs after the last node.
    const bool whole_run = ft->kind() == TensorKind::OUTPUT || ft->kind() == TensorKind::INPUT;
    bufs[i].last_step = whole_run ? last : -1;
  }
  for (int n = 0; n < num_nodes_; ++n) {
    const NodeState& ns = nodes_[n];
    for (int k = 0; k < ns.ctx.num_outputs; ++k) {
      const int32_t t = ns.node->outputs()->Get(static_cast<uint32_t>(k));
      if (t >= 0 && bufs[t].first_step < 0) bufs[t].first_step = n;
    }
#if SPUD_CONTROL_FLOW
    // A subgraph's inputs are written by its node, from its start, and its
    // outputs read at the end of each iteration: both live through the node.
    if (ns.control != kNoControl && ns.node->attributes() != nullptr)
      for (const schema::Attribute* a : *ns.node->attributes()) {
        if (a->type() != schema::AttributeType::GRAPH) continue;
        const schema::Subgraph* sg = m->subgraphs()->Get(static_cast<uint32_t>(a->g()));
        for (uint32_t k = 0; k < sg->num_inputs() + sg->num_outputs(); ++k) {
          const int32_t t = m->subgraph_tensors()->Get(sg->io_begin() + k);
          if (bufs[t].first_step < 0) bufs[t].first_step = n;
          if (bufs[t].last_step < ns.end - 1) bufs[t].last_step = ns.end - 1;
        }
      }
#endif
    for (int k = 0; k < ns.ctx.num_inputs; ++k) {
      const int32_t t = ns.node->inputs()->Get(static_cast<uint32_t>(k));
      if (t < 0) continue;
#if SPUD_CONTROL_FLOW
      // Read inside a subgraph: alive until the end of the outermost node
      // whose subgraph does not define it (a loop body runs again).
      const TensorKind kind = m->tensors()->Get(static_cast<uint32_t>(t))->kind();
      const int f = kind == TensorKind::INPUT || kind == TensorKind::CONSTANT ? -1 : bufs[t].first_step;
      int r = n;
      while (nodes_[r].parent >= 0) {
        const int p = nodes_[r].parent;
        if (f >= p && f < nodes_[p].end) break;
        r = p;
      }
      if (bufs[t].last_step < nodes_[r].end - 1) bufs[t].last_step = nodes_[r].end - 1;
#else
      if (bufs[t].last_step < n) bufs[t].last_step = n;
#endif
    }
    bufs[num_tensors_ + n] = PlanBuffer{sizes[num_tensors_ + n], n, n};
  }
  for (int i = 0; i < num_tensors_; ++i) {
    if (bufs[i].first_step < 0) bufs[i].first_step = 0;
    if (bufs[i].last_step < bufs[i].first_step) bufs[i].last_step = bufs[i].first_step;
  }
}

Status SessionImpl::plan_at_sizes(const size_t* sizes, PlanBuffer* bufs, int* work, size_t* offsets,
                                  size_t* arena_size) const {
  plan_lifetimes(sizes, bufs);
  return plan_arena(bufs, num_tensors_ + num_nodes_, kArenaAlign, work, offsets, arena_size);
}

// The bytes of the arena a tensor of a planned file occupies: none for
// constants and for what lives on the heap (dynamic tensors and symbolic
// inputs without a planned capacity).
static size_t planned_bytes(const schema::Tensor* ft, const Tensor& t) {
  if (!arena_resident(ft)) return 0;
  if (ft->arena_capacity() > 0) return static_cast<size_t>(ft->arena_capacity());
  if (ft->dynamic() || symbolic_input(ft)) return 0;
  return t.size_bytes();
}

Status SessionImpl::verify_plan(ErrorText* err) {
  const schema::Model* m = model_.root;
  const int nb = num_tensors_ + num_nodes_;
  PlanBuffer* bufs = reinterpret_cast<PlanBuffer*>(arena_);
  size_t* offsets = reinterpret_cast<size_t*>(bufs + nb);
  int* work = reinterpret_cast<int*>(offsets + nb);
  // Sizes go through `offsets` first, as in plan_and_allocate.
  for (int i = 0; i < num_tensors_; ++i)
    offsets[i] = planned_bytes(m->tensors()->Get(static_cast<uint32_t>(i)), tensors_[i]);
  for (int n = 0; n < num_nodes_; ++n) offsets[num_tensors_ + n] = static_cast<size_t>(nodes_[n].node->scratch_size());
  plan_lifetimes(offsets, bufs);
  for (int i = 0; i < num_tensors_; ++i)
    offsets[i] = static_cast<size_t>(m->tensors()->Get(static_cast<uint32_t>(i))->arena_offset());
  for (int n = 0; n < num_nodes_; ++n) offsets[num_tensors_ + n] = static_cast<size_t>(nodes_[n].node->scratch_offset());
  int a = 0, b = 0;
  if (check_plan(bufs, offsets, nb, work, &a, &b)) return Status::Ok();
  char what[2][80];
  for (int k = 0; k < 2; ++k) {
    const int x = k == 0 ? a : b;
    if (x < num_tensors_)
      snprintf(what[k], sizeof(what[k]), "tensor '%s'", tensors_[x].name);
    else
      snprintf(what[k], sizeof(what[k]), "the scratch of node '%s'", str(nodes_[x - num_tensors_].node->name()));
  }
  const int step = bufs[a].first_step > bufs[b].first_step ? bufs[a].first_step : bufs[b].first_step;
  return with_detail(err, StatusCode::kInvalidModel,
                     "the file's memory plan puts %s and %s in the same arena bytes while both are alive (node %d)",
                     what[0], what[1], step);
}

// Unplanned files: sizes from prepare, the shared planner, then one arena
// allocation. The sizes go through `offsets` first (it has room for them).
Status SessionImpl::plan_and_allocate(PlanBuffer* bufs, size_t* offsets, int* work, ErrorText* err) {
  const schema::Model* m = model_.root;
  const int nb = num_tensors_ + num_nodes_;
  for (int i = 0; i < num_tensors_; ++i) {
    const schema::Tensor* ft = m->tensors()->Get(static_cast<uint32_t>(i));
    const bool heap = ft->dynamic() || dynamic_tensor_memory_[i] != nullptr;  // symbolic inputs too
    offsets[i] = arena_resident(ft) && !heap && tensors_[i].rank >= 0 ? tensors_[i].size_bytes() : 0;
  }
  for (int n = 0; n < num_nodes_; ++n) offsets[num_tensors_ + n] = nodes_[n].ctx.scratch_size;
  plan_lifetimes(offsets, bufs);
  SPUD_RETURN_IF_ERROR(plan_arena(bufs, nb, kArenaAlign, work, offsets, &arena_size_));
  if (arena_size_ > SIZE_MAX - kArenaTail) return SPUD_ERROR(kOutOfMemory, "the arena size overflows");
  if (plan_only_) {
    plan_offsets_ = offsets;  // the block's, kept for planned_offset()
    return Status::Ok();
  }
  SPUD_RETURN_IF_ERROR(take_heap(arena_size_ + kArenaTail, 0, &owned_arena_, "the arena", nullptr, err));
  arena_ = static_cast<uint8_t*>(owned_arena_);
  for (int i = 0; i < num_tensors_; ++i) {
    const schema::Tensor* ft = m->tensors()->Get(static_cast<uint32_t>(i));
    if (!arena_resident(ft) || ft->dynamic() || dynamic_tensor_memory_[i] != nullptr) continue;
    tensors_[i].data = arena_ + offsets[i];
    tensors_[i].capacity = bufs[i].size;
  }
  for (int n = 0; n < num_nodes_; ++n) {
    if (!nodes_[n].node->dynamic()) nodes_[n].ctx.scratch = arena_ + offsets[num_tensors_ + n];
  }
  return Status::Ok();
}

bool SessionImpl::planned_offset(int buffer, size_t* offset) const {
  if (!plan_only_ || plan_offsets_ == nullptr || buffer < 0 || buffer >= num_tensors_ + num_nodes_) return false;
  if (buffer < num_tensors_) {
    const schema::Tensor* ft = model_.root->tensors()->Get(static_cast<uint32_t>(buffer));
    if (!arena_resident(ft) || ft->dynamic() || dynamic_tensor_memory_[buffer] != nullptr ||
        tensors_[buffer].rank < 0)
      return false;
  } else if (nodes_[buffer - num_tensors_].node->dynamic()) {
    return false;
  }
  *offset = plan_offsets_[buffer];
  return true;
}

#if SPUD_CONTROL_FLOW
// Control flow's dynamic tensors (control_flow.cc).
Status SessionImpl::reserve(int index, size_t bytes, size_t keep, bool grow, ErrorText* err) {
  Tensor& t = tensors_[index];
  if (t.data != nullptr && bytes <= t.capacity) return Status::Ok();
  size_t want = bytes == 0 ? 1 : bytes;
  if (grow && t.capacity <= SIZE_MAX / 2 && 2 * t.capacity > want) want = 2 * t.capacity;
  return replace_tensor_memory(index, want, keep, err);
}
#endif

// A graph input with symbolic dimensions: memory from the heap for its
// current shape, kept while it is big enough; when it cannot grow, the
// memory it had stays.
Status SessionImpl::resize_input(int index, ErrorText* err) {
  Tensor& t = tensors_[index];
  const size_t need = t.size_bytes();
  if (t.data != nullptr && need <= t.capacity) return Status::Ok();
  return replace_tensor_memory(index, need, 0, err);
}

Status SessionImpl::take_heap(size_t bytes, size_t releasing, void** out, const char* what, const char* name,
                              ErrorText* err) {
  const size_t kept = heap_bytes_ - releasing;
  // `what` and `name` go into the message as they are: nothing is
  // formatted unless the allocation fails.
  const char* open = name != nullptr ? " '" : "";
  const char* close = name != nullptr ? "'" : "";
  if (name == nullptr) name = "";
  if (max_memory_bytes_ != 0 && (bytes > max_memory_bytes_ || kept > max_memory_bytes_ - bytes))
    return with_detail(err, StatusCode::kLimitExceeded,
                       "%s%s%s%s needs %zu bytes; with the %zu the session holds that is over its limit of %zu "
                       "(max_memory_bytes)",
                       what, open, name, close, bytes, kept, max_memory_bytes_);
  *out = platform::allocate(bytes == 0 ? 1 : bytes, kArenaAlign);
  if (*out == nullptr)
    return with_detail(err, StatusCode::kOutOfMemory, "%s%s%s%s: could not allocate %zu bytes", what, open, name,
                       close, bytes);
  heap_bytes_ += bytes;
  return Status::Ok();
}

void SessionImpl::give_heap(void* p, size_t bytes) {
  platform::release(p);
  heap_bytes_ -= bytes;
}

Status SessionImpl::replace_tensor_memory(int index, size_t bytes, size_t keep, ErrorText* err) {
  Tensor& t = tensors_[index];
  void*& held = dynamic_tensor_memory_[index];
  const size_t held_bytes = held != nullptr ? t.capacity : 0;
  void* p = nullptr;
  SPUD_RETURN_IF_ERROR(take_heap(bytes, held_bytes, &p, "tensor", t.name, err));
  if (keep > 0 && t.data != nullptr) memcpy(p, t.data, keep < t.capacity ? keep : t.capacity);
  if (held != nullptr) give_heap(held, held_bytes);
  held = p;
  t.data = p;
  t.capacity = bytes;
  return Status::Ok();
}

Status SessionImpl::count_subgraph_run(int node, ErrorText* err) {
  if (max_subgraph_runs_ == 0 || ++subgraph_runs_ <= max_subgraph_runs_) return Status::Ok();
  return with_detail(err, StatusCode::kLimitExceeded,
                     "node '%s' (%s): this run has made %llu subgraph runs, the session's limit (max_subgraph_runs)",
                     str(nodes_[node].node->name()), nodes_[node].node->op_type()->c_str(),
                     static_cast<unsigned long long>(max_subgraph_runs_));
}

Status SessionImpl::set_input_shape(int i, const int64_t* dims, int rank, ErrorText* err) {
  Tensor* t = input(i);
  if (t == nullptr) return with_detail(err, StatusCode::kInvalidArgument, "no input %d", i);
  const int32_t index = model_.root->inputs()->Get(static_cast<uint32_t>(i));
  const schema::Tensor* ft = model_.root->tensors()->Get(static_cast<uint32_t>(index));
  const int declared = ft->shape() == nullptr ? 0 : static_cast<int>(ft->shape()->size());
  if (rank != declared || (rank > 0 && dims == nullptr))
    return with_detail(err, StatusCode::kInvalidArgument, "input '%s' has rank %d, not %d", t->name, declared, rank);
  bool symbolic = false;
  for (int d = 0; d < rank; ++d) {
    const int64_t want = ft->shape()->Get(static_cast<uint32_t>(d));
    symbolic = symbolic || want < 0;
    if (want >= 0 && dims[d] != want)
      return with_detail(err, StatusCode::kInvalidArgument,
                         "input '%s' dimension %d is fixed at %lld by the model, not %lld", t->name, d,
                         static_cast<long long>(want), static_cast<long long>(dims[d]));
    if (dims[d] < 0)
      return with_detail(err, StatusCode::kInvalidArgument, "input '%s' dimension %d: %lld is negative", t->name, d,
                         static_cast<long long>(dims[d]));
    const int64_t least = ft->dim_min() != nullptr ? ft->dim_min()->Get(static_cast<uint32_t>(d)) : 0;
    const int64_t most = ft->dim_max() != nullptr ? ft->dim_max()->Get(static_cast<uint32_t>(d)) : -1;
    if (dims[d] < least || (most >= 0 && dims[d] > most))
      return with_detail(err, StatusCode::kInvalidArgument,
                         "input '%s' dimension %d: %lld is outside the bounds %lld..%lld the file was planned for",
                         t->name, d, static_cast<long long>(dims[d]), static_cast<long long>(least),
                         static_cast<long long>(most));
  }
  if (!symbolic) return Status::Ok();  // the one shape it has
  Tensor next = *t;
  if (!set_shape(&next, rank, dims))
    return with_detail(err, StatusCode::kInvalidArgument, "input '%s': the shape is too large", t->name);
  // When its memory cannot grow (out of memory, max_memory_bytes), the
  // input keeps its shape too, so that it always holds as many bytes as its
  // shape says.
  const Tensor before = *t;
  memcpy(t->dims, next.dims, sizeof(t->dims));
  t->rank = next.rank;
  const Status st = resize_input(index, err);
  if (!st.ok()) memcpy(t->dims, before.dims, sizeof(t->dims));
  return st;
}

Status SessionImpl::run(ErrorText* err) {
  subgraph_runs_ = 0;
  return run_range(0, num_nodes_, err);
}

SPUD_GRAPH_WALK Status SessionImpl::run_range(int begin, int end, ErrorText* err) {
  for (int i = begin; i < end; i = next_node(i)) {
    NodeState& ns = nodes_[i];
#if SPUD_CONTROL_FLOW
    if (ns.control != kNoControl) {
      SPUD_RETURN_IF_ERROR(run_control(i, err));
      continue;
    }
#endif
    if (has_dynamic_nodes_ && ns.node->dynamic()) SPUD_RETURN_IF_ERROR(prepare_dynamic_node(i, err));
    const uint64_t start = profile_ns_ != nullptr ? platform::now_ns() : 0;
    const Status st = ns.def->eval(&ns.ctx);
    if (profile_ns_ != nullptr) profile_ns_[i] += platform::now_ns() - start;
    if (!st.ok()) return node_error(i, "eval", st, err);
  }
  return Status::Ok();
}

int SessionImpl::num_inputs() const { return list_size(model_.root->inputs()); }
int SessionImpl::num_outputs() const { return list_size(model_.root->outputs()); }
Tensor* SessionImpl::input(int i) const {
  if (i < 0 || i >= num_inputs()) return nullptr;
  return &tensors_[model_.root->inputs()->Get(static_cast<uint32_t>(i))];
}
Tensor* SessionImpl::output(int i) const {
  if (i < 0 || i >= num_outputs()) return nullptr;
  return &tensors_[model_.root->outputs()->Get(static_cast<uint32_t>(i))];
}

}  // namespace spud
