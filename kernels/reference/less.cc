// Less: a < b, element-wise with numpy broadcasting; a bool output.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct LessOp {
  template <typename T>
  bool operator()(T a, T b) const {
    return a < b;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kLessFloat32 = SPUD_COMPARE_DEF("Less", 7, 13, float, kFloat32, LessOp);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kLessFloat64 = SPUD_COMPARE_DEF("Less", 7, 13, double, kFloat64, LessOp);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kLessInt8 = SPUD_COMPARE_DEF("Less", 7, 13, int8_t, kInt8, LessOp);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kLessInt16 = SPUD_COMPARE_DEF("Less", 7, 13, int16_t, kInt16, LessOp);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kLessInt32 = SPUD_COMPARE_DEF("Less", 7, 13, int32_t, kInt32, LessOp);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kLessInt64 = SPUD_COMPARE_DEF("Less", 7, 13, int64_t, kInt64, LessOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kLessUInt8 = SPUD_COMPARE_DEF("Less", 7, 13, uint8_t, kUInt8, LessOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kLessUInt16 = SPUD_COMPARE_DEF("Less", 7, 13, uint16_t, kUInt16, LessOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kLessUInt32 = SPUD_COMPARE_DEF("Less", 7, 13, uint32_t, kUInt32, LessOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kLessUInt64 = SPUD_COMPARE_DEF("Less", 7, 13, uint64_t, kUInt64, LessOp);
#endif

}  // namespace kernels
}  // namespace spud
