// Abs: |x| (the most negative integer stays itself, as it wraps), element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct AbsOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return x < T(0) ? wrapping_neg(x) : x;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAbsFloat32 = SPUD_UNARY_DEF("Abs", 6, 13, float, kFloat32, AbsOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kAbsFloat64 = SPUD_UNARY_DEF("Abs", 6, 13, double, kFloat64, AbsOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kAbsInt8 = SPUD_UNARY_DEF("Abs", 6, 13, int8_t, kInt8, AbsOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kAbsInt16 = SPUD_UNARY_DEF("Abs", 6, 13, int16_t, kInt16, AbsOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kAbsInt32 = SPUD_UNARY_DEF("Abs", 6, 13, int32_t, kInt32, AbsOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kAbsInt64 = SPUD_UNARY_DEF("Abs", 6, 13, int64_t, kInt64, AbsOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kAbsUInt8 = SPUD_UNARY_DEF("Abs", 6, 13, uint8_t, kUInt8, AbsOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kAbsUInt16 = SPUD_UNARY_DEF("Abs", 6, 13, uint16_t, kUInt16, AbsOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kAbsUInt32 = SPUD_UNARY_DEF("Abs", 6, 13, uint32_t, kUInt32, AbsOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kAbsUInt64 = SPUD_UNARY_DEF("Abs", 6, 13, uint64_t, kUInt64, AbsOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
