// Softplus: log(1 + e^x), written so e^x never overflows, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct SoftplusOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(x > T(0) ? x + static_cast<T>(log1p(exp(-x))) : static_cast<T>(log1p(exp(x))));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSoftplusFloat32 = SPUD_UNARY_DEF("Softplus", 1, 1, float, kFloat32, SoftplusOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSoftplusFloat64 = SPUD_UNARY_DEF("Softplus", 1, 1, double, kFloat64, SoftplusOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
