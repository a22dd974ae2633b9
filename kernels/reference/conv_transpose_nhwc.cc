// ConvTranspose in spud's NHWC domain: 2-D transposed convolution over
// X [N,H,W,C] with weights [M,kH,kW,C/group], groups, strides, dilations,
// pads, output_padding or output_shape, bias and a fused output clamp.
#include "nhwc_util.h"

namespace spud {
namespace kernels {
namespace {

struct ConvTransposeData {
  ConvTransposeNhwcParams params;
  ConvTransposeNhwcGeometry geo;
};

Status init(KernelContext* ctx) {
  return parse_conv_transpose_nhwc(*ctx->attributes, &ctx->data<ConvTransposeData>()->params);
}

Status prepare(KernelContext* ctx) {
  ConvTransposeData* d = ctx->data<ConvTransposeData>();
  return prepare_conv_transpose_nhwc(ctx, d->params, &d->geo);
}

// Each input pixel scatters into the output pixels its kernel taps reach:
// per tap, each output channel of a group adds the dot product of the
// pixel's group channels (contiguous) with that tap's weights (contiguous).
Status eval(KernelContext* ctx) {
  const ConvTransposeData* d = ctx->data<ConvTransposeData>();
  const ConvTransposeNhwcGeometry& geo = d->geo;
  const Tensor* x = ctx->input(0);
  const Tensor* w = ctx->input(1);
  const float* in = x->data_as<const float>();
  const float* wt = w->data_as<const float>();
  const float* bias = ctx->input(2) != nullptr ? ctx->input(2)->data_as<const float>() : nullptr;
  Tensor* y = ctx->output(0);
  float* out = y->data_as<float>();
  const int64_t batch = x->dims[0], ih = geo.in[0], iw = geo.in[1], c_in = x->dims[3];
  const int64_t oh = geo.out[0], ow = geo.out[1], c_out = w->dims[0], kh = geo.kernel[0], kw = geo.kernel[1];
  const int64_t cin_g = w->dims[3], cout_g = c_out / d->params.group;
  const int64_t pixels = batch * oh * ow;
  for (int64_t p = 0; p < pixels; ++p)
    for (int64_t oc = 0; oc < c_out; ++oc) out[p * c_out + oc] = bias != nullptr ? bias[oc] : 0.f;
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t iy = 0; iy < ih; ++iy)
      for (int64_t ix = 0; ix < iw; ++ix) {
        const float* px = in + ((n * ih + iy) * iw + ix) * c_in;
        for (int64_t ky = 0; ky < kh; ++ky) {
          const int64_t oy = iy * d->params.stride[0] - geo.pad_begin[0] + ky * d->params.dilation[0];
          if (oy < 0 || oy >= oh) continue;
          for (int64_t kx = 0; kx < kw; ++kx) {
            const int64_t ox = ix * d->params.stride[1] - geo.pad_begin[1] + kx * d->params.dilation[1];
            if (ox < 0 || ox >= ow) continue;
            float* o = out + ((n * oh + oy) * ow + ox) * c_out;
            for (int64_t oc = 0; oc < c_out; ++oc) {
              const float* grp = px + (oc / cout_g) * cin_g;
              const float* k = wt + ((oc * kh + ky) * kw + kx) * cin_g;
              float acc = 0.f;
              for (int64_t ic = 0; ic < cin_g; ++ic) acc += grp[ic] * k[ic];
              o[oc] += acc;
            }
          }
        }
      }
  const float lo = d->params.activation_min, hi = d->params.activation_max;
  for (int64_t e = 0; e < pixels * c_out; ++e) out[e] = out[e] < lo ? lo : (out[e] > hi ? hi : out[e]);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kConvTransposeNhwcFloat32 = {"com.spud.nhwc", "ConvTranspose", 1, 1,
                                                    dtype_bit(DType::kFloat32), 0, sizeof(ConvTransposeData),
                                                    init, prepare, eval};
#endif

}  // namespace kernels
}  // namespace spud
