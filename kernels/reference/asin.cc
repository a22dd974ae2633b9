// Asin: arcsine, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct AsinOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(asin(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAsinFloat32 = SPUD_UNARY_DEF("Asin", 7, 7, float, kFloat32, AsinOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kAsinFloat64 = SPUD_UNARY_DEF("Asin", 7, 7, double, kFloat64, AsinOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
