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
// operator. An XNNPACK kernel asks for no more scratch than its reference
// twin, so a file planned on one build runs on every other.
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

Status xnnpack_status(enum xnn_status s);

inline pthreadpool_t xnnpack_pool(const KernelContext* ctx) {
  return static_cast<pthreadpool_t>(ctx->thread_pool);
}

// Brackets an operator's creation: bytes XNNPACK allocated in between are
// added to the node's persistent state.
class PersistentBytes {
 public:
  explicit PersistentBytes(KernelContext* ctx) : ctx_(ctx), before_(xnnpack_live_bytes()) {}
  ~PersistentBytes() {
    const size_t now = xnnpack_live_bytes();
    if (now > before_) ctx_->persistent_bytes += now - before_;
  }

 private:
  KernelContext* ctx_;
  size_t before_;
};

// Deletes *op (if any) and clears it.
inline void xnnpack_delete(xnn_operator_t* op) {
  if (*op != nullptr) xnn_delete_operator(*op);
  *op = nullptr;
}

// The clamp an operator applies to its output: `activation_min/max`
// attributes of spud's fused operators, else none.
struct OutputRange {
  float min = -__builtin_inff();
  float max = __builtin_inff();
};

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_XNNPACK_XNNPACK_SUPPORT_H_
