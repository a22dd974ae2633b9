// Shrink: x + bias below -lambd, x - bias above lambd, else 0, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct ShrinkOp {
  template <typename T>
  T operator()(T x, const UnaryParams& p) const {
    (void)p;
    return x < -static_cast<T>(p.alpha) ? x + static_cast<T>(p.beta) : (x > static_cast<T>(p.alpha) ? x - static_cast<T>(p.beta) : T(0));
  }
};

Status init(KernelContext* ctx) {
  UnaryParams* p = ctx->data<UnaryParams>();
  p->beta = ctx->attributes->get_float("bias", 0.f);
  p->alpha = ctx->attributes->get_float("lambd", 0.5f);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kShrinkFloat32 = SPUD_UNARY_DEF("Shrink", 9, 9, float, kFloat32, ShrinkOp, init);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kShrinkFloat64 = SPUD_UNARY_DEF("Shrink", 9, 9, double, kFloat64, ShrinkOp, init);
#endif

}  // namespace kernels
}  // namespace spud
