// Sqrt: square root, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct SqrtOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(sqrt(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSqrtFloat32 = SPUD_UNARY_DEF("Sqrt", 6, 13, float, kFloat32, SqrtOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSqrtFloat64 = SPUD_UNARY_DEF("Sqrt", 6, 13, double, kFloat64, SqrtOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
