// Ceil: round toward +infinity, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct CeilOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(ceil(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kCeilFloat32 = SPUD_UNARY_DEF("Ceil", 6, 13, float, kFloat32, CeilOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kCeilFloat64 = SPUD_UNARY_DEF("Ceil", 6, 13, double, kFloat64, CeilOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
