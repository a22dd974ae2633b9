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

extern const KernelDef kAddFloat32 = SPUD_ARITH_DEF("Add", float, kFloat32, AddOp);
extern const KernelDef kAddFloat64 = SPUD_ARITH_DEF("Add", double, kFloat64, AddOp);
extern const KernelDef kAddInt32 = SPUD_ARITH_DEF("Add", int32_t, kInt32, AddOp);
extern const KernelDef kAddInt64 = SPUD_ARITH_DEF("Add", int64_t, kInt64, AddOp);
extern const KernelDef kAddInt8 = SPUD_ARITH_DEF("Add", int8_t, kInt8, AddOp);
extern const KernelDef kAddInt16 = SPUD_ARITH_DEF("Add", int16_t, kInt16, AddOp);
extern const KernelDef kAddUInt8 = SPUD_ARITH_DEF("Add", uint8_t, kUInt8, AddOp);
extern const KernelDef kAddUInt16 = SPUD_ARITH_DEF("Add", uint16_t, kUInt16, AddOp);
extern const KernelDef kAddUInt32 = SPUD_ARITH_DEF("Add", uint32_t, kUInt32, AddOp);
extern const KernelDef kAddUInt64 = SPUD_ARITH_DEF("Add", uint64_t, kUInt64, AddOp);

}  // namespace kernels
}  // namespace spud
