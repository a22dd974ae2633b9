// LessOrEqual: a <= b, element-wise with numpy broadcasting; a bool output.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct LessOrEqualOp {
  template <typename T>
  bool operator()(T a, T b) const {
    return a <= b;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kLessOrEqualFloat32 = SPUD_COMPARE_DEF("LessOrEqual", 12, 16, float, kFloat32, LessOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kLessOrEqualFloat64 = SPUD_COMPARE_DEF("LessOrEqual", 12, 16, double, kFloat64, LessOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kLessOrEqualInt8 = SPUD_COMPARE_DEF("LessOrEqual", 12, 16, int8_t, kInt8, LessOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kLessOrEqualInt16 = SPUD_COMPARE_DEF("LessOrEqual", 12, 16, int16_t, kInt16, LessOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kLessOrEqualInt32 = SPUD_COMPARE_DEF("LessOrEqual", 12, 16, int32_t, kInt32, LessOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kLessOrEqualInt64 = SPUD_COMPARE_DEF("LessOrEqual", 12, 16, int64_t, kInt64, LessOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kLessOrEqualUInt8 = SPUD_COMPARE_DEF("LessOrEqual", 12, 16, uint8_t, kUInt8, LessOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kLessOrEqualUInt16 = SPUD_COMPARE_DEF("LessOrEqual", 12, 16, uint16_t, kUInt16, LessOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kLessOrEqualUInt32 = SPUD_COMPARE_DEF("LessOrEqual", 12, 16, uint32_t, kUInt32, LessOrEqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kLessOrEqualUInt64 = SPUD_COMPARE_DEF("LessOrEqual", 12, 16, uint64_t, kUInt64, LessOrEqualOp);
#endif

}  // namespace kernels
}  // namespace spud
