// ThresholdedRelu: x where x > alpha, else 0, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct ThresholdedReluOp {
  template <typename T>
  T operator()(T x, const UnaryParams& p) const {
    (void)p;
    return x > static_cast<T>(p.alpha) ? x : T(0);
  }
};

Status init(KernelContext* ctx) {
  UnaryParams* p = ctx->data<UnaryParams>();
  p->alpha = ctx->attributes->get_float("alpha", 1.f);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kThresholdedReluFloat32 = SPUD_UNARY_DEF("ThresholdedRelu", 10, 10, float, kFloat32, ThresholdedReluOp, init);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kThresholdedReluFloat64 = SPUD_UNARY_DEF("ThresholdedRelu", 10, 10, double, kFloat64, ThresholdedReluOp, init);
#endif

}  // namespace kernels
}  // namespace spud
