// Acosh: inverse hyperbolic cosine, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct AcoshOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(acosh(x));
  }
};

}  // namespace

extern const KernelDef kAcoshFloat32 = SPUD_UNARY_DEF("Acosh", 9, 9, float, kFloat32, AcoshOp, nullptr);
extern const KernelDef kAcoshFloat64 = SPUD_UNARY_DEF("Acosh", 9, 9, double, kFloat64, AcoshOp, nullptr);

}  // namespace kernels
}  // namespace spud
