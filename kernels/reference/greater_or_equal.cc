// GreaterOrEqual: a >= b, element-wise with numpy broadcasting; a bool output.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct GreaterOrEqualOp {
  template <typename T>
  bool operator()(T a, T b) const {
    return a >= b;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGreaterOrEqualFloat32 = SPUD_COMPARE_DEF("GreaterOrEqual", 12, 16, float, kFloat32, GreaterOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kGreaterOrEqualFloat64 = SPUD_COMPARE_DEF("GreaterOrEqual", 12, 16, double, kFloat64, GreaterOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kGreaterOrEqualInt8 = SPUD_COMPARE_DEF("GreaterOrEqual", 12, 16, int8_t, kInt8, GreaterOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kGreaterOrEqualInt16 = SPUD_COMPARE_DEF("GreaterOrEqual", 12, 16, int16_t, kInt16, GreaterOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kGreaterOrEqualInt32 = SPUD_COMPARE_DEF("GreaterOrEqual", 12, 16, int32_t, kInt32, GreaterOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kGreaterOrEqualInt64 = SPUD_COMPARE_DEF("GreaterOrEqual", 12, 16, int64_t, kInt64, GreaterOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kGreaterOrEqualUInt8 = SPUD_COMPARE_DEF("GreaterOrEqual", 12, 16, uint8_t, kUInt8, GreaterOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kGreaterOrEqualUInt16 = SPUD_COMPARE_DEF("GreaterOrEqual", 12, 16, uint16_t, kUInt16, GreaterOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kGreaterOrEqualUInt32 = SPUD_COMPARE_DEF("GreaterOrEqual", 12, 16, uint32_t, kUInt32, GreaterOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kGreaterOrEqualUInt64 = SPUD_COMPARE_DEF("GreaterOrEqual", 12, 16, uint64_t, kUInt64, GreaterOrEqualOp);
#endif

}  // namespace kernels
}  // namespace spud
