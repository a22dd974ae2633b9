// GridSample (opset 16): Y[n, c, h, w] samples X[n, c] at the normalized
// point grid[n, h, w] = (x, y) in [-1, 1], as PyTorch's grid_sample does:
// mode bilinear, nearest (half to even) or bicubic (A = -0.75);
// padding_mode zeros (outside reads 0), border (clamped) or reflection
// (mirrored at the edges, or at the outer pixel borders without
// align_corners); align_corners maps -1 and 1 to the corner pixels' centres
// instead of their outer edges.
#include <math.h>

#include <string_view>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

enum class Mode { kBilinear, kNearest, kBicubic };
enum class Padding { kZeros, kBorder, kReflection };

struct GridSampleData {
  Mode mode;
  Padding padding;
  bool align_corners;
  int64_t n, c, h, w, out_h, out_w;
};

Status init(KernelContext* ctx) {
  GridSampleData* d = ctx->data<GridSampleData>();
  const NodeAttributes& a = *ctx->attributes;
  const std::string_view mode = a.has("mode") ? a.get_string("mode") : "bilinear";
  const std::string_view pad = a.has("padding_mode") ? a.get_string("padding_mode") : "zeros";
  if (mode == "bilinear") d->mode = Mode::kBilinear;
  else if (mode == "nearest") d->mode = Mode::kNearest;
  else if (mode == "bicubic") d->mode = Mode::kBicubic;
  else return SPUD_ERROR(kInvalidModel, "GridSample: mode must be bilinear, nearest or bicubic");
  if (pad == "zeros") d->padding = Padding::kZeros;
  else if (pad == "border") d->padding = Padding::kBorder;
  else if (pad == "reflection") d->padding = Padding::kReflection;
  else return SPUD_ERROR(kInvalidModel, "GridSample: padding_mode must be zeros, border or reflection");
  const int64_t align = a.get_int("align_corners", 0);
  SPUD_CHECK_OR_RETURN(align == 0 || align == 1, kInvalidModel, "GridSample: align_corners must be 0 or 1");
  d->align_corners = align == 1;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  GridSampleData* d = ctx->data<GridSampleData>();
  const Tensor* x = ctx->input(0);
  const Tensor* grid = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && grid != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "GridSample: needs X, grid and one output");
  SPUD_CHECK_OR_RETURN(x->rank == 4, kInvalidModel, "GridSample: X must be 4-D (N, C, H, W)");
  SPUD_CHECK_OR_RETURN(grid->dtype == x->dtype, kUnsupported, "GridSample: grid must have X's type");
  SPUD_CHECK_OR_RETURN(grid->rank == 4 && grid->dims[0] == x->dims[0] && grid->dims[3] == 2, kInvalidModel,
                       "GridSample: grid must be (N, H_out, W_out, 2) with X's N");
  d->n = x->dims[0];
  d->c = x->dims[1];
  d->h = x->dims[2];
  d->w = x->dims[3];
  d->out_h = grid->dims[1];
  d->out_w = grid->dims[2];
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  const int64_t dims[4] = {d->n, d->c, d->out_h, d->out_w};
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "GridSample: bad output shape");
  return Status::Ok();
}

template <typename T>
T unnormalize(T coord, int64_t size, bool align) {
  return align ? (coord + 1) / 2 * static_cast<T>(size - 1) : ((coord + 1) * static_cast<T>(size) - 1) / 2;
}

// Mirrors `v` into [low, high] given as twice their values.
template <typename T>
T reflect(T v, int64_t twice_low, int64_t twice_high) {
  if (twice_low == twice_high) return 0;
  const T low = static_cast<T>(twice_low) / 2, span = static_cast<T>(twice_high - twice_low) / 2;
  v = fabs(v - low);
  const T extra = fmod(v, span);
  const bool even_flips = fmod(floor(v / span), T(2)) == 0;  // never an integer conversion: v may be huge
  return even_flips ? extra + low : span - extra + low;
}

template <typename T>
T clamp(T v, int64_t size) {
  return v < 0 ? T(0) : v > static_cast<T>(size - 1) ? static_cast<T>(size - 1) : v;
}

