// IsInf: whether each element is +inf (detect_positive, default 1) or -inf
// (detect_negative, default 1), as bool.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

// alpha: detect positive, beta: detect negative (1 or 0).
Status init(KernelContext* ctx) {
  UnaryParams* p = ctx->data<UnaryParams>();
  p->alpha = ctx->attributes->get_int("detect_positive", 1) != 0 ? 1.f : 0.f;
  p->beta = ctx->attributes->get_int("detect_negative", 1) != 0 ? 1.f : 0.f;
  return Status::Ok();
}

struct IsInfOp {
  template <typename T>
  uint8_t operator()(T x, const UnaryParams& p) const {
    if (!isinf(x)) return 0;
    return (x > T(0) ? p.alpha : p.beta) != 0.f ? 1 : 0;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kIsInfFloat32 = {"", "IsInf", 10, 20, dtype_bit(DType::kFloat32), 0, sizeof(UnaryParams),
                                        init, prepare_unary_to_bool, eval_unary<float, uint8_t, IsInfOp>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kIsInfFloat64 = {"", "IsInf", 10, 20, dtype_bit(DType::kFloat64), 0, sizeof(UnaryParams),
                                        init, prepare_unary_to_bool, eval_unary<double, uint8_t, IsInfOp>};
#endif

}  // namespace kernels
}  // namespace spud
