// LpPool over NC[D]HW (1-D to 3-D spatial): each window's Lp norm,
// (sum |x|^p)^(1/p), with kernel_shape, strides, pads or auto_pad; padding
// adds nothing to the sum. p is a float attribute in opset 1, an int from 2;
// dilations and ceil_mode are opset 18's.
#include <math.h>

#include "pool_util.h"

namespace spud {
namespace kernels {
namespace {

struct LpPoolData {
  WindowAttrs attrs;
  double p;
  Window window;
};

Status init(KernelContext* ctx) {
  LpPoolData* d = ctx->data<LpPoolData>();
  SPUD_RETURN_IF_ERROR(parse_window_attrs(*ctx->attributes, &d->attrs));
  SPUD_CHECK_OR_RETURN(d->attrs.spatial > 0, kInvalidModel, "LpPool: kernel_shape is required");
  SPUD_RETURN_IF_ERROR(read_lp_pool_p(*ctx->attributes, ctx->since_version, &d->p));
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  LpPoolData* d = ctx->data<LpPoolData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "LpPool: needs X and Y");
  return prepare_pool_output(ctx, d->attrs, &d->window);
}

template <typename T>
Status eval(KernelContext* ctx) {
  const LpPoolData* d = ctx->data<LpPoolData>();
  const Window& w = d->window;
  const Tensor* x = ctx->input(0);
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  const T p = static_cast<T>(d->p), inv_p = static_cast<T>(1.0 / d->p);
  const int64_t planes = x->dims[0] * x->dims[1];
  const int64_t in_size = w.in[0] * w.in[1] * w.in[2], out_size = w.out[0] * w.out[1] * w.out[2];
  for (int64_t c = 0; c < planes; ++c) {
    const T* plane = in + c * in_size;
    for (int64_t oz = 0; oz < w.out[0]; ++oz)
      for (int64_t oy = 0; oy < w.out[1]; ++oy)
        for (int64_t ox = 0; ox < w.out[2]; ++ox) {
          T sum = T(0);
          for (int64_t kz = 0; kz < w.kernel[0]; ++kz) {
            const int64_t iz = oz * w.stride[0] - w.pad_begin[0] + kz * w.dilation[0];
            if (iz < 0 || iz >= w.in[0]) continue;
            for (int64_t ky = 0; ky < w.kernel[1]; ++ky) {
              const int64_t iy = oy * w.stride[1] - w.pad_begin[1] + ky * w.dilation[1];
              if (iy < 0 || iy >= w.in[1]) continue;
              for (int64_t kx = 0; kx < w.kernel[2]; ++kx) {
                const int64_t ix = ox * w.stride[2] - w.pad_begin[2] + kx * w.dilation[2];
                if (ix < 0 || ix >= w.in[2]) continue;
                sum += static_cast<T>(pow(fabs(plane[(iz * w.in[1] + iy) * w.in[2] + ix]), p));
              }
            }
          }
          out[c * out_size + (oz * w.out[1] + oy) * w.out[2] + ox] = static_cast<T>(pow(sum, inv_p));
        }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kLpPoolFloat32 = {"", "LpPool", 1, 18, dtype_bit(DType::kFloat32), 0,
                                         sizeof(LpPoolData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kLpPoolFloat64 = {"", "LpPool", 1, 18, dtype_bit(DType::kFloat64), 0,
                                         sizeof(LpPoolData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
