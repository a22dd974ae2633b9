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

extern const KernelDef kLessFloat32 = SPUD_COMPARE_DEF("Less", 7, 13, float, kFloat32, LessOp);
extern const KernelDef kLessFloat64 = SPUD_COMPARE_DEF("Less", 7, 13, double, kFloat64, LessOp);
extern const KernelDef kLessInt8 = SPUD_COMPARE_DEF("Less", 7, 13, int8_t, kInt8, LessOp);
extern const KernelDef kLessInt16 = SPUD_COMPARE_DEF("Less", 7, 13, int16_t, kInt16, LessOp);
extern const KernelDef kLessInt32 = SPUD_COMPARE_DEF("Less", 7, 13, int32_t, kInt32, LessOp);
extern const KernelDef kLessInt64 = SPUD_COMPARE_DEF("Less", 7, 13, int64_t, kInt64, LessOp);
extern const KernelDef kLessUInt8 = SPUD_COMPARE_DEF("Less", 7, 13, uint8_t, kUInt8, LessOp);
extern const KernelDef kLessUInt16 = SPUD_COMPARE_DEF("Less", 7, 13, uint16_t, kUInt16, LessOp);
extern const KernelDef kLessUInt32 = SPUD_COMPARE_DEF("Less", 7, 13, uint32_t, kUInt32, LessOp);
extern const KernelDef kLessUInt64 = SPUD_COMPARE_DEF("Less", 7, 13, uint64_t, kUInt64, LessOp);

}  // namespace kernels
}  // namespace spud
