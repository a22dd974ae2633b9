// Tan: tangent, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct TanOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(tan(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kTanFloat32 = SPUD_UNARY_DEF("Tan", 7, 7, float, kFloat32, TanOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kTanFloat64 = SPUD_UNARY_DEF("Tan", 7, 7, double, kFloat64, TanOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
