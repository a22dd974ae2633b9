// Sinh: hyperbolic sine, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct SinhOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(sinh(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSinhFloat32 = SPUD_UNARY_DEF("Sinh", 9, 9, float, kFloat32, SinhOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSinhFloat64 = SPUD_UNARY_DEF("Sinh", 9, 9, double, kFloat64, SinhOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
