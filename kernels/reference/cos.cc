// Cos: cosine, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct CosOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(cos(x));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kCosFloat32 = SPUD_UNARY_DEF("Cos", 7, 7, float, kFloat32, CosOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kCosFloat64 = SPUD_UNARY_DEF("Cos", 7, 7, double, kFloat64, CosOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
