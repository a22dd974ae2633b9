// ReduceL1: the sum of absolute values over the given axes (all when none), keeping them as size 1
// when keepdims (default 1).
#include "reduce.h"

namespace spud {
namespace kernels {
namespace {

struct ReduceL1Acc {
  template <typename T>
  static T start() {
    return T(0);
  }
  template <typename T>
  static T add(T acc, T x) {
    return static_cast<T>(acc + (x < T(0) ? wrapping_neg(x) : x));
  }
  template <typename T>
  static T finish(T acc, int64_t count) {
    (void)count;
    return acc;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReduceL1Float32 = SPUD_REDUCE_DEF("ReduceL1", 1, 18, float, kFloat32, ReduceL1Acc);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReduceL1Float64 = SPUD_REDUCE_DEF("ReduceL1", 1, 18, double, kFloat64, ReduceL1Acc);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kReduceL1Int32 = SPUD_REDUCE_DEF("ReduceL1", 1, 18, int32_t, kInt32, ReduceL1Acc);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kReduceL1Int64 = SPUD_REDUCE_DEF("ReduceL1", 1, 18, int64_t, kInt64, ReduceL1Acc);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kReduceL1UInt32 = SPUD_REDUCE_DEF("ReduceL1", 1, 18, uint32_t, kUInt32, ReduceL1Acc);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kReduceL1UInt64 = SPUD_REDUCE_DEF("ReduceL1", 1, 18, uint64_t, kUInt64, ReduceL1Acc);
#endif

}  // namespace kernels
}  // namespace spud
