// HardSwish: x * max(0, min(1, x / 6 + 1/2)), element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

template <typename T>
T clamp01(T v) {
  return v < T(0) ? T(0) : (v > T(1) ? T(1) : v);
}

struct HardSwishOp {
  template <typename T>
  T operator()(T x, const UnaryParams& p) const {
    (void)p;
    return x * clamp01(x / T(6) + T(0.5));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kHardSwishFloat32 = SPUD_UNARY_DEF("HardSwish", 14, 14, float, kFloat32, HardSwishOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kHardSwishFloat64 = SPUD_UNARY_DEF("HardSwish", 14, 14, double, kFloat64, HardSwishOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
