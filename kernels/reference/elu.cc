// Elu: x for x >= 0, alpha * (e^x - 1) below, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct EluOp {
  template <typename T>
  T operator()(T x, const UnaryParams& p) const {
    (void)p;
    return x < T(0) ? static_cast<T>(p.alpha) * (static_cast<T>(exp(x)) - T(1)) : x;
  }
};

Status init(KernelContext* ctx) {
  UnaryParams* p = ctx->data<UnaryParams>();
  p->alpha = ctx->attributes->get_float("alpha", 1.f);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kEluFloat32 = SPUD_UNARY_DEF("Elu", 6, 6, float, kFloat32, EluOp, init);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kEluFloat64 = SPUD_UNARY_DEF("Elu", 6, 6, double, kFloat64, EluOp, init);
#endif

}  // namespace kernels
}  // namespace spud
