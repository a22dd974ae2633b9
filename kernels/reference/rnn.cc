// RNN: H = f(X·W^T + H·R^T + Wb + Rb) with optional initial_h, outputs Y and
// Y_h; every attribute ONNX defines (opsets 1, 7 and 14). The recurrence is
// rnn_util.h's, its products plain loops.
#include "rnn_util.h"

namespace spud {
namespace kernels {
namespace {

Status init(KernelContext* ctx) { return rnn_init(ctx, RnnCell::kRnn); }

template <typename T>
Status eval(KernelContext* ctx) {
  return rnn_eval<T>(ctx, *ctx->data<RnnData>(), rnn_mul_reference<T>);
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kRNNFloat32 = {"", "RNN", 1, 14, dtype_bit(DType::kFloat32), 0, sizeof(RnnData), init, rnn_prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kRNNFloat64 = {"", "RNN", 1, 14, dtype_bit(DType::kFloat64), 0, sizeof(RnnData), init, rnn_prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
