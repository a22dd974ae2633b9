// LogSoftmax: x - log(sum(exp(x))) along the axis (see softmax_like.h),
// computed from the shifted values so it stays finite for large inputs.
#include "softmax_like.h"

namespace spud {
namespace kernels {
namespace {

template <typename T>
Status eval(KernelContext* ctx) {
  for_each_lane(*ctx->data<SoftmaxData>(), ctx->input(0)->data_as<const T>(), ctx->output(0)->data_as<T>(),
                [](const T* in, T* out, int64_t stride, int64_t extent) {
                  const T top = lane_max(in, stride, extent);
                  T sum = T(0);
                  for (int64_t k = 0; k < extent; ++k) sum += static_cast<T>(exp(in[k * stride] - top));
                  const T log_sum = static_cast<T>(log(sum));
                  for (int64_t k = 0; k < extent; ++k) out[k * stride] = in[k * stride] - top - log_sum;
                });
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kLogSoftmaxFloat32 = {"", "LogSoftmax", 1, 13, dtype_bit(DType::kFloat32), 0, sizeof(SoftmaxData),
                                             init_softmax_like, prepare_softmax_like, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kLogSoftmaxFloat64 = {"", "LogSoftmax", 1, 13, dtype_bit(DType::kFloat64), 0, sizeof(SoftmaxData),
                                             init_softmax_like, prepare_softmax_like, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
