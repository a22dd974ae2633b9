// Add: element-wise with numpy broadcasting.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct AddOp {
  template <typename T>
  T operator()(T a, T b) const {
    // Computed in the promoted type and wrapped back, as integer hardware does.
    return static_cast<T>(a + b);
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAddFloat32 = SPUD_ARITH_DEF("Add", float, kFloat32, AddOp);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kAddFloat64 = SPUD_ARITH_DEF("Add", double, kFloat64, AddOp);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kAddInt32 = SPUD_ARITH_DEF("Add", int32_t, kInt32, AddOp);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kAddInt64 = SPUD_ARITH_DEF("Add", int64_t, kInt64, AddOp);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kAddInt8 = SPUD_ARITH_DEF("Add", int8_t, kInt8, AddOp);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kAddInt16 = SPUD_ARITH_DEF("Add", int16_t, kInt16, AddOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kAddUInt8 = SPUD_ARITH_DEF("Add", uint8_t, kUInt8, AddOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kAddUInt16 = SPUD_ARITH_DEF("Add", uint16_t, kUInt16, AddOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kAddUInt32 = SPUD_ARITH_DEF("Add", uint32_t, kUInt32, AddOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kAddUInt64 = SPUD_ARITH_DEF("Add", uint64_t, kUInt64, AddOp);
#endif

}  // namespace kernels
}  // namespace spud
