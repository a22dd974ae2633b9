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

extern const KernelDef kNegFloat32 = SPUD_UNARY_DEF("Neg", 6, 13, float, kFloat32, NegOp, nullptr);
extern const KernelDef kNegFloat64 = SPUD_UNARY_DEF("Neg", 6, 13, double, kFloat64, NegOp, nullptr);
extern const KernelDef kNegInt8 = SPUD_UNARY_DEF("Neg", 6, 13, int8_t, kInt8, NegOp, nullptr);
extern const KernelDef kNegInt16 = SPUD_UNARY_DEF("Neg", 6, 13, int16_t, kInt16, NegOp, nullptr);
extern const KernelDef kNegInt32 = SPUD_UNARY_DEF("Neg", 6, 13, int32_t, kInt32, NegOp, nullptr);
extern const KernelDef kNegInt64 = SPUD_UNARY_DEF("Neg", 6, 13, int64_t, kInt64, NegOp, nullptr);

}  // namespace kernels
}  // namespace spud
