// Acos: arccosine, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct AcosOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(acos(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAcosFloat32 = SPUD_UNARY_DEF("Acos", 7, 7, float, kFloat32, AcosOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kAcosFloat64 = SPUD_UNARY_DEF("Acos", 7, 7, double, kFloat64, AcosOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
