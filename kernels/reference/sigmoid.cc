// Sigmoid: y = 1 / (1 + exp(-x)), element-wise.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Sigmoid: needs X and Y");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  const int64_t n = x->num_elements();
  for (int64_t i = 0; i < n; ++i) {
    // Split by sign so exp never overflows.
    const T v = in[i];
    if (v >= T(0)) {
      out[i] = T(1) / (T(1) + static_cast<T>(exp(-v)));
    } else {
      const T e = static_cast<T>(exp(v));
      out[i] = e / (T(1) + e);
    }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSigmoidFloat32 = {"", "Sigmoid", 6, 13, dtype_bit(DType::kFloat32), 0, 0,
                                          nullptr, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSigmoidFloat64 = {"", "Sigmoid", 6, 13, dtype_bit(DType::kFloat64), 0, 0,
                                          nullptr, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
