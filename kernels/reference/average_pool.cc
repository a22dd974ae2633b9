// AveragePool over NCHW (1-D and 2-D spatial): kernel_shape, strides, pads or
// auto_pad, ceil_mode, count_include_pad.
#include "pool_util.h"

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
  SPUD_RETURN_IF_ERROR(parse_window_attrs(*ctx->attributes, &d->attrs));
  SPUD_CHECK_OR_RETURN(d->attrs.spatial > 0, kInvalidModel, "AveragePool: kernel_shape is required");
  for (int i = 0; i < kMaxSpatial; ++i)
    SPUD_CHECK_OR_RETURN(d->attrs.dilation[i] == 1, kUnsupported, "AveragePool: dilations are not supported");
  d->count_include_pad = ctx->attributes->get_int("count_include_pad", 0) != 0;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "AveragePool: needs X and Y");
  return prepare_pool_output(ctx, d->attrs, &d->window);
}

template <typename T>
Status eval(KernelContext* ctx) {
  const PoolData* d = ctx->data<PoolData>();
  const Window& w = d->window;
  const Tensor* x = ctx->input(0);
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  const int64_t planes = x->dims[0] * x->dims[1];
  // With count_include_pad the divisor counts padding positions too, but not
  // the part of a ceil_mode window that hangs past the end padding.
  for (int64_t p = 0; p < planes; ++p) {
    const T* plane = in + p * w.in[0] * w.in[1];
    T* o = out + p * w.out[0] * w.out[1];
    for (int64_t oy = 0; oy < w.out[0]; ++oy) {
      const int64_t y_start = oy * w.stride[0] - w.pad_begin[0];
      for (int64_t ox = 0; ox < w.out[1]; ++ox) {
        const int64_t x_start = ox * w.stride[1] - w.pad_begin[1];
        T sum = T(0);
        int64_t inside = 0, padded = 0;
        for (int64_t ky = 0; ky < w.kernel[0]; ++ky) {
          const int64_t iy = y_start + ky;
          for (int64_t kx = 0; kx < w.kernel[1]; ++kx) {
            const int64_t ix = x_start + kx;
            if (iy >= 0 && iy < w.in[0] && ix >= 0 && ix < w.in[1]) {
              sum += plane[iy * w.in[1] + ix];
              ++inside;
            } else if (iy >= -w.pad_begin[0] && iy < w.in[0] + w.pad_end[0] &&
                       ix >= -w.pad_begin[1] && ix < w.in[1] + w.pad_end[1]) {
              ++padded;
            }
          }
        }
        const int64_t count = d->count_include_pad ? inside + padded : inside;
        o[oy * w.out[1] + ox] = count > 0 ? sum / static_cast<T>(count) : T(0);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kAveragePoolFloat32 = {"", "AveragePool", 7, 11, dtype_bit(DType::kFloat32), 0,
                                              sizeof(PoolData), init, prepare, eval<float>};

}  // namespace kernels
}  // namespace spud
