// What every XNNPACK kernel shares: one process-wide xnn_initialize with an
// allocator that counts the bytes XNNPACK holds (so a kernel can report its
// packed weights and operator objects as persistent state), and the mapping
// of xnn_status onto spud's codes.
//
// Every kernels/xnnpack/<op>.cc follows the same pattern: init parses the
// attributes as its reference twin does; prepare computes the same output
// shape, returns kDeclined for nodes it does not serve, and otherwise creates
// the operator (packing constant weights) and, when the tensors already have
// their memory, sets it up; eval sets up again only if a pointer moved (the
// converter's own unplanned sessions) and runs; release deletes the
// operator (XnnpackOperator and the helpers below do this for kernels of
// one operator). An XNNPACK kernel asks for the same scratch as its
// reference twin (none, today): the converter plans whichever kernel its
// own build picks, and the file must run on every build.
#ifndef SPUD_KERNELS_XNNPACK_XNNPACK_SUPPORT_H_
#define SPUD_KERNELS_XNNPACK_XNNPACK_SUPPORT_H_

#include <xnnpack.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {

// Initializes XNNPACK once per process (thread-safe). Fails when the CPU is
// not supported; kernels then decline and the reference tier runs.
bool xnnpack_available();

// Bytes XNNPACK currently holds through spud's allocator, all sessions
// together.
size_t xnnpack_live_bytes();
// Bytes the calling thread has had from that allocator minus those it gave
// back: sessions created at once on other threads do not move it.
int64_t xnnpack_thread_bytes();

Status xnnpack_status(enum xnn_status s);

// Memory a kernel keeps beside its operators (a workspace made at prepare),
// from the same counting allocator, so PersistentBytes sees it: 64-byte
// aligned, null when out of memory. xnnpack_free(nullptr) does nothing.
void* xnnpack_allocate(size_t bytes);
void xnnpack_free(void* ptr);

inline pthreadpool_t xnnpack_pool(const KernelContext* ctx) {
  return static_cast<pthreadpool_t>(ctx->thread_pool);
}

// Brackets an operator's creation: bytes XNNPACK allocated in between on
// this thread are added to the node's persistent state.
class PersistentBytes {
 public:
  explicit PersistentBytes(KernelContext* ctx) : ctx_(ctx), before_(xnnpack_thread_bytes()) {}
  ~PersistentBytes() {
    const int64_t now = xnnpack_thread_bytes();
    if (now > before_) ctx_->persistent_bytes += static_cast<size_t>(now - before_);
  }

 private:
  KernelContext* ctx_;
  int64_t before_;
};

// Constants packed once, at prepare: the file's pre-packed bytes for the
// node (spud convert --prepack) used in place, or a block packed now.
struct PackedState {
  const void* bytes;  // what eval reads
  void* made;         // the block made here (== bytes), or null
};

// Gets `size` bytes of packed state of layout `kind` (which names its
// dimensions too): the file's bytes when the node has exactly that kind and
// size (state->made null: nothing to pack), else a block from
// xnnpack_allocate (state->made: pack into it, then share_packed).
// kOutOfMemory when the allocator fails.
Status begin_packed(KernelContext* ctx, const char* kind, size_t size, PackedState* state);
// Hands a block just packed to the converter, when it asked (--prepack).
void share_packed(const KernelContext* ctx, const char* kind, const PackedState& state, size_t size);
void free_packed(PackedState* state);

// Deletes *op (if any) and clears it.
inline void xnnpack_delete(xnn_operator_t* op) {
  if (*op != nullptr) xnn_delete_operator(*op);
  *op = nullptr;
}

// What a kernel running one XNNPACK operator keeps, first in its op data:
// the operator and the pointers it was last set up with.
struct XnnpackOperator {
  xnn_operator_t op;
  const void* in;
  const void* in2;
  void* out;
};

inline XnnpackOperator* xnnpack_operator(const KernelContext* ctx) {
  return static_cast<XnnpackOperator*>(ctx->op_data);
}

// A Setup function calls this after xnn_setup_*: these are the pointers now.
inline void remember_pointers(const KernelContext* ctx) {
  XnnpackOperator* x = xnnpack_operator(ctx);
  x->in = ctx->input(0)->data;
  x->in2 = ctx->input(1) != nullptr ? ctx->input(1)->data : nullptr;
  x->out = ctx->output(0)->data;
}

// Whether a tensor has its memory (planned sessions), large enough for the
// shape prepare gave it. Prepare runs before the session compares that shape
// with the file's: a file whose attributes imply a larger output than it
// planned is refused then, and meanwhile must not make XNNPACK build
// indirection buffers for the larger output.
inline bool has_memory(const Tensor* t) { return t->data != nullptr && t->size_bytes() <= t->capacity; }

// The end of prepare, after the operator was created: set it up now when
// every tensor has its memory (has_memory), so Run() allocates nothing; on
// failure the operator goes.
template <Status (*Setup)(KernelContext*)>
Status setup_when_bound(KernelContext* ctx) {
  const bool bound = has_memory(ctx->input(0)) && has_memory(ctx->output(0)) &&
                     (ctx->input(1) == nullptr || has_memory(ctx->input(1)));
  if (!bound) return Status::Ok();
  const Status st = Setup(ctx);
  if (!st.ok()) xnnpack_delete(&xnnpack_operator(ctx)->op);
  return st;
}

// eval: set up again only if a pointer moved (the converter's own
// unplanned sessions), then run.
template <Status (*Setup)(KernelContext*)>
Status run_operator(KernelContext* ctx) {
  XnnpackOperator* x = xnnpack_operator(ctx);
  const Tensor* in2 = ctx->input(1);
  if (x->in != ctx->input(0)->data || x->out != ctx->output(0)->data || (in2 != nullptr && x->in2 != in2->data))
    SPUD_RETURN_IF_ERROR(Setup(ctx));
  return xnnpack_status(xnn_run_operator(x->op, xnnpack_pool(ctx)));
}

// Setup of an operator over an NHWC image X [N,H,W,C] into Y (the pools).
using XnnNhwcSetup = enum xnn_status (*)(xnn_operator_t, size_t, size_t, size_t, const float*, float*,
                                         pthreadpool_t);
template <XnnNhwcSetup Setup>
Status setup_nhwc(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_RETURN_IF_ERROR(xnnpack_status(Setup(xnnpack_operator(ctx)->op, static_cast<size_t>(x->dims[0]),
                                            static_cast<size_t>(x->dims[1]), static_cast<size_t>(x->dims[2]),
                                            x->data_as<const float>(), ctx->output(0)->data_as<float>(),
                                            xnnpack_pool(ctx))));
  remember_pointers(ctx);
  return Status::Ok();
}

inline Status release_operator(KernelContext* ctx) {
  xnnpack_delete(&xnnpack_operator(ctx)->op);
  return Status::Ok();
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_XNNPACK_XNNPACK_SUPPORT_H_
