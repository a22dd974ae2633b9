// AveragePool over NC[D]HW (1-D to 3-D spatial): kernel_shape, strides, pads or
// auto_pad, ceil_mode, count_include_pad, and (opset 19) dilations.
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
  const int64_t in_size = w.in[0] * w.in[1] * w.in[2], out_size = w.out[0] * w.out[1] * w.out[2];
  // With count_include_pad the divisor counts padding positions too, but not
  // the part of a ceil_mode window that hangs past the end padding.
  auto in_padded = [&w](int a, int64_t i) { return i >= -w.pad_begin[a] && i < w.in[a] + w.pad_end[a]; };
  for (int64_t p = 0; p < planes; ++p) {
    const T* plane = in + p * in_size;
    for (int64_t oz = 0; oz < w.out[0]; ++oz)
      for (int64_t oy = 0; oy < w.out[1]; ++oy)
        for (int64_t ox = 0; ox < w.out[2]; ++ox) {
          T sum = T(0);
          int64_t inside = 0, padded = 0;
          for (int64_t kz = 0; kz < w.kernel[0]; ++kz) {
            const int64_t iz = oz * w.stride[0] - w.pad_begin[0] + kz * w.dilation[0];
            for (int64_t ky = 0; ky < w.kernel[1]; ++ky) {
              const int64_t iy = oy * w.stride[1] - w.pad_begin[1] + ky * w.dilation[1];
              for (int64_t kx = 0; kx < w.kernel[2]; ++kx) {
                const int64_t ix = ox * w.stride[2] - w.pad_begin[2] + kx * w.dilation[2];
                if (iz >= 0 && iz < w.in[0] && iy >= 0 && iy < w.in[1] && ix >= 0 && ix < w.in[2]) {
                  sum += plane[(iz * w.in[1] + iy) * w.in[2] + ix];
                  ++inside;
                } else if (in_padded(0, iz) && in_padded(1, iy) && in_padded(2, ix)) {
                  ++padded;
                }
              }
            }
          }
          const int64_t count = d->count_include_pad ? inside + padded : inside;
          out[p * out_size + (oz * w.out[1] + oy) * w.out[2] + ox] = count > 0 ? sum / static_cast<T>(count) : T(0);
        }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAveragePoolFloat32 = {"", "AveragePool", 7, 19, dtype_bit(DType::kFloat32), 0,
                                              sizeof(PoolData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kAveragePoolFloat64 = {"", "AveragePool", 7, 19, dtype_bit(DType::kFloat64), 0,
                                              sizeof(PoolData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
