// ReduceProd: the product over the given axes (all when none), keeping them as size 1
// when keepdims (default 1).
#include "reduce.h"

namespace spud {
namespace kernels {
namespace {

struct ReduceProdAcc {
  template <typename T>
  static T start() {
    return T(1);
  }
  template <typename T>
  static T add(T acc, T x) {
    return static_cast<T>(acc * x);
  }
  template <typename T>
  static T finish(T acc, int64_t count) {
    (void)count;
    return acc;
  }
};

}  // namespace

extern const KernelDef kReduceProdFloat32 = SPUD_REDUCE_DEF("ReduceProd", 1, 13, float, kFloat32, ReduceProdAcc);
extern const KernelDef kReduceProdFloat64 = SPUD_REDUCE_DEF("ReduceProd", 1, 13, double, kFloat64, ReduceProdAcc);
extern const KernelDef kReduceProdInt32 = SPUD_REDUCE_DEF("ReduceProd", 1, 13, int32_t, kInt32, ReduceProdAcc);
extern const KernelDef kReduceProdInt64 = SPUD_REDUCE_DEF("ReduceProd", 1, 13, int64_t, kInt64, ReduceProdAcc);

}  // namespace kernels
}  // namespace spud
