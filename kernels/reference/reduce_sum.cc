// ReduceSum: the sum (axes attribute; opset 13's axes input is in reduce_sum.cc below) over the given axes (all when none), keeping them as size 1
// when keepdims (default 1).
#include "reduce.h"

namespace spud {
namespace kernels {
namespace {

struct ReduceSumAcc {
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
    return acc;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReduceSumFloat32 = SPUD_REDUCE_DEF("ReduceSum", 1, 11, float, kFloat32, ReduceSumAcc);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReduceSumFloat64 = SPUD_REDUCE_DEF("ReduceSum", 1, 11, double, kFloat64, ReduceSumAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kReduceSumInt32 = SPUD_REDUCE_DEF("ReduceSum", 1, 11, int32_t, kInt32, ReduceSumAcc);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kReduceSumInt64 = SPUD_REDUCE_DEF("ReduceSum", 1, 11, int64_t, kInt64, ReduceSumAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kReduceSumUInt32 = SPUD_REDUCE_DEF("ReduceSum", 1, 11, uint32_t, kUInt32, ReduceSumAcc);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kReduceSumUInt64 = SPUD_REDUCE_DEF("ReduceSum", 1, 11, uint64_t, kUInt64, ReduceSumAcc);
#endif

// Opset 13: axes are an optional input (a non-constant one makes the node
// dynamic), and noop_with_empty_axes keeps the data as it is.
namespace {
Status init_axes_input(KernelContext* ctx) { return init_reduce(ctx, true); }
}  // namespace
#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReduceSum13Float32 = {"", "ReduceSum", 13, 13, dtype_bit(DType::kFloat32), 0, sizeof(ReduceData), init_axes_input, prepare_reduce, eval_reduce<float, ReduceSumAcc>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReduceSum13Float64 = {"", "ReduceSum", 13, 13, dtype_bit(DType::kFloat64), 0, sizeof(ReduceData), init_axes_input, prepare_reduce, eval_reduce<double, ReduceSumAcc>};
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kReduceSum13Int32 = {"", "ReduceSum", 13, 13, dtype_bit(DType::kInt32), 0, sizeof(ReduceData), init_axes_input, prepare_reduce, eval_reduce<int32_t, ReduceSumAcc>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kReduceSum13Int64 = {"", "ReduceSum", 13, 13, dtype_bit(DType::kInt64), 0, sizeof(ReduceData), init_axes_input, prepare_reduce, eval_reduce<int64_t, ReduceSumAcc>};
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kReduceSum13UInt32 = {"", "ReduceSum", 13, 13, dtype_bit(DType::kUInt32), 0, sizeof(ReduceData), init_axes_input, prepare_reduce, eval_reduce<uint32_t, ReduceSumAcc>};
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kReduceSum13UInt64 = {"", "ReduceSum", 13, 13, dtype_bit(DType::kUInt64), 0, sizeof(ReduceData), init_axes_input, prepare_reduce, eval_reduce<uint64_t, ReduceSumAcc>};
#endif

}  // namespace kernels
}  // namespace spud
