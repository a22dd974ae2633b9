// DequantizeLinear (opsets 10, 13): y = (x - x_zero_point) * x_scale in
// float32, for int8, uint8 and int32 x (an int32 x has no zero point other
// than 0). Opset 13 takes a 1-D scale and zero point along `axis` (default
// 1) for per-axis dequantization.
#include "quant_util.h"

namespace spud {
namespace kernels {
namespace {

struct DequantizeData {
  int64_t axis_attr;
  int64_t extent, inner;
};

Status init(KernelContext* ctx) {
  ctx->data<DequantizeData>()->axis_attr = ctx->attributes->get_int("axis", 1);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  DequantizeData* d = ctx->data<DequantizeData>();
  const Tensor* x = ctx->input(0);
  const Tensor* scale = ctx->input(1);
  const Tensor* zp = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && scale != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "DequantizeLinear: needs x, x_scale and one output");
  SPUD_CHECK_OR_RETURN(zp == nullptr || zp->dtype == x->dtype, kInvalidModel, "DequantizeLinear: x_zero_point must have x's type");
  int axis = -1;
  d->extent = d->inner = 1;
  if (scale->num_elements() != 1) {
    SPUD_CHECK_OR_RETURN(ctx->since_version >= 13, kInvalidModel, "DequantizeLinear: before opset 13 x_scale must be a scalar");
    SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &axis), kInvalidModel, "DequantizeLinear: axis is out of range for x's rank");
    d->extent = x->dims[axis];
    for (int i = axis + 1; i < x->rank; ++i) d->inner *= x->dims[i];
  }
  const char* bad = check_scale_zero_point(scale, zp, x->rank, x->dims, axis);
  SPUD_CHECK_OR_RETURN(*bad == '\0', kInvalidModel, "DequantizeLinear: x_scale or x_zero_point does not fit x (per tensor, or 1-D along axis)");
  if (x->dtype == DType::kInt32 && zp != nullptr && zp->data != nullptr)
    for (int64_t i = 0; i < zp->num_elements(); ++i)
      SPUD_CHECK_OR_RETURN(zp->data_as<const int32_t>()[i] == 0, kInvalidModel, "DequantizeLinear: an int32 x needs a zero point of 0");
  Tensor* y = ctx->output(0);
  copy_type_and_shape(*x, y);
  y->dtype = DType::kFloat32;
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const DequantizeData* d = ctx->data<DequantizeData>();
  const T* x = ctx->input(0)->data_as<const T>();
  const float* scale = ctx->input(1)->data_as<const float>();
  const Tensor* zp = ctx->input(2);
  float* y = ctx->output(0)->data_as<float>();
  const int64_t n = ctx->output(0)->num_elements();
  for (int64_t i = 0; i < n; ++i) {
    const int64_t c = d->extent == 1 ? 0 : (i / d->inner) % d->extent;
    y[i] = static_cast<float>(static_cast<int64_t>(x[i]) - zero_point_at(zp, c)) * scale[c];
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kDequantizeLinearInt8 = {"", "DequantizeLinear", 10, 13, dtype_bit(DType::kInt8), 0, sizeof(DequantizeData), init, prepare, eval<int8_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kDequantizeLinearUInt8 = {"", "DequantizeLinear", 10, 13, dtype_bit(DType::kUInt8), 0, sizeof(DequantizeData), init, prepare, eval<uint8_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kDequantizeLinearInt32 = {"", "DequantizeLinear", 10, 13, dtype_bit(DType::kInt32), 0, sizeof(DequantizeData), init, prepare, eval<int32_t>};
#endif

}  // namespace kernels
}  // namespace spud
