// Floor: round toward -infinity, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct FloorOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(floor(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kFloorFloat32 = SPUD_UNARY_DEF("Floor", 6, 13, float, kFloat32, FloorOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kFloorFloat64 = SPUD_UNARY_DEF("Floor", 6, 13, double, kFloat64, FloorOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
