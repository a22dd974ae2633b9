// Sign: -1, 0 or 1 by the sign of x (NaN stays NaN), element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct SignOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return x > T(0) ? T(1) : (x < T(0) ? static_cast<T>(-1) : x);
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSignFloat32 = SPUD_UNARY_DEF("Sign", 9, 13, float, kFloat32, SignOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSignFloat64 = SPUD_UNARY_DEF("Sign", 9, 13, double, kFloat64, SignOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kSignInt8 = SPUD_UNARY_DEF("Sign", 9, 13, int8_t, kInt8, SignOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kSignInt16 = SPUD_UNARY_DEF("Sign", 9, 13, int16_t, kInt16, SignOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kSignInt32 = SPUD_UNARY_DEF("Sign", 9, 13, int32_t, kInt32, SignOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kSignInt64 = SPUD_UNARY_DEF("Sign", 9, 13, int64_t, kInt64, SignOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kSignUInt8 = SPUD_UNARY_DEF("Sign", 9, 13, uint8_t, kUInt8, SignOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kSignUInt16 = SPUD_UNARY_DEF("Sign", 9, 13, uint16_t, kUInt16, SignOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kSignUInt32 = SPUD_UNARY_DEF("Sign", 9, 13, uint32_t, kUInt32, SignOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kSignUInt64 = SPUD_UNARY_DEF("Sign", 9, 13, uint64_t, kUInt64, SignOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
