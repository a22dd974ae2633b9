// Conv in spud's NHWC domain: 2-D convolution over X [N,H,W,C] with OHWI
// weights, groups, strides, dilations, pads, bias and a fused output clamp.
#include "nhwc_util.h"

namespace spud {
namespace kernels {
namespace {

struct ConvData {
  ConvNhwcParams params;
  Window window;
};

Status init(KernelContext* ctx) {
  return parse_conv_nhwc(*ctx->attributes, &ctx->data<ConvData>()->params);
}

Status prepare(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  return prepare_conv_nhwc(ctx, d->params, &d->window);
}

// Per output pixel: start from the bias, then for each kernel tap inside the
// image add the dot products of the input pixel's channels (contiguous) with
// each output channel's weights for that tap (contiguous too, in OHWI).
Status eval(KernelContext* ctx) {
  const ConvData* d = ctx->data<ConvData>();
  const Window& win = d->window;
  const Tensor* x = ctx->input(0);
  const Tensor* w = ctx->input(1);
  const float* in = x->data_as<const float>();
  const float* wt = w->data_as<const float>();
  const float* bias = ctx->input(2) != nullptr ? ctx->input(2)->data_as<const float>() : nullptr;
  float* out = ctx->output(0)->data_as<float>();
  const int64_t batch = x->dims[0], ih = x->dims[1], iw = x->dims[2], c_in = x->dims[3];
  const int64_t c_out = w->dims[0], kh = w->dims[1], kw = w->dims[2], cin_g = w->dims[3];
  const int64_t cout_g = c_out / d->params.group;
  const int64_t oh = win.out[kNhwcH], ow = win.out[kNhwcW];
  const float lo = d->params.activation_min, hi = d->params.activation_max;
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox) {
        float* o = out + ((n * oh + oy) * ow + ox) * c_out;
        for (int64_t oc = 0; oc < c_out; ++oc) o[oc] = bias != nullptr ? bias[oc] : 0.f;
        for (int64_t ky = 0; ky < kh; ++ky) {
          const int64_t iy = oy * win.stride[kNhwcH] - win.pad_begin[kNhwcH] + ky * win.dilation[kNhwcH];
          if (iy < 0 || iy >= ih) continue;
          for (int64_t kx = 0; kx < kw; ++kx) {
            const int64_t ix = ox * win.stride[kNhwcW] - win.pad_begin[kNhwcW] + kx * win.dilation[kNhwcW];
            if (ix < 0 || ix >= iw) continue;
            const float* px = in + ((n * ih + iy) * iw + ix) * c_in;
            for (int64_t oc = 0; oc < c_out; ++oc) {
              const float* grp = px + (oc / cout_g) * cin_g;
              const float* k = wt + ((oc * kh + ky) * kw + kx) * cin_g;
              float acc = 0.f;
              for (int64_t ic = 0; ic < cin_g; ++ic) acc += grp[ic] * k[ic];
              o[oc] += acc;
            }
          }
        }
        for (int64_t oc = 0; oc < c_out; ++oc) o[oc] = o[oc] < lo ? lo : (o[oc] > hi ? hi : o[oc]);
      }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kConvNhwcFloat32 = {"com.spud.nhwc", "Conv", 1, 1, dtype_bit(DType::kFloat32), 0,
                                           sizeof(ConvData), init, prepare, eval};
#endif

}  // namespace kernels
}  // namespace spud
