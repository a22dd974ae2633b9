// HammingWindow: the Hamming window, 25/46 - 21/46 cos(2 pi n / N) (see window.h).
#include "window.h"

namespace spud {
namespace kernels {
namespace {

Status eval(KernelContext* ctx) {
  return eval_window_fn(ctx, [](double t) { return 25.0 / 46.0 - 21.0 / 46.0 * cos(t); });
}

}  // namespace

// The size may be int32 or int64.
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kHammingWindowInt32 = {"", "HammingWindow", 17, 17, dtype_bit(DType::kInt32), 0, sizeof(WindowFnData), init_window_fn, prepare_window_fn, eval};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kHammingWindowInt64 = {"", "HammingWindow", 17, 17, dtype_bit(DType::kInt64), 0, sizeof(WindowFnData), init_window_fn, prepare_window_fn, eval};
#endif

}  // namespace kernels
}  // namespace spud
