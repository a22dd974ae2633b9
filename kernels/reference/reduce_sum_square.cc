// ReduceSumSquare: the sum of squares over the given axes (all when none), keeping them as size 1
// when keepdims (default 1).
#include "reduce.h"

namespace spud {
namespace kernels {
namespace {

struct ReduceSumSquareAcc {
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
    return acc;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReduceSumSquareFloat32 = SPUD_REDUCE_DEF("ReduceSumSquare", 1, 18, float, kFloat32, ReduceSumSquareAcc);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReduceSumSquareFloat64 = SPUD_REDUCE_DEF("ReduceSumSquare", 1, 18, double, kFloat64, ReduceSumSquareAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kReduceSumSquareInt32 = SPUD_REDUCE_DEF("ReduceSumSquare", 1, 18, int32_t, kInt32, ReduceSumSquareAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kReduceSumSquareInt64 = SPUD_REDUCE_DEF("ReduceSumSquare", 1, 18, int64_t, kInt64, ReduceSumSquareAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kReduceSumSquareUInt32 = SPUD_REDUCE_DEF("ReduceSumSquare", 1, 18, uint32_t, kUInt32, ReduceSumSquareAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kReduceSumSquareUInt64 = SPUD_REDUCE_DEF("ReduceSumSquare", 1, 18, uint64_t, kUInt64, ReduceSumSquareAcc);
#endif

}  // namespace kernels
}  // namespace spud
