// Sub: element-wise with numpy broadcasting.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct SubOp {
  template <typename T>
  T operator()(T a, T b) const {
    return a - b;
  }
};

}  // namespace

extern const KernelDef kSubFloat32 = SPUD_ARITH_DEF("Sub", float, kFloat32, SubOp);
extern const KernelDef kSubFloat64 = SPUD_ARITH_DEF("Sub", double, kFloat64, SubOp);
extern const KernelDef kSubInt32 = SPUD_ARITH_DEF("Sub", int32_t, kInt32, SubOp);
extern const KernelDef kSubInt64 = SPUD_ARITH_DEF("Sub", int64_t, kInt64, SubOp);

}  // namespace kernels
}  // namespace spud
