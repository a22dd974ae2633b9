// Pow: base ^ exponent with numpy broadcasting. The base type picks the
// kernel; the exponent may be any numeric type (opset 12+) and is dispatched
// in eval.
#include <math.h>

#include <limits>
#include <type_traits>

#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  BinaryData* d = ctx->data<BinaryData>();
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Pow: needs base, exponent and one output");
  SPUD_CHECK_OR_RETURN(make_broadcast(*a, *b, &d->bc), kInvalidModel, "Pow: shapes cannot be broadcast together");
  switch (b->dtype) {
    case DType::kFloat32: case DType::kFloat64: case DType::kInt32: case DType::kInt64:
    case DType::kUInt32: case DType::kUInt64: break;
    default: return SPUD_ERROR(kUnsupported, "Pow: exponent type not supported");
  }
  Tensor* y = ctx->output(0);
  y->dtype = a->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, d->bc.rank, d->bc.dims), kInvalidModel, "Pow: output shape overflows");
  return Status::Ok();
}

// The double result in T: an integer base's power past T's range saturates,
// and NaN gives 0 (a plain cast would be undefined: converter-fuzz UBSan).
template <typename T>
T from_double(double v) {
  if constexpr (std::is_floating_point<T>::value) {
    return static_cast<T>(v);
  } else {
    constexpr double lo = static_cast<double>(std::numeric_limits<T>::min());
    constexpr double hi = static_cast<double>(std::numeric_limits<T>::max());
    if (!(v == v)) return T(0);
    if (v <= lo) return std::numeric_limits<T>::min();
    if (v >= hi) return std::numeric_limits<T>::max();
    return static_cast<T>(v);
  }
}

template <typename T, typename E>
void apply(KernelContext* ctx) {
  broadcast_apply(ctx->data<BinaryData>()->bc, ctx->input(0)->data_as<const T>(), ctx->input(1)->data_as<const E>(),
                  ctx->output(0)->data_as<T>(),
                  [](T a, E b) { return from_double<T>(pow(static_cast<double>(a), static_cast<double>(b))); });
}

template <typename T>
Status eval(KernelContext* ctx) {
  switch (ctx->input(1)->dtype) {
    case DType::kFloat32: apply<T, float>(ctx); break;
    case DType::kFloat64: apply<T, double>(ctx); break;
    case DType::kInt32: apply<T, int32_t>(ctx); break;
    case DType::kUInt32: apply<T, uint32_t>(ctx); break;
    case DType::kUInt64: apply<T, uint64_t>(ctx); break;
    default: apply<T, int64_t>(ctx); break;
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kPowFloat32 = {"", "Pow", 7, 15, dtype_bit(DType::kFloat32), 0, sizeof(BinaryData), nullptr, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kPowFloat64 = {"", "Pow", 7, 15, dtype_bit(DType::kFloat64), 0, sizeof(BinaryData), nullptr, prepare, eval<double>};
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kPowInt32 = {"", "Pow", 12, 15, dtype_bit(DType::kInt32), 0, sizeof(BinaryData), nullptr, prepare, eval<int32_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kPowInt64 = {"", "Pow", 12, 15, dtype_bit(DType::kInt64), 0, sizeof(BinaryData), nullptr, prepare, eval<int64_t>};
#endif

}  // namespace kernels
}  // namespace spud
