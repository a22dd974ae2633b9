// Atanh: inverse hyperbolic tangent, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct AtanhOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(atanh(x));
  }
};

}  // namespace

extern const KernelDef kAtanhFloat32 = SPUD_UNARY_DEF("Atanh", 9, 9, float, kFloat32, AtanhOp, nullptr);
extern const KernelDef kAtanhFloat64 = SPUD_UNARY_DEF("Atanh", 9, 9, double, kFloat64, AtanhOp, nullptr);

}  // namespace kernels
}  // namespace spud
