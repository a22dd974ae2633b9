// ReduceMin: the minimum (NaN wins) over the given axes (all when none), keeping them as size 1
// when keepdims (default 1).
#include "reduce.h"

namespace spud {
namespace kernels {
namespace {

struct ReduceMinAcc {
  template <typename T>
  static T start() {
    return std::numeric_limits<T>::max();
  }
  template <typename T>
  static T add(T acc, T x) {
    return x < acc || x != x ? x : acc;
  }
  template <typename T>
  static T finish(T acc, int64_t count) {
    (void)count;
    return acc;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReduceMinFloat32 = SPUD_REDUCE_DEF("ReduceMin", 1, 20, float, kFloat32, ReduceMinAcc);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReduceMinFloat64 = SPUD_REDUCE_DEF("ReduceMin", 1, 20, double, kFloat64, ReduceMinAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kReduceMinInt32 = SPUD_REDUCE_DEF("ReduceMin", 1, 20, int32_t, kInt32, ReduceMinAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kReduceMinInt64 = SPUD_REDUCE_DEF("ReduceMin", 1, 20, int64_t, kInt64, ReduceMinAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kReduceMinUInt32 = SPUD_REDUCE_DEF("ReduceMin", 1, 20, uint32_t, kUInt32, ReduceMinAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kReduceMinUInt64 = SPUD_REDUCE_DEF("ReduceMin", 1, 20, uint64_t, kUInt64, ReduceMinAcc);
#endif
// int8/uint8 arrived with opset 12.
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kReduceMinInt8 = SPUD_REDUCE_DEF("ReduceMin", 12, 20, int8_t, kInt8, ReduceMinAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kReduceMinUInt8 = SPUD_REDUCE_DEF("ReduceMin", 12, 20, uint8_t, kUInt8, ReduceMinAcc);
#endif
// bool arrived with opset 20 (the maximum is "any", the minimum "all").
#if SPUD_TYPE_ENABLED(kBool)
extern const KernelDef kReduceMinBool = SPUD_REDUCE_DEF("ReduceMin", 20, 20, bool, kBool, ReduceMinAcc);
#endif

}  // namespace kernels
}  // namespace spud
