// Acosh: inverse hyperbolic cosine, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct AcoshOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(acosh(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAcoshFloat32 = SPUD_UNARY_DEF("Acosh", 9, 9, float, kFloat32, AcoshOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kAcoshFloat64 = SPUD_UNARY_DEF("Acosh", 9, 9, double, kFloat64, AcoshOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
