// Round: round half to even (the default rounding mode), element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct RoundOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(nearbyint(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kRoundFloat32 = SPUD_UNARY_DEF("Round", 11, 11, float, kFloat32, RoundOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kRoundFloat64 = SPUD_UNARY_DEF("Round", 11, 11, double, kFloat64, RoundOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
