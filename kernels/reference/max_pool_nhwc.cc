// MaxPool in spud's NHWC domain: 2-D max pooling over X [N,H,W,C] with
// strides, pads or auto_pad, dilations and ceil_mode (no Indices output).
#include "nhwc_util.h"

namespace spud {
namespace kernels {
namespace {

struct PoolData {
  WindowAttrs attrs;
  Window window;
};

Status init(KernelContext* ctx) {
  bool unused;
  return parse_pool_nhwc(*ctx->attributes, false, &ctx->data<PoolData>()->attrs, &unused);
}

Status prepare(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  return prepare_pool_nhwc(ctx, d->attrs, &d->window);
}

Status eval(KernelContext* ctx) {
  const Window& w = ctx->data<PoolData>()->window;
  const Tensor* x = ctx->input(0);
  const float* in = x->data_as<const float>();
  float* out = ctx->output(0)->data_as<float>();
  const int64_t batch = x->dims[0], ih = x->dims[1], iw = x->dims[2], c = x->dims[3];
  const int64_t oh = w.out[kNhwcH], ow = w.out[kNhwcW];
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox) {
        float* o = out + ((n * oh + oy) * ow + ox) * c;
        bool any = false;
        for (int64_t ky = 0; ky < w.kernel[kNhwcH]; ++ky) {
          const int64_t iy = oy * w.stride[kNhwcH] - w.pad_begin[kNhwcH] + ky * w.dilation[kNhwcH];
          if (iy < 0 || iy >= ih) continue;
          for (int64_t kx = 0; kx < w.kernel[kNhwcW]; ++kx) {
            const int64_t ix = ox * w.stride[kNhwcW] - w.pad_begin[kNhwcW] + kx * w.dilation[kNhwcW];
            if (ix < 0 || ix >= iw) continue;
            const float* px = in + ((n * ih + iy) * iw + ix) * c;
            for (int64_t ch = 0; ch < c; ++ch) o[ch] = !any || px[ch] > o[ch] ? px[ch] : o[ch];
            any = true;
          }
        }
        if (!any)
          for (int64_t ch = 0; ch < c; ++ch) o[ch] = 0.f;  // a window entirely in padding
      }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMaxPoolNhwcFloat32 = {"com.spud.nhwc", "MaxPool", 1, 1, dtype_bit(DType::kFloat32), 0,
                                              sizeof(PoolData), init, prepare, eval};
#endif

}  // namespace kernels
}  // namespace spud
