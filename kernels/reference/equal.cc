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

extern const KernelDef kEqualFloat32 = SPUD_COMPARE_DEF("Equal", 7, 13, float, kFloat32, EqualOp);
extern const KernelDef kEqualFloat64 = SPUD_COMPARE_DEF("Equal", 7, 13, double, kFloat64, EqualOp);
extern const KernelDef kEqualInt8 = SPUD_COMPARE_DEF("Equal", 7, 13, int8_t, kInt8, EqualOp);
extern const KernelDef kEqualInt16 = SPUD_COMPARE_DEF("Equal", 7, 13, int16_t, kInt16, EqualOp);
extern const KernelDef kEqualInt32 = SPUD_COMPARE_DEF("Equal", 7, 13, int32_t, kInt32, EqualOp);
extern const KernelDef kEqualInt64 = SPUD_COMPARE_DEF("Equal", 7, 13, int64_t, kInt64, EqualOp);
extern const KernelDef kEqualUInt8 = SPUD_COMPARE_DEF("Equal", 7, 13, uint8_t, kUInt8, EqualOp);
extern const KernelDef kEqualUInt16 = SPUD_COMPARE_DEF("Equal", 7, 13, uint16_t, kUInt16, EqualOp);
extern const KernelDef kEqualUInt32 = SPUD_COMPARE_DEF("Equal", 7, 13, uint32_t, kUInt32, EqualOp);
extern const KernelDef kEqualUInt64 = SPUD_COMPARE_DEF("Equal", 7, 13, uint64_t, kUInt64, EqualOp);
extern const KernelDef kEqualBool = SPUD_COMPARE_DEF("Equal", 7, 13, uint8_t, kBool, EqualOp);

}  // namespace kernels
}  // namespace spud
