// Mul: element-wise with numpy broadcasting.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct MulOp {
  template <typename T>
  T operator()(T a, T b) const {
    // Computed in the promoted type and wrapped back, as integer hardware does.
    return static_cast<T>(a * b);
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMulFloat32 = SPUD_ARITH_DEF("Mul", float, kFloat32, MulOp);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kMulFloat64 = SPUD_ARITH_DEF("Mul", double, kFloat64, MulOp);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kMulInt32 = SPUD_ARITH_DEF("Mul", int32_t, kInt32, MulOp);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kMulInt64 = SPUD_ARITH_DEF("Mul", int64_t, kInt64, MulOp);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kMulInt8 = SPUD_ARITH_DEF("Mul", int8_t, kInt8, MulOp);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kMulInt16 = SPUD_ARITH_DEF("Mul", int16_t, kInt16, MulOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kMulUInt8 = SPUD_ARITH_DEF("Mul", uint8_t, kUInt8, MulOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kMulUInt16 = SPUD_ARITH_DEF("Mul", uint16_t, kUInt16, MulOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kMulUInt32 = SPUD_ARITH_DEF("Mul", uint32_t, kUInt32, MulOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kMulUInt64 = SPUD_ARITH_DEF("Mul", uint64_t, kUInt64, MulOp);
#endif

}  // namespace kernels
}  // namespace spud
