// Erf: the error function, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct ErfOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(erf(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kErfFloat32 = SPUD_UNARY_DEF("Erf", 9, 13, float, kFloat32, ErfOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kErfFloat64 = SPUD_UNARY_DEF("Erf", 9, 13, double, kFloat64, ErfOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
