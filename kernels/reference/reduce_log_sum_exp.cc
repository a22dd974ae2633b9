// ReduceLogSumExp: the log of the sum of exponentials over the given axes (all when none), keeping them as size 1
// when keepdims (default 1).
#include "reduce.h"

namespace spud {
namespace kernels {
namespace {

struct ReduceLogSumExpAcc {
  template <typename T>
  static T start() {
    return T(0);
  }
  template <typename T>
  static T add(T acc, T x) {
    return static_cast<T>(acc + static_cast<T>(exp(x)));
  }
  template <typename T>
  static T finish(T acc, int64_t count) {
    (void)count;
    return static_cast<T>(log(acc));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReduceLogSumExpFloat32 = SPUD_REDUCE_DEF("ReduceLogSumExp", 1, 18, float, kFloat32, ReduceLogSumExpAcc);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReduceLogSumExpFloat64 = SPUD_REDUCE_DEF("ReduceLogSumExp", 1, 18, double, kFloat64, ReduceLogSumExpAcc);
#endif

}  // namespace kernels
}  // namespace spud
