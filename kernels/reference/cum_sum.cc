// CumSum along the axis given by a scalar input, optionally exclusive
// (each sum leaves out its own element) and/or reverse.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct CumSumData {
  bool exclusive, reverse;
};

Status init(KernelContext* ctx) {
  CumSumData* d = ctx->data<CumSumData>();
  d->exclusive = ctx->attributes->get_int("exclusive", 0) != 0;
  d->reverse = ctx->attributes->get_int("reverse", 0) != 0;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const Tensor* axis = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && axis != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "CumSum: needs x, axis and one output");
  SPUD_CHECK_OR_RETURN(axis->num_elements() == 1 && (axis->dtype == DType::kInt64 || axis->dtype == DType::kInt32),
                       kInvalidModel, "CumSum: axis must be an int scalar");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const CumSumData* d = ctx->data<CumSumData>();
  const Tensor* x = ctx->input(0);
  const Tensor* a = ctx->input(1);
  const int64_t axis_value = a->dtype == DType::kInt64 ? *a->data_as<const int64_t>() : *a->data_as<const int32_t>();
  int axis = 0;
  if (!normalize_axis(axis_value, x->rank, &axis)) return SPUD_ERROR(kInvalidArgument, "CumSum: axis out of range");
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < axis; ++i) outer *= x->dims[i];
  for (int i = axis + 1; i < x->rank; ++i) inner *= x->dims[i];
  const int64_t extent = x->dims[axis];
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      T sum = T(0);
      for (int64_t s = 0; s < extent; ++s) {
        const int64_t k = d->reverse ? extent - 1 - s : s;
        const int64_t at = (o * extent + k) * inner + i;
        if (d->exclusive) {
          out[at] = sum;
          sum = static_cast<T>(sum + in[at]);
        } else {
          sum = static_cast<T>(sum + in[at]);
          out[at] = sum;
        }
      }
    }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kCumSumFloat32 = {"", "CumSum", 11, 14, dtype_bit(DType::kFloat32), 0, sizeof(CumSumData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kCumSumFloat64 = {"", "CumSum", 11, 14, dtype_bit(DType::kFloat64), 0, sizeof(CumSumData), init, prepare, eval<double>};
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kCumSumInt32 = {"", "CumSum", 11, 14, dtype_bit(DType::kInt32), 0, sizeof(CumSumData), init, prepare, eval<int32_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kCumSumInt64 = {"", "CumSum", 11, 14, dtype_bit(DType::kInt64), 0, sizeof(CumSumData), init, prepare, eval<int64_t>};
#endif

}  // namespace kernels
}  // namespace spud
