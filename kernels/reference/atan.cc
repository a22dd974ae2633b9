// Atan: arctangent, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct AtanOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(atan(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAtanFloat32 = SPUD_UNARY_DEF("Atan", 7, 7, float, kFloat32, AtanOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kAtanFloat64 = SPUD_UNARY_DEF("Atan", 7, 7, double, kFloat64, AtanOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
