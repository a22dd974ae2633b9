// ReduceMean: the mean over the given axes (all when none), keeping them as size 1
// when keepdims (default 1).
#include "reduce.h"

namespace spud {
namespace kernels {
namespace {

struct ReduceMeanAcc {
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
    return count > 0 ? static_cast<T>(acc / static_cast<T>(count)) : acc;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReduceMeanFloat32 = SPUD_REDUCE_DEF("ReduceMean", 1, 18, float, kFloat32, ReduceMeanAcc);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReduceMeanFloat64 = SPUD_REDUCE_DEF("ReduceMean", 1, 18, double, kFloat64, ReduceMeanAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kReduceMeanInt32 = SPUD_REDUCE_DEF("ReduceMean", 1, 18, int32_t, kInt32, ReduceMeanAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kReduceMeanInt64 = SPUD_REDUCE_DEF("ReduceMean", 1, 18, int64_t, kInt64, ReduceMeanAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kReduceMeanUInt32 = SPUD_REDUCE_DEF("ReduceMean", 1, 18, uint32_t, kUInt32, ReduceMeanAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kReduceMeanUInt64 = SPUD_REDUCE_DEF("ReduceMean", 1, 18, uint64_t, kUInt64, ReduceMeanAcc);
#endif

}  // namespace kernels
}  // namespace spud
