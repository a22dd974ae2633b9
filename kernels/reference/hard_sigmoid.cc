// HardSigmoid: max(0, min(1, alpha * x + beta)), element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

template <typename T>
T clamp01(T v) {
  return v < T(0) ? T(0) : (v > T(1) ? T(1) : v);
}

struct HardSigmoidOp {
  template <typename T>
  T operator()(T x, const UnaryParams& p) const {
    (void)p;
    return clamp01(static_cast<T>(p.alpha) * x + static_cast<T>(p.beta));
  }
};

Status init(KernelContext* ctx) {
  UnaryParams* p = ctx->data<UnaryParams>();
  p->alpha = ctx->attributes->get_float("alpha", 0.2f);
  p->beta = ctx->attributes->get_float("beta", 0.5f);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kHardSigmoidFloat32 = SPUD_UNARY_DEF("HardSigmoid", 6, 6, float, kFloat32, HardSigmoidOp, init);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kHardSigmoidFloat64 = SPUD_UNARY_DEF("HardSigmoid", 6, 6, double, kFloat64, HardSigmoidOp, init);
#endif

}  // namespace kernels
}  // namespace spud
