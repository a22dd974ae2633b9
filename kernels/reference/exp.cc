// Exp: e^x, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct ExpOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(exp(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kExpFloat32 = SPUD_UNARY_DEF("Exp", 6, 13, float, kFloat32, ExpOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kExpFloat64 = SPUD_UNARY_DEF("Exp", 6, 13, double, kFloat64, ExpOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
