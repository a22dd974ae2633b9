// Selu: gamma * (x for x > 0, alpha * (e^x - 1) otherwise), element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct SeluOp {
  template <typename T>
  T operator()(T x, const UnaryParams& p) const {
    (void)p;
    return static_cast<T>(p.gamma) * (x <= T(0) ? static_cast<T>(p.alpha) * (static_cast<T>(exp(x)) - T(1)) : x);
  }
};

Status init(KernelContext* ctx) {
  UnaryParams* p = ctx->data<UnaryParams>();
  p->alpha = ctx->attributes->get_float("alpha", 1.67326319217681884765625f);
  p->gamma = ctx->attributes->get_float("gamma", 1.05070102214813232421875f);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSeluFloat32 = SPUD_UNARY_DEF("Selu", 6, 6, float, kFloat32, SeluOp, init);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSeluFloat64 = SPUD_UNARY_DEF("Selu", 6, 6, double, kFloat64, SeluOp, init);
#endif

}  // namespace kernels
}  // namespace spud
