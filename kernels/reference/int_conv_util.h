// The integer convolution shared by ConvInteger and QLinearConv: Conv's
// geometry (pool_util.h) with int32 sums of (x - x_zero_point) times
// (w - w_zero_point[output channel]); padding contributes 0, as if padded
// with the zero point.
#ifndef SPUD_KERNELS_REFERENCE_INT_CONV_UTIL_H_
#define SPUD_KERNELS_REFERENCE_INT_CONV_UTIL_H_

#include "pool_util.h"
#include "quant_util.h"

namespace spud {
namespace kernels {

struct IntConvGeometry {
  WindowAttrs attrs;
  int64_t group;
  Window window;
  int64_t batch, c_in, c_out;
};

inline Status init_int_conv(const NodeAttributes& a, IntConvGeometry* g) {
  SPUD_RETURN_IF_ERROR(parse_window_attrs(a, &g->attrs));
  g->group = a.get_int("group", 1);
  SPUD_CHECK_OR_RETURN(g->group >= 1, kInvalidModel, "integer convolution: group must be >= 1");
  return Status::Ok();
}

// Checks X and W (int8/uint8) and sets Y's shape with `out_type`.
inline Status prepare_int_conv(const Tensor* x, const Tensor* w, IntConvGeometry* g, Tensor* y, DType out_type) {
  SPUD_CHECK_OR_RETURN(is_quant_type(x->dtype) && is_quant_type(w->dtype), kUnsupported,
                       "integer convolution: x and w must be int8 or uint8");
  SPUD_CHECK_OR_RETURN(x->rank >= 3 && w->rank == x->rank, kInvalidModel,
                       "integer convolution: x and w must have the same rank, at least 3");
  const int spatial = x->rank - 2;
  SPUD_CHECK_OR_RETURN(spatial <= kMaxSpatial, kUnsupported, "integer convolution: only 1-D to 3-D convolutions are supported");
  SPUD_CHECK_OR_RETURN(g->attrs.spatial == 0 || g->attrs.spatial == spatial, kInvalidModel,
                       "integer convolution: kernel_shape does not match w's rank");
  g->batch = x->dims[0];
  g->c_in = x->dims[1];
  g->c_out = w->dims[0];
  SPUD_CHECK_OR_RETURN(g->c_in % g->group == 0 && g->c_out % g->group == 0 && w->dims[1] * g->group == g->c_in, kInvalidModel,
                       "integer convolution: channels must be divisible by group, and w's input channels times group must be x's");
  for (int i = 0; i < spatial; ++i)
    SPUD_CHECK_OR_RETURN(g->attrs.spatial == 0 || g->attrs.kernel[i] == w->dims[2 + i], kInvalidModel,
                         "integer convolution: kernel_shape does not match w");
  g->window = Window();
  SPUD_RETURN_IF_ERROR(resolve_window(g->attrs, spatial, x->dims + 2, w->dims + 2, &g->window));
  y->dtype = out_type;
  int64_t dims[2 + kMaxSpatial] = {g->batch, g->c_out};
  for (int i = 0; i < spatial; ++i) dims[2 + i] = g->window.out[kMaxSpatial - spatial + i];
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "integer convolution: output shape overflows");
  return Status::Ok();
}

// Calls write(output index, output channel, int32 sum) for every output.
template <typename Write>
void int_conv(const IntConvGeometry& g, const Tensor& x, int32_t x_zp, const Tensor& w, const Tensor* w_zp, Write write) {
  const Window& win = g.window;
  const int64_t cin_g = g.c_in / g.group, cout_g = g.c_out / g.group;
  const int64_t in_plane = win.in[0] * win.in[1] * win.in[2];
  const int64_t taps = win.kernel[0] * win.kernel[1] * win.kernel[2];
  const bool per_channel = w_zp != nullptr && w_zp->num_elements() > 1;
  int64_t at = 0;
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t oc = 0; oc < g.c_out; ++oc) {
      const int32_t wz = zero_point_at(w_zp, per_channel ? oc : 0);
      const int64_t grp = oc / cout_g;
      for (int64_t oz = 0; oz < win.out[0]; ++oz)
        for (int64_t oy = 0; oy < win.out[1]; ++oy)
          for (int64_t ox = 0; ox < win.out[2]; ++ox, ++at) {
            int32_t acc = 0;
            for (int64_t ic = 0; ic < cin_g; ++ic) {
              const int64_t xbase = (n * g.c_in + grp * cin_g + ic) * in_plane;
              const int64_t wbase = (oc * cin_g + ic) * taps;
              for (int64_t kz = 0; kz < win.kernel[0]; ++kz) {
                const int64_t iz = oz * win.stride[0] - win.pad_begin[0] + kz * win.dilation[0];
                if (iz < 0 || iz >= win.in[0]) continue;
                for (int64_t ky = 0; ky < win.kernel[1]; ++ky) {
                  const int64_t iy = oy * win.stride[1] - win.pad_begin[1] + ky * win.dilation[1];
                  if (iy < 0 || iy >= win.in[1]) continue;
                  for (int64_t kx = 0; kx < win.kernel[2]; ++kx) {
                    const int64_t ix = ox * win.stride[2] - win.pad_begin[2] + kx * win.dilation[2];
                    if (ix < 0 || ix >= win.in[2]) continue;
                    const int32_t xv = q_at(x.data, x.dtype, xbase + (iz * win.in[1] + iy) * win.in[2] + ix) - x_zp;
                    const int32_t wv = q_at(w.data, w.dtype, wbase + (kz * win.kernel[1] + ky) * win.kernel[2] + kx) - wz;
                    acc += xv * wv;
                  }
                }
              }
            }
            write(at, oc, acc);
          }
    }
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_INT_CONV_UTIL_H_
