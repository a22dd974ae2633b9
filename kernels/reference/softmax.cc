// Softmax: exp(x) / sum(exp(x)) along the axis (see softmax_like.h).
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
                  for (int64_t k = 0; k < extent; ++k) {
                    out[k * stride] = static_cast<T>(exp(in[k * stride] - top));
                    sum += out[k * stride];
                  }
                  for (int64_t k = 0; k < extent; ++k) out[k * stride] /= sum;
                });
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSoftmaxFloat32 = {"", "Softmax", 1, 13, dtype_bit(DType::kFloat32), 0, sizeof(SoftmaxData),
                                          init_softmax_like, prepare_softmax_like, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSoftmaxFloat64 = {"", "Softmax", 1, 13, dtype_bit(DType::kFloat64), 0, sizeof(SoftmaxData),
                                          init_softmax_like, prepare_softmax_like, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
