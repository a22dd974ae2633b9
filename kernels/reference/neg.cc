// Neg: -x, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct NegOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return wrapping_neg(x);
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kNegFloat32 = SPUD_UNARY_DEF("Neg", 6, 13, float, kFloat32, NegOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kNegFloat64 = SPUD_UNARY_DEF("Neg", 6, 13, double, kFloat64, NegOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kNegInt8 = SPUD_UNARY_DEF("Neg", 6, 13, int8_t, kInt8, NegOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kNegInt16 = SPUD_UNARY_DEF("Neg", 6, 13, int16_t, kInt16, NegOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kNegInt32 = SPUD_UNARY_DEF("Neg", 6, 13, int32_t, kInt32, NegOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kNegInt64 = SPUD_UNARY_DEF("Neg", 6, 13, int64_t, kInt64, NegOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
