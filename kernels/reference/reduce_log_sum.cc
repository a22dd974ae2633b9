// ReduceLogSum: the log of the sum over the given axes (all when none), keeping them as size 1
// when keepdims (default 1).
#include "reduce.h"

namespace spud {
namespace kernels {
namespace {

struct ReduceLogSumAcc {
  template <typename T>
  static T start() {
    return T(0);
  }
  template <typename T>
  static T add(T acc, T x) {
    return static_cast<T>(acc + x);
  }
  template <typename T>
  static T finish(T acc, int64_t count) {
    (void)count;
    return static_cast<T>(log(acc));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReduceLogSumFloat32 = SPUD_REDUCE_DEF("ReduceLogSum", 1, 18, float, kFloat32, ReduceLogSumAcc);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReduceLogSumFloat64 = SPUD_REDUCE_DEF("ReduceLogSum", 1, 18, double, kFloat64, ReduceLogSumAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kReduceLogSumInt32 = SPUD_REDUCE_DEF("ReduceLogSum", 1, 18, int32_t, kInt32, ReduceLogSumAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kReduceLogSumInt64 = SPUD_REDUCE_DEF("ReduceLogSum", 1, 18, int64_t, kInt64, ReduceLogSumAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kReduceLogSumUInt32 = SPUD_REDUCE_DEF("ReduceLogSum", 1, 18, uint32_t, kUInt32, ReduceLogSumAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kReduceLogSumUInt64 = SPUD_REDUCE_DEF("ReduceLogSum", 1, 18, uint64_t, kUInt64, ReduceLogSumAcc);
#endif

}  // namespace kernels
}  // namespace spud
