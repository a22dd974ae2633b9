// Equal: a == b, element-wise with numpy broadcasting; a bool output.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct EqualOp {
  template <typename T>
  bool operator()(T a, T b) const {
    return a == b;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kEqualFloat32 = SPUD_COMPARE_DEF("Equal", 7, 19, float, kFloat32, EqualOp);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kEqualFloat64 = SPUD_COMPARE_DEF("Equal", 7, 19, double, kFloat64, EqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kEqualInt8 = SPUD_COMPARE_DEF("Equal", 7, 19, int8_t, kInt8, EqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kEqualInt16 = SPUD_COMPARE_DEF("Equal", 7, 19, int16_t, kInt16, EqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kEqualInt32 = SPUD_COMPARE_DEF("Equal", 7, 19, int32_t, kInt32, EqualOp);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kEqualInt64 = SPUD_COMPARE_DEF("Equal", 7, 19, int64_t, kInt64, EqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kEqualUInt8 = SPUD_COMPARE_DEF("Equal", 7, 19, uint8_t, kUInt8, EqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kEqualUInt16 = SPUD_COMPARE_DEF("Equal", 7, 19, uint16_t, kUInt16, EqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kEqualUInt32 = SPUD_COMPARE_DEF("Equal", 7, 19, uint32_t, kUInt32, EqualOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kEqualUInt64 = SPUD_COMPARE_DEF("Equal", 7, 19, uint64_t, kUInt64, EqualOp);
#endif
#if SPUD_TYPE_ENABLED(kBool)
extern const KernelDef kEqualBool = SPUD_COMPARE_DEF("Equal", 7, 19, uint8_t, kBool, EqualOp);
#endif

}  // namespace kernels
}  // namespace spud
