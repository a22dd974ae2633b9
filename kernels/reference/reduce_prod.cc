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

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReduceProdFloat32 = SPUD_REDUCE_DEF("ReduceProd", 1, 18, float, kFloat32, ReduceProdAcc);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReduceProdFloat64 = SPUD_REDUCE_DEF("ReduceProd", 1, 18, double, kFloat64, ReduceProdAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kReduceProdInt32 = SPUD_REDUCE_DEF("ReduceProd", 1, 18, int32_t, kInt32, ReduceProdAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kReduceProdInt64 = SPUD_REDUCE_DEF("ReduceProd", 1, 18, int64_t, kInt64, ReduceProdAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kReduceProdUInt32 = SPUD_REDUCE_DEF("ReduceProd", 1, 18, uint32_t, kUInt32, ReduceProdAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kReduceProdUInt64 = SPUD_REDUCE_DEF("ReduceProd", 1, 18, uint64_t, kUInt64, ReduceProdAcc);
#endif

}  // namespace kernels
}  // namespace spud
