// Hardmax: 1 at the first maximum of each lane, 0 elsewhere (see
// softmax_like.h for the axis).
#include "softmax_like.h"

namespace spud {
namespace kernels {
namespace {

template <typename T>
Status eval(KernelContext* ctx) {
  for_each_lane(*ctx->data<SoftmaxData>(), ctx->input(0)->data_as<const T>(), ctx->output(0)->data_as<T>(),
                [](const T* in, T* out, int64_t stride, int64_t extent) {
                  int64_t best = 0;
                  for (int64_t k = 1; k < extent; ++k)
                    if (in[k * stride] > in[best * stride]) best = k;
                  for (int64_t k = 0; k < extent; ++k) out[k * stride] = k == best ? T(1) : T(0);
                });
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kHardmaxFloat32 = {"", "Hardmax", 1, 13, dtype_bit(DType::kFloat32), 0, sizeof(SoftmaxData),
                                          init_softmax_like, prepare_softmax_like, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kHardmaxFloat64 = {"", "Hardmax", 1, 13, dtype_bit(DType::kFloat64), 0, sizeof(SoftmaxData),
                                          init_softmax_like, prepare_softmax_like, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
