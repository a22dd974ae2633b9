// Greater: a > b, element-wise with numpy broadcasting; a bool output.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct GreaterOp {
  template <typename T>
  bool operator()(T a, T b) const {
    return a > b;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGreaterFloat32 = SPUD_COMPARE_DEF("Greater", 7, 13, float, kFloat32, GreaterOp);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kGreaterFloat64 = SPUD_COMPARE_DEF("Greater", 7, 13, double, kFloat64, GreaterOp);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kGreaterInt8 = SPUD_COMPARE_DEF("Greater", 7, 13, int8_t, kInt8, GreaterOp);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kGreaterInt16 = SPUD_COMPARE_DEF("Greater", 7, 13, int16_t, kInt16, GreaterOp);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kGreaterInt32 = SPUD_COMPARE_DEF("Greater", 7, 13, int32_t, kInt32, GreaterOp);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kGreaterInt64 = SPUD_COMPARE_DEF("Greater", 7, 13, int64_t, kInt64, GreaterOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kGreaterUInt8 = SPUD_COMPARE_DEF("Greater", 7, 13, uint8_t, kUInt8, GreaterOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kGreaterUInt16 = SPUD_COMPARE_DEF("Greater", 7, 13, uint16_t, kUInt16, GreaterOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kGreaterUInt32 = SPUD_COMPARE_DEF("Greater", 7, 13, uint32_t, kUInt32, GreaterOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kGreaterUInt64 = SPUD_COMPARE_DEF("Greater", 7, 13, uint64_t, kUInt64, GreaterOp);
#endif

}  // namespace kernels
}  // namespace spud
