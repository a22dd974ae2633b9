// Tanh: hyperbolic tangent, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct TanhOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(tanh(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kTanhFloat32 = SPUD_UNARY_DEF("Tanh", 6, 13, float, kFloat32, TanhOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kTanhFloat64 = SPUD_UNARY_DEF("Tanh", 6, 13, double, kFloat64, TanhOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
