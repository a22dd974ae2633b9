// Mish (opset 18): x * tanh(softplus(x)), element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct MishOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    const double v = static_cast<double>(x);
    const double softplus = v > 0 ? v + log1p(exp(-v)) : log1p(exp(v));
    return static_cast<T>(v * tanh(softplus));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMishFloat32 = SPUD_UNARY_DEF("Mish", 18, 18, float, kFloat32, MishOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kMishFloat64 = SPUD_UNARY_DEF("Mish", 18, 18, double, kFloat64, MishOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
