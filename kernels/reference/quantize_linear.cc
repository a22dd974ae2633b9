// QuantizeLinear (opsets 10, 13): y = saturate(round(x / y_scale) +
// y_zero_point), rounding ties to even, into the zero point's type (uint8
// when there is none; int8 or uint8). Opset 13 takes a 1-D scale and zero
// point along `axis` (default 1) for per-axis quantization.
#include "quant_util.h"

namespace spud {
namespace kernels {
namespace {

struct QuantizeData {
  int64_t axis_attr;
  int64_t extent, inner;  // of the quantization axis; extent 1 when per tensor
};

Status init(KernelContext* ctx) {
  ctx->data<QuantizeData>()->axis_attr = ctx->attributes->get_int("axis", 1);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  QuantizeData* d = ctx->data<QuantizeData>();
  const Tensor* x = ctx->input(0);
  const Tensor* scale = ctx->input(1);
  const Tensor* zp = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && scale != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "QuantizeLinear: needs x, y_scale and one output");
  SPUD_CHECK_OR_RETURN(zp == nullptr || is_quant_type(zp->dtype), kUnsupported, "QuantizeLinear: y_zero_point must be int8 or uint8");
  int axis = -1;
  d->extent = d->inner = 1;
  if (scale->num_elements() != 1) {
    SPUD_CHECK_OR_RETURN(ctx->since_version >= 13, kInvalidModel, "QuantizeLinear: before opset 13 y_scale must be a scalar");
    SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &axis), kInvalidModel, "QuantizeLinear: axis is out of range for x's rank");
    d->extent = x->dims[axis];
    for (int i = axis + 1; i < x->rank; ++i) d->inner *= x->dims[i];
  }
  const char* bad = check_scale_zero_point(scale, zp, x->rank, x->dims, axis);
  SPUD_CHECK_OR_RETURN(*bad == '\0', kInvalidModel, "QuantizeLinear: y_scale or y_zero_point does not fit x (per tensor, or 1-D along axis)");
  Tensor* y = ctx->output(0);
  copy_type_and_shape(*x, y);
  y->dtype = zp != nullptr ? zp->dtype : DType::kUInt8;
  return Status::Ok();
}

template <typename TIn, typename TOut>
void quantize(const QuantizeData* d, const TIn* x, const float* scale, const Tensor* zp, int64_t n, TOut* y) {
  for (int64_t i = 0; i < n; ++i) {
    const int64_t c = d->extent == 1 ? 0 : (i / d->inner) % d->extent;
    const float q = nearbyintf(static_cast<float>(x[i]) / scale[c]);
    y[i] = saturate_round<TOut>(q + static_cast<float>(zero_point_at(zp, c)));
  }
}

template <typename TIn>
Status eval(KernelContext* ctx) {
  const QuantizeData* d = ctx->data<QuantizeData>();
  const TIn* x = ctx->input(0)->data_as<const TIn>();
  const float* scale = ctx->input(1)->data_as<const float>();
  const Tensor* zp = ctx->input(2);
  Tensor* y = ctx->output(0);
  const int64_t n = y->num_elements();
  if (y->dtype == DType::kInt8) quantize(d, x, scale, zp, n, y->data_as<int8_t>());
  else quantize(d, x, scale, zp, n, y->data_as<uint8_t>());
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kQuantizeLinearFloat32 = {"", "QuantizeLinear", 10, 13, dtype_bit(DType::kFloat32), 0, sizeof(QuantizeData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kQuantizeLinearInt32 = {"", "QuantizeLinear", 10, 13, dtype_bit(DType::kInt32), 0, sizeof(QuantizeData), init, prepare, eval<int32_t>};
#endif

}  // namespace kernels
}  // namespace spud
