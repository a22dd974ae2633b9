// Atanh: inverse hyperbolic tangent, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct AtanhOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(atanh(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAtanhFloat32 = SPUD_UNARY_DEF("Atanh", 9, 9, float, kFloat32, AtanhOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kAtanhFloat64 = SPUD_UNARY_DEF("Atanh", 9, 9, double, kFloat64, AtanhOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
