// Sub: element-wise with numpy broadcasting.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct SubOp {
  template <typename T>
  T operator()(T a, T b) const {
    // Computed in the promoted type and wrapped back, as integer hardware does.
    return static_cast<T>(a - b);
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSubFloat32 = SPUD_ARITH_DEF("Sub", float, kFloat32, SubOp);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSubFloat64 = SPUD_ARITH_DEF("Sub", double, kFloat64, SubOp);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kSubInt32 = SPUD_ARITH_DEF("Sub", int32_t, kInt32, SubOp);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kSubInt64 = SPUD_ARITH_DEF("Sub", int64_t, kInt64, SubOp);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kSubInt8 = SPUD_ARITH_DEF("Sub", int8_t, kInt8, SubOp);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kSubInt16 = SPUD_ARITH_DEF("Sub", int16_t, kInt16, SubOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kSubUInt8 = SPUD_ARITH_DEF("Sub", uint8_t, kUInt8, SubOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kSubUInt16 = SPUD_ARITH_DEF("Sub", uint16_t, kUInt16, SubOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kSubUInt32 = SPUD_ARITH_DEF("Sub", uint32_t, kUInt32, SubOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kSubUInt64 = SPUD_ARITH_DEF("Sub", uint64_t, kUInt64, SubOp);
#endif

}  // namespace kernels
}  // namespace spud
