// Silu in spud's internal domain com.spud (since_version 1): y = x * sigmoid(x),
// element-wise over float32. The converter fuses Mul(x, Sigmoid(x)), the
// activation of EfficientNet and of PyTorch's nn.SiLU, into it.
#include <math.h>

#include "unary.h"

namespace spud {
namespace kernels {
namespace {

Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const float* in = x->data_as<const float>();
  float* out = ctx->output(0)->data_as<float>();
  const int64_t n = x->num_elements();
  for (int64_t i = 0; i < n; ++i) {
    // Split by sign so exp never overflows.
    const float v = in[i];
    const float e = expf(-fabsf(v));
    out[i] = v * (v >= 0.f ? 1.f / (1.f + e) : e / (1.f + e));
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSiluFloat32 = {"com.spud", "Silu", 1, 1, dtype_bit(DType::kFloat32), 0, 0,
                                       nullptr, prepare_unary, eval};
#endif

}  // namespace kernels
}  // namespace spud
