// Asinh: inverse hyperbolic sine, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct AsinhOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(asinh(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAsinhFloat32 = SPUD_UNARY_DEF("Asinh", 9, 9, float, kFloat32, AsinhOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kAsinhFloat64 = SPUD_UNARY_DEF("Asinh", 9, 9, double, kFloat64, AsinhOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
