// NegativeLogLikelihoodLoss over log-probabilities (see loss.h).
#include "loss.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  return prepare_loss(ctx, ctx->input(0), ctx->input(1), ctx->input(2));
}

template <typename T>
Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  return nll<T>(*ctx->data<LossData>(), x->data_as<const T>(), *x, *ctx->input(1), ctx->input(2),
                ctx->output(0)->data_as<T>());
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kNegativeLogLikelihoodLossFloat32 = {"", "NegativeLogLikelihoodLoss", 12, 13, dtype_bit(DType::kFloat32), 0, sizeof(LossData), init_loss, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kNegativeLogLikelihoodLossFloat64 = {"", "NegativeLogLikelihoodLoss", 12, 13, dtype_bit(DType::kFloat64), 0, sizeof(LossData), init_loss, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
