// Mul: element-wise with numpy broadcasting.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct MulOp {
  template <typename T>
  T operator()(T a, T b) const {
    return a * b;
  }
};

}  // namespace

extern const KernelDef kMulFloat32 = SPUD_ARITH_DEF("Mul", float, kFloat32, MulOp);
extern const KernelDef kMulFloat64 = SPUD_ARITH_DEF("Mul", double, kFloat64, MulOp);
extern const KernelDef kMulInt32 = SPUD_ARITH_DEF("Mul", int32_t, kInt32, MulOp);
extern const KernelDef kMulInt64 = SPUD_ARITH_DEF("Mul", int64_t, kInt64, MulOp);

}  // namespace kernels
}  // namespace spud
