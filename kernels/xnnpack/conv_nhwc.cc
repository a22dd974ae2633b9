// Conv in spud's NHWC domain on XNNPACK: 2-D float32 convolution with
// constant OHWI weights, packed once at session creation, bias and the fused
// output clamp. Declines weights that are not constant.
#include "reference/nhwc_util.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

struct ConvData {
  ConvNhwcParams params;
  Window window;
  xnn_operator_t op;
  const void* set_in;  // the pointers the operator was last set up with
  void* set_out;
};

Status init(KernelContext* ctx) {
  return parse_conv_nhwc(*ctx->attributes, &ctx->data<ConvData>()->params);
}

Status setup(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  const Tensor* x = ctx->input(0);
  Tensor* y = ctx->output(0);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_convolution2d_nhwc_f32(
      d->op, static_cast<size_t>(x->dims[0]), static_cast<size_t>(x->dims[1]), static_cast<size_t>(x->dims[2]),
      x->data_as<const float>(), y->data_as<float>(), xnnpack_pool(ctx))));
  d->set_in = x->data;
  d->set_out = y->data;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  SPUD_RETURN_IF_ERROR(prepare_conv_nhwc(ctx, d->params, &d->window));
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  if (!xnnpack_available() || !w->constant || (b != nullptr && !b->constant))
    return SPUD_ERROR(kDeclined, "XNNPACK Conv: needs constant weights");
  const Window& win = d->window;
  const uint32_t groups = static_cast<uint32_t>(d->params.group);
  const size_t cin_g = static_cast<size_t>(w->dims[3]);
  const size_t cout_g = static_cast<size_t>(w->dims[0]) / groups;
  xnnpack_delete(&d->op);
  {
    PersistentBytes held(ctx);
    SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_create_convolution2d_nhwc_f32(
        static_cast<uint32_t>(win.pad_begin[kNhwcH]), static_cast<uint32_t>(win.pad_end[kNhwcW]),
        static_cast<uint32_t>(win.pad_end[kNhwcH]), static_cast<uint32_t>(win.pad_begin[kNhwcW]),
        static_cast<uint32_t>(win.kernel[kNhwcH]), static_cast<uint32_t>(win.kernel[kNhwcW]),
        static_cast<uint32_t>(win.stride[kNhwcH]), static_cast<uint32_t>(win.stride[kNhwcW]),
        static_cast<uint32_t>(win.dilation[kNhwcH]), static_cast<uint32_t>(win.dilation[kNhwcW]), groups, cin_g,
        cout_g, cin_g * groups, cout_g * groups, w->data_as<const float>(),
        b != nullptr ? b->data_as<const float>() : nullptr, d->params.activation_min, d->params.activation_max,
        0, &d->op)));
    // With the tensors' memory known (planned sessions), set up now so that
    // Run() finds the indirection buffers made.
    ctx->packed_inputs = (1u << 1) | (1u << 2);  // W and B live in the operator now
    if (ctx->input(0)->data != nullptr && ctx->output(0)->data != nullptr) {
      const Status st = setup(ctx);
      if (!st.ok()) {
        xnnpack_delete(&d->op);
        return st;
      }
    }
  }
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  if (d->set_in != ctx->input(0)->data || d->set_out != ctx->output(0)->data) SPUD_RETURN_IF_ERROR(setup(ctx));
  return xnnpack_status(xnn_run_operator(d->op, xnnpack_pool(ctx)));
}

Status release(KernelContext* ctx) {
  xnnpack_delete(&ctx->data<ConvData>()->op);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kConvNhwcXnnpackFloat32 = {"com.spud.nhwc", "Conv", 1, 1, dtype_bit(DType::kFloat32), 0,
                                                  sizeof(ConvData), init, prepare, eval, release};
#endif

}  // namespace kernels
}  // namespace spud
