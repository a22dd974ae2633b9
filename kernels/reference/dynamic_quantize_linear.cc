// DynamicQuantizeLinear (opset 11): uint8 quantization of float32 x with a
// scale and zero point from its range, widened to include 0:
// y_scale = (max(x, 0) - min(x, 0)) / 255, y_zero_point =
// saturate(round(-min / y_scale)), y = saturate(round(x / y_scale) +
// y_zero_point), ties to even. All-zero x gives scale 0, zero point 0.
#include "quant_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 3, kInvalidModel,
                       "DynamicQuantizeLinear: needs x and three outputs (y, y_scale, y_zero_point)");
  SPUD_CHECK_OR_RETURN(x->dtype == DType::kFloat32, kInvalidModel, "DynamicQuantizeLinear: x must be float32");
  Tensor* y = ctx->output(0);
  copy_type_and_shape(*x, y);
  y->dtype = DType::kUInt8;
  for (int k = 1; k < 3; ++k) {
    Tensor* t = ctx->output(k);
    if (t == nullptr) continue;
    t->dtype = k == 1 ? DType::kFloat32 : DType::kUInt8;
    SPUD_CHECK_OR_RETURN(set_shape(t, 0, nullptr), kInvalidModel, "DynamicQuantizeLinear: bad output shape");
  }
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  float scale = 0;
  uint8_t zp = 0;
  dynamic_quantize_u8(x->data_as<const float>(), x->num_elements(), ctx->output(0)->data_as<uint8_t>(), &scale, &zp);
  if (Tensor* s = ctx->output(1)) *s->data_as<float>() = scale;
  if (Tensor* z = ctx->output(2)) *z->data_as<uint8_t>() = zp;
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kDynamicQuantizeLinearFloat32 = {"", "DynamicQuantizeLinear", 11, 11, dtype_bit(DType::kFloat32), 0, 0, nullptr, prepare, eval};
#endif

}  // namespace kernels
}  // namespace spud
