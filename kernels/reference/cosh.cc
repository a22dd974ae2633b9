// Cosh: hyperbolic cosine, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct CoshOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(cosh(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kCoshFloat32 = SPUD_UNARY_DEF("Cosh", 9, 9, float, kFloat32, CoshOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kCoshFloat64 = SPUD_UNARY_DEF("Cosh", 9, 9, double, kFloat64, CoshOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
