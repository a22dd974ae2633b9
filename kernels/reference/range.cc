// Range: start, start + delta, ... up to (not including) limit; the count is
// max(ceil((limit - start) / delta), 0), known only from the values, so a
// non-constant input makes the node dynamic.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

template <typename T>
Status prepare(KernelContext* ctx) {
  const Tensor* s = ctx->input(0);
  const Tensor* l = ctx->input(1);
  const Tensor* dl = ctx->input(2);
  SPUD_CHECK_OR_RETURN(s != nullptr && l != nullptr && dl != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Range: needs start, limit, delta and one output");
  SPUD_CHECK_OR_RETURN(s->dtype == l->dtype && s->dtype == dl->dtype && s->num_elements() == 1 &&
                           l->num_elements() == 1 && dl->num_elements() == 1,
                       kInvalidModel, "Range: start, limit and delta must be scalars of one type");
  SPUD_CHECK_OR_RETURN(s->data != nullptr && l->data != nullptr && dl->data != nullptr, kDataDependent,
                       "Range: the bounds are not known yet");
  const double start = static_cast<double>(*s->data_as<const T>());
  const double limit = static_cast<double>(*l->data_as<const T>());
  const double delta = static_cast<double>(*dl->data_as<const T>());
  SPUD_CHECK_OR_RETURN(delta != 0, kInvalidArgument, "Range: delta is 0");
  const double count = ceil((limit - start) / delta);
  SPUD_CHECK_OR_RETURN(count < 9.0e15, kInvalidArgument, "Range: too many elements");
  const int64_t n = count > 0 ? static_cast<int64_t>(count) : 0;
  Tensor* y = ctx->output(0);
  y->dtype = s->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, 1, &n), kInvalidModel, "Range: output overflows");
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const T start = *ctx->input(0)->data_as<const T>();
  const T delta = *ctx->input(2)->data_as<const T>();
  Tensor* y = ctx->output(0);
  T* out = y->data_as<T>();
  const int64_t n = y->dims[0];
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(start + static_cast<T>(i) * delta);
  return Status::Ok();
}

#define SPUD_RANGE_DEF(T, dtype) {"", "Range", 11, 11, dtype_bit(DType::dtype), 0, 0, nullptr, prepare<T>, eval<T>}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kRangeFloat32 = SPUD_RANGE_DEF(float, kFloat32);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kRangeFloat64 = SPUD_RANGE_DEF(double, kFloat64);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kRangeInt16 = SPUD_RANGE_DEF(int16_t, kInt16);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kRangeInt32 = SPUD_RANGE_DEF(int32_t, kInt32);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kRangeInt64 = SPUD_RANGE_DEF(int64_t, kInt64);
#endif

}  // namespace kernels
}  // namespace spud
