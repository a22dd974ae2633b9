// MaxPool over NC[D]HW (1-D to 3-D spatial): kernel_shape, strides, pads or
// auto_pad, dilations, ceil_mode, and the optional Indices output: the flat
// index of each maximum (its first occurrence) in X, with the spatial part
// row-major (storage_order 0) or column-major (1).
#include "pool_util.h"

namespace spud {
namespace kernels {
namespace {

struct PoolData {
  WindowAttrs attrs;
  Window window;
  bool column_major;
};

Status init(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  SPUD_RETURN_IF_ERROR(parse_window_attrs(*ctx->attributes, &d->attrs));
  SPUD_CHECK_OR_RETURN(d->attrs.spatial > 0, kInvalidModel, "MaxPool: kernel_shape is required");
  d->column_major = ctx->attributes->get_int("storage_order", 0) != 0;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs >= 1, kInvalidModel, "MaxPool: needs X and Y");
  SPUD_RETURN_IF_ERROR(prepare_pool_output(ctx, d->attrs, &d->window));
  if (Tensor* indices = ctx->output(1)) {
    copy_type_and_shape(*ctx->output(0), indices);
    indices->dtype = DType::kInt64;
  }
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const PoolData* d = ctx->data<PoolData>();
  const Window& w = d->window;
  const Tensor* x = ctx->input(0);
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  int64_t* indices = ctx->output(1) != nullptr ? ctx->output(1)->data_as<int64_t>() : nullptr;
  const int64_t planes = x->dims[0] * x->dims[1];
  const int64_t in_size = w.in[0] * w.in[1] * w.in[2], out_size = w.out[0] * w.out[1] * w.out[2];
  for (int64_t p = 0; p < planes; ++p) {
    const T* plane = in + p * in_size;
    for (int64_t oz = 0; oz < w.out[0]; ++oz)
      for (int64_t oy = 0; oy < w.out[1]; ++oy)
        for (int64_t ox = 0; ox < w.out[2]; ++ox) {
          bool any = false;
          T best = T(0);
          int64_t bz = 0, by = 0, bx = 0;
          for (int64_t kz = 0; kz < w.kernel[0]; ++kz) {
            const int64_t iz = oz * w.stride[0] - w.pad_begin[0] + kz * w.dilation[0];
            if (iz < 0 || iz >= w.in[0]) continue;
            for (int64_t ky = 0; ky < w.kernel[1]; ++ky) {
              const int64_t iy = oy * w.stride[1] - w.pad_begin[1] + ky * w.dilation[1];
              if (iy < 0 || iy >= w.in[1]) continue;
              for (int64_t kx = 0; kx < w.kernel[2]; ++kx) {
                const int64_t ix = ox * w.stride[2] - w.pad_begin[2] + kx * w.dilation[2];
                if (ix < 0 || ix >= w.in[2]) continue;
                const T v = plane[(iz * w.in[1] + iy) * w.in[2] + ix];
                if (!any || v > best) {
                  best = v;
                  bz = iz;
                  by = iy;
                  bx = ix;
                }
                any = true;
              }
            }
          }
          const int64_t o = p * out_size + (oz * w.out[1] + oy) * w.out[2] + ox;
          out[o] = best;  // a window entirely in padding yields 0
          if (indices != nullptr)
            indices[o] = p * in_size + (d->column_major ? bz + (by + bx * w.in[1]) * w.in[0]
                                                        : (bz * w.in[1] + by) * w.in[2] + bx);
        }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMaxPoolFloat32 = {"", "MaxPool", 1, 12, dtype_bit(DType::kFloat32), 0,
                                          sizeof(PoolData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kMaxPoolFloat64 = {"", "MaxPool", 1, 12, dtype_bit(DType::kFloat64), 0,
                                          sizeof(PoolData), init, prepare, eval<double>};
#endif
// Integer inputs arrived with opset 12.
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kMaxPoolInt8 = {"", "MaxPool", 12, 12, dtype_bit(DType::kInt8), 0,
                                       sizeof(PoolData), init, prepare, eval<int8_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kMaxPoolUInt8 = {"", "MaxPool", 12, 12, dtype_bit(DType::kUInt8), 0,
                                        sizeof(PoolData), init, prepare, eval<uint8_t>};
#endif

}  // namespace kernels
}  // namespace spud