// The padding mode applied to a (fractional) source coordinate.
template <typename T>
T pad_coordinate(T v, int64_t size, Padding p, bool align) {
  if (p == Padding::kBorder) return clamp(v, size);
  if (p == Padding::kReflection) {
    v = align ? reflect(v, 0, 2 * (size - 1)) : reflect(v, -1, 2 * size - 1);
    return clamp(v, size);
  }
  return v;
}

// A source coordinate (already an integer) as a pixel index. Beyond 2^40,
// and NaN, which a grid can hold, give -2: it and the taps to its right are
// outside every image and read 0, as they would at the true coordinate.
template <typename T>
int64_t to_index(T v) {
  const T most = T(1099511627776.0);
  return v >= -most && v <= most ? static_cast<int64_t>(v) : -2;
}

template <typename T>
T pixel(const T* plane, int64_t h, int64_t w, int64_t y, int64_t x) {
  return y >= 0 && y < h && x >= 0 && x < w ? plane[y * w + x] : T(0);
}

template <typename T>
void cubic_weights(T t, T* out) {
  const T a = T(-0.75);
  const auto near = [a](T v) { return ((a + 2) * v - (a + 3)) * v * v + 1; };
  const auto far = [a](T v) { return ((a * v - 5 * a) * v + 8 * a) * v - 4 * a; };
  out[0] = far(t + 1);
  out[1] = near(t);
  out[2] = near(1 - t);
  out[3] = far(2 - t);
}

template <typename T>
Status eval(KernelContext* ctx) {
  const GridSampleData* d = ctx->data<GridSampleData>();
  const T* x = ctx->input(0)->data_as<const T>();
  const T* grid = ctx->input(1)->data_as<const T>();
  T* y = ctx->output(0)->data_as<T>();
  const int64_t plane = d->h * d->w, out_plane = d->out_h * d->out_w;
  for (int64_t n = 0; n < d->n; ++n)
    for (int64_t p = 0; p < out_plane; ++p) {
      const T* g = grid + (n * out_plane + p) * 2;
      T ix = unnormalize(g[0], d->w, d->align_corners), iy = unnormalize(g[1], d->h, d->align_corners);
      if (d->mode != Mode::kBicubic) {
        ix = pad_coordinate(ix, d->w, d->padding, d->align_corners);
        iy = pad_coordinate(iy, d->h, d->padding, d->align_corners);
      }
      for (int64_t c = 0; c < d->c; ++c) {
        const T* src = x + (n * d->c + c) * plane;
        T v = 0;
        if (d->mode == Mode::kNearest) {
          v = pixel(src, d->h, d->w, to_index(nearbyint(iy)), to_index(nearbyint(ix)));
        } else if (d->mode == Mode::kBilinear) {
          const T fx = floor(ix), fy = floor(iy);
          const int64_t x0 = to_index(fx), y0 = to_index(fy);
          const T lx = ix - fx, ly = iy - fy;
          v = pixel(src, d->h, d->w, y0, x0) * (1 - lx) * (1 - ly) + pixel(src, d->h, d->w, y0, x0 + 1) * lx * (1 - ly) +
              pixel(src, d->h, d->w, y0 + 1, x0) * (1 - lx) * ly + pixel(src, d->h, d->w, y0 + 1, x0 + 1) * lx * ly;
        } else {
          // Every tap of the 4x4 window is padded on its own.
          const T fx = floor(ix), fy = floor(iy);
          T wx[4], wy[4];
          cubic_weights(ix - fx, wx);
          cubic_weights(iy - fy, wy);
          for (int j = 0; j < 4; ++j) {
            T row = 0;
            for (int i = 0; i < 4; ++i) {
              T tx = fx - 1 + i, ty = fy - 1 + j;
              if (d->padding != Padding::kZeros) {
                tx = pad_coordinate(tx, d->w, d->padding, d->align_corners);
                ty = pad_coordinate(ty, d->h, d->padding, d->align_corners);
              }
              row += pixel(src, d->h, d->w, to_index(ty), to_index(tx)) * wx[i];
            }
            v += row * wy[j];
          }
        }
        y[(n * d->c + c) * out_plane + p] = v;
      }
    }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGridSampleFloat32 = {"", "GridSample", 16, 16, dtype_bit(DType::kFloat32), 0, sizeof(GridSampleData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kGridSampleFloat64 = {"", "GridSample", 16, 16, dtype_bit(DType::kFloat64), 0, sizeof(GridSampleData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
