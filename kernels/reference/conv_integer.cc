// ConvInteger (opset 10): Conv of int8/uint8 x and w (attributes as Conv's)
// into int32, with x_zero_point (per tensor) and w_zero_point (per tensor or
// per output channel) subtracted first.
#include "int_conv_util.h"

namespace spud {
namespace kernels {
namespace {

Status init(KernelContext* ctx) { return init_int_conv(*ctx->attributes, ctx->data<IntConvGeometry>()); }

Status prepare(KernelContext* ctx) {
  IntConvGeometry* g = ctx->data<IntConvGeometry>();
  const Tensor* x = ctx->input(0);
  const Tensor* w = ctx->input(1);
  const Tensor* xz = ctx->input(2);
  const Tensor* wz = ctx->input(3);
  SPUD_CHECK_OR_RETURN(x != nullptr && w != nullptr && ctx->num_outputs == 1, kInvalidModel, "ConvInteger: needs x, w and one output");
  SPUD_RETURN_IF_ERROR(prepare_int_conv(x, w, g, ctx->output(0), DType::kInt32));
  SPUD_CHECK_OR_RETURN(xz == nullptr || (xz->dtype == x->dtype && xz->num_elements() == 1), kInvalidModel,
                       "ConvInteger: x_zero_point must be one value of x's type");
  SPUD_CHECK_OR_RETURN(wz == nullptr || (wz->dtype == w->dtype && (wz->num_elements() == 1 || (wz->rank == 1 && wz->dims[0] == g->c_out))),
                       kInvalidModel, "ConvInteger: w_zero_point must be of w's type, one value or one per output channel");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const IntConvGeometry* g = ctx->data<IntConvGeometry>();
  int32_t* y = ctx->output(0)->data_as<int32_t>();
  int_conv(*g, *ctx->input(0), zero_point_at(ctx->input(2), 0), *ctx->input(1), ctx->input(3),
           [y](int64_t at, int64_t, int32_t acc) { y[at] = acc; });
  return Status::Ok();
}

}  // namespace

extern const KernelDef kConvIntegerAll = {"", "ConvInteger", 10, 10, dtype_bit(DType::kInt8) | dtype_bit(DType::kUInt8), 0, sizeof(IntConvGeometry), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
