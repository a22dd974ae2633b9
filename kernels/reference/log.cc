// Log: natural logarithm, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct LogOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(log(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kLogFloat32 = SPUD_UNARY_DEF("Log", 6, 13, float, kFloat32, LogOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kLogFloat64 = SPUD_UNARY_DEF("Log", 6, 13, double, kFloat64, LogOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
