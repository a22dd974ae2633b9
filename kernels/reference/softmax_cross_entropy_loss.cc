// SoftmaxCrossEntropyLoss: log-softmax over the class axis (1), then the
// negative log-likelihood (loss.h). The optional second output is the
// log-probabilities; without it they live in scratch.
#include <math.h>

#include "loss.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  SPUD_RETURN_IF_ERROR(prepare_loss(ctx, ctx->input(0), ctx->input(1), ctx->input(2)));
  const Tensor* x = ctx->input(0);
  if (Tensor* logp = ctx->output(1)) {
    copy_type_and_shape(*x, logp);
  } else {
    ctx->scratch_size = x->size_bytes();
  }
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  T* logp = ctx->output(1) != nullptr ? ctx->output(1)->data_as<T>() : static_cast<T*>(ctx->scratch);
  const int64_t n = x->dims[0], c = x->dims[1];
  const int64_t inner = n * c == 0 ? 0 : x->num_elements() / (n * c);
  const T* in = x->data_as<const T>();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < inner; ++i) {
      const T* lane = in + b * c * inner + i;
      T top = lane[0];
      for (int64_t k = 1; k < c; ++k) top = lane[k * inner] > top ? lane[k * inner] : top;
      T sum = T(0);
      for (int64_t k = 0; k < c; ++k) sum += static_cast<T>(exp(lane[k * inner] - top));
      const T log_sum = static_cast<T>(log(sum));
      for (int64_t k = 0; k < c; ++k) logp[b * c * inner + k * inner + i] = lane[k * inner] - top - log_sum;
    }
  return nll<T>(*ctx->data<LossData>(), logp, *x, *ctx->input(1), ctx->input(2), ctx->output(0)->data_as<T>());
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSoftmaxCrossEntropyLossFloat32 = {"", "SoftmaxCrossEntropyLoss", 12, 13, dtype_bit(DType::kFloat32), 0, sizeof(LossData), init_loss, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSoftmaxCrossEntropyLossFloat64 = {"", "SoftmaxCrossEntropyLoss", 12, 13, dtype_bit(DType::kFloat64), 0, sizeof(LossData), init_loss, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
