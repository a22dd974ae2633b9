// Reciprocal: 1 / x, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct ReciprocalOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(T(1) / x);
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReciprocalFloat32 = SPUD_UNARY_DEF("Reciprocal", 6, 13, float, kFloat32, ReciprocalOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReciprocalFloat64 = SPUD_UNARY_DEF("Reciprocal", 6, 13, double, kFloat64, ReciprocalOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
