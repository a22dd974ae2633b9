// ConvTranspose in spud's NHWC domain on XNNPACK's deconvolution: 2-D
// float32, constant weights [M,kH,kW,C/group] (XNNPACK's own order) and
// bias packed once, groups, strides, dilations, pads, output_padding as
// XNNPACK's adjustment, and the fused output clamp. Declined: weights that
// are not constant, padding that output_shape makes negative, and an
// output_padding not below the stride.
#include "reference/nhwc_util.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

struct ConvTransposeXnnData {
  XnnpackOperator x;  // first: the shared helpers find it there
  ConvTransposeNhwcParams params;
  ConvTransposeNhwcGeometry geo;
};

Status init(KernelContext* ctx) {
  return parse_conv_transpose_nhwc(*ctx->attributes, &ctx->data<ConvTransposeXnnData>()->params);
}

Status setup(KernelContext* ctx) {
  const ConvTransposeXnnData* d = ctx->data<ConvTransposeXnnData>();
  const Tensor* x = ctx->input(0);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_deconvolution2d_nhwc_f32(
      d->x.op, static_cast<size_t>(x->dims[0]), static_cast<size_t>(x->dims[1]), static_cast<size_t>(x->dims[2]),
      static_cast<uint32_t>(d->params.out_pad[0]), static_cast<uint32_t>(d->params.out_pad[1]),
      x->data_as<const float>(), ctx->output(0)->data_as<float>(), xnnpack_pool(ctx))));
  remember_pointers(ctx);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ConvTransposeXnnData* d = ctx->data<ConvTransposeXnnData>();
  SPUD_RETURN_IF_ERROR(prepare_conv_transpose_nhwc(ctx, d->params, &d->geo));
  const ConvTransposeNhwcParams& p = d->params;
  const ConvTransposeNhwcGeometry& geo = d->geo;
  const Tensor* x = ctx->input(0);
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  if (!xnnpack_available() || !w->constant || (b != nullptr && !b->constant))
    return SPUD_ERROR(kDeclined, "XNNPACK ConvTranspose: needs constant weights");
  for (int i = 0; i < 2; ++i)
    if (geo.pad_begin[i] < 0 || geo.pad_end[i] < 0 || p.out_pad[i] >= p.stride[i] || geo.out[i] == 0 ||
        geo.in[i] == 0)
      return SPUD_ERROR(kDeclined, "XNNPACK ConvTranspose: this padding has no XNNPACK equivalent");
  if (!(p.activation_min < p.activation_max))
    return SPUD_ERROR(kDeclined, "XNNPACK ConvTranspose: an empty output range");
  if (x->dims[0] == 0) return SPUD_ERROR(kDeclined, "XNNPACK ConvTranspose: an empty batch");
  const size_t groups = static_cast<size_t>(p.group);
  const size_t cin_g = static_cast<size_t>(w->dims[3]), cout_g = static_cast<size_t>(w->dims[0]) / groups;
  xnnpack_delete(&d->x.op);
  PersistentBytes held(ctx);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_create_deconvolution2d_nhwc_f32(
      static_cast<uint32_t>(geo.pad_begin[0]), static_cast<uint32_t>(geo.pad_end[1]),
      static_cast<uint32_t>(geo.pad_end[0]), static_cast<uint32_t>(geo.pad_begin[1]),
      static_cast<uint32_t>(geo.kernel[0]), static_cast<uint32_t>(geo.kernel[1]), static_cast<uint32_t>(p.stride[0]),
      static_cast<uint32_t>(p.stride[1]), static_cast<uint32_t>(p.dilation[0]), static_cast<uint32_t>(p.dilation[1]),
      static_cast<uint32_t>(groups), cin_g, cout_g, cin_g * groups, cout_g * groups, w->data_as<const float>(),
      b != nullptr ? b->data_as<const float>() : nullptr, p.activation_min, p.activation_max, 0, &d->x.op)));
  ctx->packed_inputs = (1u << 1) | (1u << 2);  // W and B live in the operator now
  return setup_when_bound<setup>(ctx);
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kConvTransposeNhwcXnnpackFloat32 = {"com.spud.nhwc", "ConvTranspose", 1, 1,
                                                           dtype_bit(DType::kFloat32), 0, sizeof(ConvTransposeXnnData),
                                                           init, prepare, run_operator<setup>, release_operator};
#endif

}  // namespace kernels
}  // namespace spud
