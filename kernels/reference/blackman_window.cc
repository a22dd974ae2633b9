// BlackmanWindow: the Blackman window, 0.42 - 0.5 cos(2 pi n / N) + 0.08 cos(4 pi n / N) (see window.h).
#include "window.h"

namespace spud {
namespace kernels {
namespace {

Status eval(KernelContext* ctx) {
  return eval_window_fn(ctx, [](double t) { return 0.42 - 0.5 * cos(t) + 0.08 * cos(2 * t); });
}

}  // namespace

// The size may be int32 or int64.
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kBlackmanWindowInt32 = {"", "BlackmanWindow", 17, 17, dtype_bit(DType::kInt32), 0, sizeof(WindowFnData), init_window_fn, prepare_window_fn, eval};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kBlackmanWindowInt64 = {"", "BlackmanWindow", 17, 17, dtype_bit(DType::kInt64), 0, sizeof(WindowFnData), init_window_fn, prepare_window_fn, eval};
#endif

}  // namespace kernels
}  // namespace spud
