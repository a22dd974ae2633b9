// AveragePool in spud's NHWC domain: 2-D average pooling over X [N,H,W,C]
// with strides, pads or auto_pad, ceil_mode and count_include_pad.
#include "nhwc_util.h"

namespace spud {
namespace kernels {
namespace {

struct PoolData {
  WindowAttrs attrs;
  bool count_include_pad;
  Window window;
};

Status init(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  return parse_pool_nhwc(*ctx->attributes, true, &d->attrs, &d->count_include_pad);
}

Status prepare(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  return prepare_pool_nhwc(ctx, d->attrs, &d->window);
}

Status eval(KernelContext* ctx) {
  const PoolData* d = ctx->data<PoolData>();
  const Window& w = d->window;
  const Tensor* x = ctx->input(0);
  const float* in = x->data_as<const float>();
  float* out = ctx->output(0)->data_as<float>();
  const int64_t batch = x->dims[0], ih = x->dims[1], iw = x->dims[2], c = x->dims[3];
  const int64_t oh = w.out[kNhwcH], ow = w.out[kNhwcW];
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox) {
        float* o = out + ((n * oh + oy) * ow + ox) * c;
        for (int64_t ch = 0; ch < c; ++ch) o[ch] = 0.f;
        int64_t inside = 0, padded = 0;
        for (int64_t ky = 0; ky < w.kernel[kNhwcH]; ++ky) {
          const int64_t iy = oy * w.stride[kNhwcH] - w.pad_begin[kNhwcH] + ky;
          for (int64_t kx = 0; kx < w.kernel[kNhwcW]; ++kx) {
            const int64_t ix = ox * w.stride[kNhwcW] - w.pad_begin[kNhwcW] + kx;
            if (iy >= 0 && iy < ih && ix >= 0 && ix < iw) {
              const float* px = in + ((n * ih + iy) * iw + ix) * c;
              for (int64_t ch = 0; ch < c; ++ch) o[ch] += px[ch];
              ++inside;
            } else if (iy >= -w.pad_begin[kNhwcH] && iy < ih + w.pad_end[kNhwcH] &&
                       ix >= -w.pad_begin[kNhwcW] && ix < iw + w.pad_end[kNhwcW]) {
              ++padded;  // padding, but not the part of a ceil_mode window past it
            }
          }
        }
        const int64_t count = d->count_include_pad ? inside + padded : inside;
        const float scale = count > 0 ? 1.f / static_cast<float>(count) : 0.f;
        for (int64_t ch = 0; ch < c; ++ch) o[ch] *= scale;
      }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAveragePoolNhwcFloat32 = {"com.spud.nhwc", "AveragePool", 1, 1, dtype_bit(DType::kFloat32), 0,
                                                  sizeof(PoolData), init, prepare, eval};
#endif

}  // namespace kernels
}  // namespace spud
