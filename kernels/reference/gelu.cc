// Gelu (opset 20): x * Phi(x), Phi the standard normal CDF, element-wise;
// approximate "tanh" uses 0.5 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3))).
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

Status init(KernelContext* ctx) {
  const std::string_view a = ctx->attributes->get_string("approximate");
  SPUD_CHECK_OR_RETURN(a.empty() || a == "none" || a == "tanh", kInvalidModel, "Gelu: approximate must be none or tanh");
  ctx->data<UnaryParams>()->alpha = a == "tanh" ? 1.f : 0.f;
  return Status::Ok();
}

struct GeluOp {
  template <typename T>
  T operator()(T x, const UnaryParams& p) const {
    const double v = static_cast<double>(x);
    if (p.alpha != 0) {
      const double k = 0.7978845608028654;  // sqrt(2 / pi)
      return static_cast<T>(0.5 * v * (1 + tanh(k * (v + 0.044715 * v * v * v))));
    }
    return static_cast<T>(0.5 * v * (1 + erf(v * 0.7071067811865476)));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGeluFloat32 = SPUD_UNARY_DEF("Gelu", 20, 20, float, kFloat32, GeluOp, init);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kGeluFloat64 = SPUD_UNARY_DEF("Gelu", 20, 20, double, kFloat64, GeluOp, init);
#endif

}  // namespace kernels
}  // namespace spud
