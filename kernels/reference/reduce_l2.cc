// ReduceL2: the square root of the sum of squares over the given axes (all when none), keeping them as size 1
// when keepdims (default 1).
#include "reduce.h"

namespace spud {
namespace kernels {
namespace {

struct ReduceL2Acc {
  template <typename T>
  static T start() {
    return T(0);
  }
  template <typename T>
  static T add(T acc, T x) {
    return static_cast<T>(acc + x * x);
  }
  template <typename T>
  static T finish(T acc, int64_t count) {
    (void)count;
    return static_cast<T>(sqrt(acc));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReduceL2Float32 = SPUD_REDUCE_DEF("ReduceL2", 1, 18, float, kFloat32, ReduceL2Acc);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReduceL2Float64 = SPUD_REDUCE_DEF("ReduceL2", 1, 18, double, kFloat64, ReduceL2Acc);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kReduceL2Int32 = SPUD_REDUCE_DEF("ReduceL2", 1, 18, int32_t, kInt32, ReduceL2Acc);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kReduceL2Int64 = SPUD_REDUCE_DEF("ReduceL2", 1, 18, int64_t, kInt64, ReduceL2Acc);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kReduceL2UInt32 = SPUD_REDUCE_DEF("ReduceL2", 1, 18, uint32_t, kUInt32, ReduceL2Acc);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kReduceL2UInt64 = SPUD_REDUCE_DEF("ReduceL2", 1, 18, uint64_t, kUInt64, ReduceL2Acc);
#endif

}  // namespace kernels
}  // namespace spud
