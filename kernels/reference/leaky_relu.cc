// LeakyRelu: x for x >= 0, alpha * x below, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct LeakyReluOp {
  template <typename T>
  T operator()(T x, const UnaryParams& p) const {
    (void)p;
    return x < T(0) ? static_cast<T>(p.alpha) * x : x;
  }
};

Status init(KernelContext* ctx) {
  UnaryParams* p = ctx->data<UnaryParams>();
  p->alpha = ctx->attributes->get_float("alpha", 0.01f);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kLeakyReluFloat32 = SPUD_UNARY_DEF("LeakyRelu", 6, 16, float, kFloat32, LeakyReluOp, init);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kLeakyReluFloat64 = SPUD_UNARY_DEF("LeakyRelu", 6, 16, double, kFloat64, LeakyReluOp, init);
#endif

}  // namespace kernels
}  // namespace spud
