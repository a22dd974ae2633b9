// Sin: sine, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct SinOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(sin(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSinFloat32 = SPUD_UNARY_DEF("Sin", 7, 7, float, kFloat32, SinOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSinFloat64 = SPUD_UNARY_DEF("Sin", 7, 7, double, kFloat64, SinOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
