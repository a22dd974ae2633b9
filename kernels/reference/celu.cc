// Celu: max(0, x) + min(0, alpha * (e^(x / alpha) - 1)), element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct CeluOp {
  template <typename T>
  T operator()(T x, const UnaryParams& p) const {
    (void)p;
    return (x > T(0) ? x : T(0)) + (x < T(0) ? static_cast<T>(p.alpha) * (static_cast<T>(exp(x / static_cast<T>(p.alpha))) - T(1)) : T(0));
  }
};

Status init(KernelContext* ctx) {
  UnaryParams* p = ctx->data<UnaryParams>();
  p->alpha = ctx->attributes->get_float("alpha", 1.f);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kCeluFloat32 = SPUD_UNARY_DEF("Celu", 12, 12, float, kFloat32, CeluOp, init);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kCeluFloat64 = SPUD_UNARY_DEF("Celu", 12, 12, double, kFloat64, CeluOp, init);
#endif

}  // namespace kernels
}  // namespace spud
