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

extern const KernelDef kAcosFloat32 = SPUD_UNARY_DEF("Acos", 7, 7, float, kFloat32, AcosOp, nullptr);
extern const KernelDef kAcosFloat64 = SPUD_UNARY_DEF("Acos", 7, 7, double, kFloat64, AcosOp, nullptr);

}  // namespace kernels
}  // namespace spud
