// QLinearConv (opset 10): Conv of quantized int8/uint8 x and w (attributes
// as Conv's): the int32 sum of (x - x_zero_point)(w - w_zero_point) plus the
// int32 bias B, scaled by x_scale * w_scale / y_scale (w's per tensor or per
// output channel), rounded ties to even and saturated into y_zero_point's
// type after adding it.
#include "int_conv_util.h"

namespace spud {
namespace kernels {
namespace {

Status init(KernelContext* ctx) { return init_int_conv(*ctx->attributes, ctx->data<IntConvGeometry>()); }

bool one_float(const Tensor* t) { return t != nullptr && t->dtype == DType::kFloat32 && t->num_elements() == 1; }

Status prepare(KernelContext* ctx) {
  IntConvGeometry* g = ctx->data<IntConvGeometry>();
  const Tensor* x = ctx->input(0);
  const Tensor* xs = ctx->input(1);
  const Tensor* xz = ctx->input(2);
  const Tensor* w = ctx->input(3);
  const Tensor* ws = ctx->input(4);
  const Tensor* wz = ctx->input(5);
  const Tensor* ys = ctx->input(6);
  const Tensor* yz = ctx->input(7);
  const Tensor* b = ctx->input(8);
  SPUD_CHECK_OR_RETURN(x != nullptr && w != nullptr && xs != nullptr && ws != nullptr && ys != nullptr && ctx->num_outputs == 1,
                       kInvalidModel, "QLinearConv: needs x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point");
  SPUD_CHECK_OR_RETURN(yz == nullptr || is_quant_type(yz->dtype), kInvalidModel, "QLinearConv: y_zero_point must be int8 or uint8");
  SPUD_RETURN_IF_ERROR(prepare_int_conv(x, w, g, ctx->output(0), yz != nullptr ? yz->dtype : DType::kUInt8));
  SPUD_CHECK_OR_RETURN(one_float(xs) && one_float(ys), kInvalidModel, "QLinearConv: x_scale and y_scale must be one float32");
  SPUD_CHECK_OR_RETURN(xz == nullptr || (xz->dtype == x->dtype && xz->num_elements() == 1), kInvalidModel,
                       "QLinearConv: x_zero_point must be one value of x's type");
  SPUD_CHECK_OR_RETURN(yz == nullptr || yz->num_elements() == 1, kInvalidModel, "QLinearConv: y_zero_point must be one value");
  const bool ws_ok = ws->dtype == DType::kFloat32 && (ws->num_elements() == 1 || (ws->rank == 1 && ws->dims[0] == g->c_out));
  SPUD_CHECK_OR_RETURN(ws_ok, kInvalidModel, "QLinearConv: w_scale must be float32, one value or one per output channel");
  SPUD_CHECK_OR_RETURN(wz == nullptr || (wz->dtype == w->dtype && (wz->num_elements() == 1 || (wz->rank == 1 && wz->dims[0] == g->c_out))),
                       kInvalidModel, "QLinearConv: w_zero_point must be of w's type, one value or one per output channel");
  SPUD_CHECK_OR_RETURN(b == nullptr || (b->dtype == DType::kInt32 && b->rank == 1 && b->dims[0] == g->c_out), kInvalidModel,
                       "QLinearConv: B must be int32, one value per output channel");
  return Status::Ok();
}

template <typename T>
void run(KernelContext* ctx, T* y) {
  const IntConvGeometry* g = ctx->data<IntConvGeometry>();
  const float xs = *ctx->input(1)->data_as<const float>(), ys = *ctx->input(6)->data_as<const float>();
  const Tensor* ws = ctx->input(4);
  const bool per_channel = ws->num_elements() > 1;
  const float* wsv = ws->data_as<const float>();
  const int32_t* bias = ctx->input(8) != nullptr ? ctx->input(8)->data_as<const int32_t>() : nullptr;
  const float yz = static_cast<float>(zero_point_at(ctx->input(7), 0));
  int_conv(*g, *ctx->input(0), zero_point_at(ctx->input(2), 0), *ctx->input(3), ctx->input(5),
           [&](int64_t at, int64_t oc, int32_t acc) {
             const float m = xs * wsv[per_channel ? oc : 0] / ys;
             const int32_t sum = acc + (bias != nullptr ? bias[oc] : 0);
             y[at] = saturate_round<T>(nearbyintf(static_cast<float>(sum) * m) + yz);
           });
}

Status eval(KernelContext* ctx) {
  Tensor* y = ctx->output(0);
  if (y->dtype == DType::kInt8) run(ctx, y->data_as<int8_t>());
  else run(ctx, y->data_as<uint8_t>());
  return Status::Ok();
}

}  // namespace

extern const KernelDef kQLinearConvAll = {"", "QLinearConv", 10, 10, dtype_bit(DType::kInt8) | dtype_bit(DType::kUInt8), 0, sizeof(IntConvGeometry), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
