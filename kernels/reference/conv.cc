// Conv: N-dimensional convolution over NC[D]HW (1-D to 3-D spatial), with
// groups, strides, dilations, pads or auto_pad, and an optional bias.
#include "pool_util.h"

namespace spud {
namespace kernels {
namespace {

struct ConvData {
  WindowAttrs attrs;
  int64_t group;
  Window window;
};

Status init(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  SPUD_RETURN_IF_ERROR(parse_window_attrs(*ctx->attributes, &d->attrs));
  d->group = ctx->attributes->get_int("group", 1);
  if (d->group < 1) return SPUD_ERROR(kInvalidModel, "Conv: group must be >= 1");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  const Tensor* x = ctx->input(0);
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && w != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Conv: needs X and W and one output");
  SPUD_CHECK_OR_RETURN(w->dtype == x->dtype && (b == nullptr || b->dtype == x->dtype), kInvalidModel,
                       "Conv: X, W and B must have the same type");
  SPUD_CHECK_OR_RETURN(x->rank >= 3 && w->rank == x->rank, kInvalidModel,
                       "Conv: X and W must have the same rank, at least 3");
  const int spatial = x->rank - 2;
  SPUD_CHECK_OR_RETURN(spatial <= kMaxSpatial, kUnsupported, "Conv: only 1-D to 3-D convolutions are supported");
  SPUD_CHECK_OR_RETURN(d->attrs.spatial == 0 || d->attrs.spatial == spatial, kInvalidModel,
                       "Conv: kernel_shape does not match the weight's rank");
  const int64_t c_in = x->dims[1], c_out = w->dims[0];
  SPUD_CHECK_OR_RETURN(c_in % d->group == 0 && c_out % d->group == 0, kInvalidModel,
                       "Conv: channels must be divisible by group");
  SPUD_CHECK_OR_RETURN(w->dims[1] * d->group == c_in, kInvalidModel,
                       "Conv: W's input channels times group must equal X's channels");
  SPUD_CHECK_OR_RETURN(b == nullptr || (b->rank == 1 && b->dims[0] == c_out), kInvalidModel,
                       "Conv: B must be 1-D with one value per output channel");
  for (int i = 0; i < spatial; ++i)
    SPUD_CHECK_OR_RETURN(d->attrs.spatial == 0 || d->attrs.kernel[i] == w->dims[2 + i], kInvalidModel,
                         "Conv: kernel_shape does not match W");
  d->window = Window();
  SPUD_RETURN_IF_ERROR(resolve_window(d->attrs, spatial, x->dims + 2, w->dims + 2, &d->window));

  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  int64_t dims[2 + kMaxSpatial] = {x->dims[0], c_out};
  for (int i = 0; i < spatial; ++i) dims[2 + i] = d->window.out[kMaxSpatial - spatial + i];
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "Conv: output shape overflows");
  return Status::Ok();
}

// Weight-stationary loops: for each (output channel, input channel, kernel
// tap) the weight is one scalar, and the innermost loop runs over a
// contiguous row of output pixels, restricted up front to positions whose
// input pixel is inside the image, so it needs no bounds checks. Fewer than
// three spatial dims occupy the last slots (pool_util.h), the leading ones
// of size one.
template <typename T>
Status eval(KernelContext* ctx) {
  const ConvData* d = ctx->data<ConvData>();
  const Tensor* x = ctx->input(0);
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  const Window& win = d->window;
  const T* in = x->data_as<const T>();
  const T* wt = w->data_as<const T>();
  const T* bias = b != nullptr ? b->data_as<const T>() : nullptr;
  T* out = ctx->output(0)->data_as<T>();

  const int64_t batch = x->dims[0], c_in = x->dims[1], c_out = w->dims[0];
  const int64_t cin_g = c_in / d->group, cout_g = c_out / d->group;
  constexpr int D = 0, H = 1, W = 2;
  static_assert(kMaxSpatial == 3, "the loops below walk three spatial slots");
  const int64_t id = win.in[D], ih = win.in[H], iw = win.in[W];
  const int64_t od = win.out[D], oh = win.out[H], ow = win.out[W];
  const int64_t kd = win.kernel[D], kh = win.kernel[H], kw = win.kernel[W];
  const int64_t sd = win.stride[D], sh = win.stride[H], sw = win.stride[W];
  const int64_t dd = win.dilation[D], dh = win.dilation[H], dw = win.dilation[W];
  const int64_t pd = win.pad_begin[D], ph = win.pad_begin[H], pw = win.pad_begin[W];
  const int64_t in_plane = id * ih * iw, out_plane = od * oh * ow, taps = kd * kh * kw;

  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t oc = 0; oc < c_out; ++oc) {
      T* o = out + (n * c_out + oc) * out_plane;
      const T init = bias != nullptr ? bias[oc] : T(0);
      for (int64_t i = 0; i < out_plane; ++i) o[i] = init;
      const int64_t g = oc / cout_g;
      for (int64_t ic = 0; ic < cin_g; ++ic) {
        const T* volume = in + (n * c_in + g * cin_g + ic) * in_plane;
        const T* kernel = wt + (oc * cin_g + ic) * taps;
        for (int64_t kz = 0; kz < kd; ++kz) {
          int64_t z0, z1;
          valid_range(od, id, sd, pd, kz * dd, &z0, &z1);
          for (int64_t ky = 0; ky < kh; ++ky) {
            int64_t y0, y1;
            valid_range(oh, ih, sh, ph, ky * dh, &y0, &y1);
            for (int64_t kx = 0; kx < kw; ++kx) {
              const T wv = kernel[(kz * kh + ky) * kw + kx];
              int64_t x0, x1;
              valid_range(ow, iw, sw, pw, kx * dw, &x0, &x1);
              for (int64_t oz = z0; oz < z1; ++oz) {
                const T* plane = volume + (oz * sd - pd + kz * dd) * ih * iw;
                T* oplane = o + oz * oh * ow;
                for (int64_t oy = y0; oy < y1; ++oy) {
                  const T* row = plane + (oy * sh - ph + ky * dh) * iw + kx * dw - pw;
                  T* orow = oplane + oy * ow;
                  if (sw == 1) {
                    for (int64_t ox = x0; ox < x1; ++ox) orow[ox] += wv * row[ox];
                  } else {
                    for (int64_t ox = x0; ox < x1; ++ox) orow[ox] += wv * row[ox * sw];
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kConvFloat32 = {"", "Conv", 1, 11, dtype_bit(DType::kFloat32), 0,
                                       sizeof(ConvData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kConvFloat64 = {"", "Conv", 1, 11, dtype_bit(DType::kFloat64), 0,
                                       sizeof(ConvData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
