// Add: element-wise with numpy broadcasting.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct AddOp {
  template <typename T>
  T operator()(T a, T b) const {
    return a + b;
  }
};

}  // namespace

extern const KernelDef kAddFloat32 = SPUD_ARITH_DEF("Add", float, kFloat32, AddOp);
extern const KernelDef kAddFloat64 = SPUD_ARITH_DEF("Add", double, kFloat64, AddOp);
extern const KernelDef kAddInt32 = SPUD_ARITH_DEF("Add", int32_t, kInt32, AddOp);
extern const KernelDef kAddInt64 = SPUD_ARITH_DEF("Add", int64_t, kInt64, AddOp);

}  // namespace kernels
}  // namespace spud
