// MaxPool over NCHW (1-D and 2-D spatial): kernel_shape, strides, pads or
// auto_pad, dilations, ceil_mode. The optional Indices output is not
// implemented.
#include "pool_util.h"

namespace spud {
namespace kernels {
namespace {

struct PoolData {
  WindowAttrs attrs;
  Window window;
};

Status init(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  SPUD_RETURN_IF_ERROR(parse_window_attrs(*ctx->attributes, &d->attrs));
  SPUD_CHECK_OR_RETURN(d->attrs.spatial > 0, kInvalidModel, "MaxPool: kernel_shape is required");
  SPUD_CHECK_OR_RETURN(ctx->attributes->get_int("storage_order", 0) == 0, kUnsupported,
                       "MaxPool: storage_order=1 is not supported");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs >= 1, kInvalidModel, "MaxPool: needs X and Y");
  SPUD_CHECK_OR_RETURN(ctx->output(1) == nullptr, kUnsupported, "MaxPool: the Indices output is not supported");
  return prepare_pool_output(ctx, d->attrs, &d->window);
}

template <typename T>
Status eval(KernelContext* ctx) {
  const Window& w = ctx->data<PoolData>()->window;
  const Tensor* x = ctx->input(0);
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  const int64_t planes = x->dims[0] * x->dims[1];
  for (int64_t p = 0; p < planes; ++p) {
    const T* plane = in + p * w.in[0] * w.in[1];
    T* o = out + p * w.out[0] * w.out[1];
    for (int64_t oy = 0; oy < w.out[0]; ++oy) {
      for (int64_t ox = 0; ox < w.out[1]; ++ox) {
        bool any = false;
        T best = T(0);
        for (int64_t ky = 0; ky < w.kernel[0]; ++ky) {
          const int64_t iy = oy * w.stride[0] - w.pad_begin[0] + ky * w.dilation[0];
          if (iy < 0 || iy >= w.in[0]) continue;
          for (int64_t kx = 0; kx < w.kernel[1]; ++kx) {
            const int64_t ix = ox * w.stride[1] - w.pad_begin[1] + kx * w.dilation[1];
            if (ix < 0 || ix >= w.in[1]) continue;
            const T v = plane[iy * w.in[1] + ix];
            if (!any || v > best) best = v;
            any = true;
          }
        }
        o[oy * w.out[1] + ox] = best;  // a window entirely in padding yields 0
      }
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kMaxPoolFloat32 = {"", "MaxPool", 1, 12, dtype_bit(DType::kFloat32), 0,
                                          sizeof(PoolData), init, prepare, eval<float>};
extern const KernelDef kMaxPoolFloat64 = {"", "MaxPool", 1, 12, dtype_bit(DType::kFloat64), 0,
                                          sizeof(PoolData), init, prepare, eval<double>};
// Integer inputs arrived with opset 12.
extern const KernelDef kMaxPoolInt8 = {"", "MaxPool", 12, 12, dtype_bit(DType::kInt8), 0,
                                       sizeof(PoolData), init, prepare, eval<int8_t>};
extern const KernelDef kMaxPoolUInt8 = {"", "MaxPool", 12, 12, dtype_bit(DType::kUInt8), 0,
                                        sizeof(PoolData), init, prepare, eval<uint8_t>};

}  // namespace kernels
}  // namespace spud
