// The interpolation shared by Resize and Upsample: coordinate
// transformation, nearest rounding, N-linear and cubic neighbors (ONNX's
// separable definition, edge values outside the input), and the eval loop.
// Resize-18's axes, keep_aspect_ratio_policy and antialias (a linear or
// cubic filter stretched by 1/scale when downscaling, its weights
// normalized) and Resize-19's half_pixel_symmetric are here too.
#ifndef SPUD_KERNELS_REFERENCE_RESIZE_UTIL_H_
#define SPUD_KERNELS_REFERENCE_RESIZE_UTIL_H_

#include <math.h>
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {

enum class Mode : uint8_t { kNearest, kLinear, kCubic };
enum class Transform : uint8_t {
  kHalfPixel, kPytorchHalfPixel, kAlignCorners, kAsymmetric, kTfHalfPixel, kTfCrop, kHalfPixelSymmetric
};
enum class AspectPolicy : uint8_t { kStretch, kNotLarger, kNotSmaller };

// Most neighbors one output coordinate reads along an axis: 4 without
// antialias; with it, 2 / scale (linear) or 4 / scale (cubic).
constexpr int kMaxTaps = 32;
enum class Rounding : uint8_t { kPreferFloor, kPreferCeil, kFloor, kCeil };

struct ResizeData {
  Mode mode;
  Transform transform;
  Rounding rounding;
  float cubic_a, extrapolation;
  bool exclude_outside;
  bool antialias;
  AspectPolicy policy;
  int num_axes;  // -1: every axis
  int64_t axes[kMaxRank];
  double scale[kMaxRank];
  double roi_start[kMaxRank], roi_end[kMaxRank];
  int64_t out[kMaxRank];  // Y's dims, for half_pixel_symmetric
  // Antialiased downscaling, and linear or cubic interpolation on so many
  // axes that an output would read more than kMaxDirectTaps inputs, run one
  // axis at a time (the filter is a product of per-axis ones), through the
  // scratch: taps per output are then the sum of the axes' counts, not their
  // product (up to 32^rank).
  bool separable;
  bool moves[kMaxRank];     // the axis changes the values (not an identity)
  int8_t order[kMaxRank];   // the moving axes in pass order: shrinking ones first
  int num_moving;
  int64_t pass_elements;    // the largest intermediate, in doubles
};

// Without antialias, an output reads the product of its axes' taps (2 for
// linear, 4 for cubic, per moving axis): up to this many it is computed
// directly, with no scratch (every 2-D Resize, and linear on 4 axes); more
// (cubic on 3 or more axes) runs separably.
constexpr int kMaxDirectTaps = 16;

// The input coordinate of output coordinate `o` along one axis. As in
// ONNX's reference, the output length in these formulas is scale * in, not
// rounded (they agree when sizes were given).
inline double source_coord(const ResizeData& d, int axis, int64_t o, int64_t in) {
  const double s = d.scale[axis], x = static_cast<double>(o);
  const double out = s * static_cast<double>(in);
  switch (d.transform) {
    case Transform::kHalfPixel: return (x + 0.5) / s - 0.5;
    case Transform::kPytorchHalfPixel: return out > 1 ? (x + 0.5) / s - 0.5 : 0.0;
    case Transform::kAlignCorners: return out == 1 ? 0.0 : x * static_cast<double>(in - 1) / (out - 1);
    case Transform::kAsymmetric: return x / s;
    case Transform::kTfHalfPixel: return (x + 0.5) / s;
    case Transform::kHalfPixelSymmetric: {
      const double adjustment = static_cast<double>(d.out[axis]) / out;
      const double offset = static_cast<double>(in) / 2 * (1 - adjustment);
      return offset + (x + 0.5) / s - 0.5;
    }
    case Transform::kTfCrop: {
      const double a = d.roi_start[axis], b = d.roi_end[axis];
      return out > 1 ? a * (in - 1) + x * (b - a) * (in - 1) / (out - 1) : 0.5 * (a + b) * (in - 1);
    }
  }
  return x;
}

// A source coordinate brought within a few taps of the input (NaN, which
// roi can make, to its left). Every neighbor of a farther coordinate is
// outside, where the edge value is read and the weights sum to one (or all
// vanish, with exclude_outside), so the result is the same and the index
// arithmetic stays in range.
inline double bounded_coord(double c, int64_t in) {
  const double margin = kMaxTaps + 2;
  if (!(c >= -margin)) return -margin;
  if (c > static_cast<double>(in) + margin) return static_cast<double>(in) + margin;
  return c;
}

// The cubic convolution kernel of coefficient a at distance t.
inline double cubic_weight(double a, double t) {
  t = fabs(t);
  if (t <= 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  return 0;
}

// Antialiased neighbors of coordinate c when downscaling by `scale` < 1:
// every input index within the stretched filter's reach, weighted by the
// filter at (index - c) * scale and normalized.
inline int antialias_neighbors(const ResizeData& d, double c, double scale, int64_t in, int64_t* idx, double* w) {
  const double reach = (d.mode == Mode::kLinear ? 1.0 : 2.0) / scale;
  int64_t first = static_cast<int64_t>(floor(c - reach)) + 1;
  int n = 0;
  double sum = 0;
  for (int64_t i = first; static_cast<double>(i) < c + reach && n < kMaxTaps; ++i) {
    const double t = (static_cast<double>(i) - c) * scale;
    double weight = d.mode == Mode::kLinear ? 1 - fabs(t) : cubic_weight(d.cubic_a, t);
    if (d.mode == Mode::kLinear && weight < 0) weight = 0;
    if (d.exclude_outside && (i < 0 || i >= in)) weight = 0;
    idx[n] = i;
    w[n++] = weight;
    sum += weight;
  }
  for (int k = 0; k < n && sum != 0; ++k) w[k] /= sum;
  return n;
}

// The neighbors of coordinate c with their weights: up to 4, or up to
// kMaxTaps with antialias.
inline int neighbors(const ResizeData& d, double c, int64_t in, int64_t* idx, double* w, double scale = 1) {
  if (d.antialias && d.mode != Mode::kNearest && scale < 1) return antialias_neighbors(d, c, scale, in, idx, w);
  if (d.mode == Mode::kNearest) {
    double r;
    const double f = floor(c);
    if (c == f) r = c;
    else if (d.rounding == Rounding::kFloor) r = f;
    else if (d.rounding == Rounding::kCeil) r = f + 1;
    else if (c - f == 0.5) r = d.rounding == Rounding::kPreferFloor ? f : f + 1;
    else r = floor(c + 0.5);
    idx[0] = static_cast<int64_t>(r);
    w[0] = 1;
    return 1;
  }
  // An integral coordinate counts as ratio 1 from the pixel on its left.
  const double base = c == floor(c) ? c - 1 : floor(c);
  const double r = c - base;
  int n;
  if (d.mode == Mode::kLinear) {
    n = 2;
    idx[0] = static_cast<int64_t>(base);
    w[0] = 1 - r;
    w[1] = r;
  } else {
    n = 4;
    idx[0] = static_cast<int64_t>(base) - 1;
    const double a = d.cubic_a;
    const double t0 = r + 1, t1 = r, t2 = 1 - r, t3 = 2 - r;
    w[0] = ((a * t0 - 5 * a) * t0 + 8 * a) * t0 - 4 * a;
    w[1] = ((a + 2) * t1 - (a + 3)) * t1 * t1 + 1;
    w[2] = ((a + 2) * t2 - (a + 3)) * t2 * t2 + 1;
    w[3] = ((a * t3 - 5 * a) * t3 + 8 * a) * t3 - 4 * a;
  }
  for (int k = 1; k < n; ++k) idx[k] = idx[0] + k;
  if (d.exclude_outside) {
    double sum = 0;
    for (int k = 0; k < n; ++k) {
      if (idx[k] < 0 || idx[k] >= in) w[k] = 0;
      sum += w[k];
    }
    for (int k = 0; k < n && sum != 0; ++k) w[k] /= sum;
  }
  return n;
}

// Attributes of Resize (and of its NHWC twin) into ResizeData; opset 18's
// and 19's only at those since_versions.
inline Status parse_resize(const NodeAttributes& a, int since_version, ResizeData* d) {
  const std::string_view m = a.get_string("mode");
  if (m.empty() || m == "nearest") d->mode = Mode::kNearest;
  else if (m == "linear") d->mode = Mode::kLinear;
  else if (m == "cubic") d->mode = Mode::kCubic;
  else return SPUD_ERROR(kInvalidModel, "Resize: mode must be nearest, linear or cubic");
  const std::string_view t = a.get_string("coordinate_transformation_mode");
  if (t.empty() || t == "half_pixel") d->transform = Transform::kHalfPixel;
  else if (t == "pytorch_half_pixel") d->transform = Transform::kPytorchHalfPixel;
  else if (t == "align_corners") d->transform = Transform::kAlignCorners;
  else if (t == "asymmetric") d->transform = Transform::kAsymmetric;
  else if (t == "tf_half_pixel_for_nearest") d->transform = Transform::kTfHalfPixel;
  else if (t == "tf_crop_and_resize") d->transform = Transform::kTfCrop;
  else if (t == "half_pixel_symmetric" && since_version >= 19) d->transform = Transform::kHalfPixelSymmetric;
  else return SPUD_ERROR(kInvalidModel, "Resize: unknown coordinate_transformation_mode");
  const std::string_view r = a.get_string("nearest_mode");
  if (r.empty() || r == "round_prefer_floor") d->rounding = Rounding::kPreferFloor;
  else if (r == "round_prefer_ceil") d->rounding = Rounding::kPreferCeil;
  else if (r == "floor") d->rounding = Rounding::kFloor;
  else if (r == "ceil") d->rounding = Rounding::kCeil;
  else return SPUD_ERROR(kInvalidModel, "Resize: unknown nearest_mode");
  d->cubic_a = a.get_float("cubic_coeff_a", -0.75f);
  d->extrapolation = a.get_float("extrapolation_value", 0.f);
  d->exclude_outside = a.get_int("exclude_outside", 0) != 0;
  d->antialias = false;
  d->policy = AspectPolicy::kStretch;
  d->num_axes = -1;
  if (since_version < 18) return Status::Ok();
  d->antialias = a.get_int("antialias", 0) != 0;
  const std::string_view p = a.get_string("keep_aspect_ratio_policy");
  if (p.empty() || p == "stretch") d->policy = AspectPolicy::kStretch;
  else if (p == "not_larger") d->policy = AspectPolicy::kNotLarger;
  else if (p == "not_smaller") d->policy = AspectPolicy::kNotSmaller;
  else return SPUD_ERROR(kInvalidModel, "Resize: keep_aspect_ratio_policy must be stretch, not_larger or not_smaller");
  d->num_axes = a.has("axes") ? a.get_ints("axes", d->axes, kMaxRank + 1) : -1;
  SPUD_CHECK_OR_RETURN(d->num_axes <= kMaxRank, kInvalidModel, "Resize: too many axes");
  return Status::Ok();
}

// The taps of output index o along axis a with a nonzero weight, their
// indices clamped to the input (edge values outside it); *coord, if given,
// gets the source coordinate before bounding (tf_crop_and_resize's test).
inline int axis_taps(const ResizeData& d, int a, int64_t o, int64_t in, int64_t* idx, double* w,
                     double* coord = nullptr) {
  const double c = source_coord(d, a, o, in);
  if (coord != nullptr) *coord = c;
  const int n = neighbors(d, bounded_coord(c, in), in, idx, w, d.scale[a]);
  int cnt = 0;
  for (int t = 0; t < n; ++t)
    if (w[t] != 0) {
      idx[cnt] = idx[t] < 0 ? 0 : (idx[t] >= in ? in - 1 : idx[t]);
      w[cnt++] = w[t];
    }
  return cnt;
}

// Sets d->separable, d->moves, d->order and d->pass_elements for X's dims
// and Y's (d->out), and returns the scratch bytes the separable eval needs
// (two buffers of doubles when three or more axes move, one for two, none
// for one). false when that size overflows. The axes that shrink go first,
// so the intermediates stay small (a 9x9 plane cut to 3x3 before another
// axis grows a millionfold).
inline bool plan_separable(ResizeData* d, const Tensor& x, size_t* scratch_bytes) {
  *scratch_bytes = 0;
  d->separable = false;
  d->pass_elements = 0;
  d->num_moving = 0;
  if (d->mode == Mode::kNearest || d->transform == Transform::kTfCrop) return true;
  int moving = 0;
  uint64_t direct_taps = 1;
  bool shrinks = false;
  for (int a = 0; a < x.rank; ++a) {
    bool identity = d->out[a] == x.dims[a];
    for (int64_t o = 0; o < d->out[a] && identity; ++o) {
      int64_t idx[kMaxTaps];
      double w[kMaxTaps];
      identity = axis_taps(*d, a, o, x.dims[a], idx, w) == 1 && idx[0] == o && w[0] == 1;
    }
    d->moves[a] = !identity;
    if (identity) continue;
    d->order[moving++] = static_cast<int8_t>(a);
    direct_taps *= d->mode == Mode::kLinear ? 2 : 4;
    shrinks = shrinks || d->scale[a] < 1;
  }
  d->num_moving = moving;
  d->separable = d->antialias ? shrinks : direct_taps > kMaxDirectTaps;
  if (!d->separable) return true;
  // Insertion sort by out/in, ascending (stable: ties keep axis order).
  auto ratio = [&](int a) {
    return x.dims[a] == 0 ? 0.0 : static_cast<double>(d->out[a]) / static_cast<double>(x.dims[a]);
  };
  for (int i = 1; i < moving; ++i)
    for (int k = i; k > 0 && ratio(d->order[k]) < ratio(d->order[k - 1]); --k) {
      const int8_t t = d->order[k];
      d->order[k] = d->order[k - 1];
      d->order[k - 1] = t;
    }
  // The intermediate after each pass but the last (which writes Y).
  int64_t cur[kMaxRank];
  for (int a = 0; a < x.rank; ++a) cur[a] = x.dims[a];
  for (int k = 0; k + 1 < moving; ++k) {
    const int a = d->order[k];
    cur[a] = d->out[a];
    int64_t n = 1;
    for (int i = 0; i < x.rank; ++i)
      if (!multiply_fits(&n, cur[i])) return false;
    if (n > d->pass_elements) d->pass_elements = n;
  }
  const uint64_t buffers = moving >= 3 ? 2 : 1;
  if (static_cast<uint64_t>(d->pass_elements) > SIZE_MAX / sizeof(double) / buffers) return false;
  *scratch_bytes = static_cast<size_t>(static_cast<uint64_t>(d->pass_elements) * buffers * sizeof(double));
  return true;
}

inline Status prepare_resize(KernelContext* ctx, ResizeData* d) {
  const Tensor* x = ctx->input(0);
  const Tensor* roi = ctx->input(1);
  const Tensor* scales = ctx->input(2);
  const Tensor* sizes = ctx->input(3);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Resize: needs X and Y");
  const bool has_scales = scales != nullptr && scales->num_elements() > 0;
  const bool has_sizes = sizes != nullptr && sizes->num_elements() > 0;
  SPUD_CHECK_OR_RETURN(has_scales != has_sizes, kInvalidModel, "Resize: give exactly one of scales and sizes");
  SPUD_CHECK_OR_RETURN((!has_scales || scales->data != nullptr) && (!has_sizes || sizes->data != nullptr) &&
                           (roi == nullptr || roi->num_elements() == 0 || roi->data != nullptr),
                       kDataDependent, "Resize: scales, sizes or roi are not known yet");
  // The axes scales, sizes and roi are given for (Resize-18's `axes`; all by default).
  int axis_of[kMaxRank];
  const int n = d->num_axes < 0 ? x->rank : d->num_axes;
  bool listed[kMaxRank] = {};
  for (int i = 0; i < n; ++i) {
    if (d->num_axes < 0) {
      axis_of[i] = i;
    } else {
      SPUD_CHECK_OR_RETURN(normalize_axis(d->axes[i], x->rank, &axis_of[i]), kInvalidModel, "Resize: an axis is out of range");
    }
    SPUD_CHECK_OR_RETURN(!listed[axis_of[i]], kInvalidModel, "Resize: an axis is repeated");
    listed[axis_of[i]] = true;
  }
  int64_t dims[kMaxRank];
  for (int i = 0; i < x->rank; ++i) {
    d->scale[i] = 1;
    dims[i] = x->dims[i];
  }
  if (has_scales) {
    SPUD_CHECK_OR_RETURN(scales->dtype == DType::kFloat32 && scales->num_elements() == n, kInvalidModel,
                         "Resize: scales must be float32, one per axis");
    for (int i = 0; i < n; ++i) {
      const int a = axis_of[i];
      d->scale[a] = scales->data_as<const float>()[i];
      SPUD_CHECK_OR_RETURN(d->scale[a] > 0, kInvalidModel, "Resize: scales must be positive");
      const double size = floor(static_cast<double>(x->dims[a]) * d->scale[a]);
      SPUD_CHECK_OR_RETURN(fits_int64(size), kInvalidModel, "Resize: output overflows");
      dims[a] = static_cast<int64_t>(size);
    }
  } else {
    int64_t given[kMaxRank];
    SPUD_CHECK_OR_RETURN(read_int_list(sizes, given, kMaxRank) == n, kInvalidModel, "Resize: sizes must hold one int64 per axis");
    for (int i = 0; i < n; ++i)
      SPUD_CHECK_OR_RETURN(given[i] >= 0 && x->dims[axis_of[i]] > 0, kInvalidModel, "Resize: sizes must be >= 0 and X non-empty");
    if (d->policy == AspectPolicy::kStretch) {
      for (int i = 0; i < n; ++i) {
        const int a = axis_of[i];
        dims[a] = given[i];
        d->scale[a] = static_cast<double>(given[i]) / static_cast<double>(x->dims[a]);
      }
    } else {
      // One scale for every listed axis: the least (not_larger) or greatest (not_smaller) ratio.
      double s = d->policy == AspectPolicy::kNotLarger ? 1e300 : 0;
      for (int i = 0; i < n; ++i) {
        const double r = static_cast<double>(given[i]) / static_cast<double>(x->dims[axis_of[i]]);
        s = d->policy == AspectPolicy::kNotLarger ? (r < s ? r : s) : (r > s ? r : s);
      }
      for (int i = 0; i < n; ++i) {
        const int a = axis_of[i];
        d->scale[a] = s;
        const double size = round(s * static_cast<double>(x->dims[a]));
        SPUD_CHECK_OR_RETURN(fits_int64(size), kInvalidModel, "Resize: output overflows");
        dims[a] = static_cast<int64_t>(size);
      }
    }
  }
  for (int i = 0; i < x->rank; ++i) {
    d->roi_start[i] = 0;
    d->roi_end[i] = 1;
    d->out[i] = dims[i];
  }
  if (d->transform == Transform::kTfCrop) {
    SPUD_CHECK_OR_RETURN(roi != nullptr && roi->num_elements() == 2 * n &&
                             (roi->dtype == DType::kFloat32 || roi->dtype == DType::kFloat64),
                         kInvalidModel, "Resize: tf_crop_and_resize needs roi [starts, ends]");
    for (int i = 0; i < n; ++i) {
      d->roi_start[axis_of[i]] = element_as_double(*roi, i);
      d->roi_end[axis_of[i]] = element_as_double(*roi, n + i);
    }
  }
  if (d->antialias && d->mode != Mode::kNearest)
    for (int i = 0; i < x->rank; ++i)
      SPUD_CHECK_OR_RETURN(d->scale[i] >= 1 || (d->mode == Mode::kLinear ? 2 : 4) / d->scale[i] + 1 <= kMaxTaps,
                           kUnsupported, "Resize: antialias downscales by at most 1/15 (linear) or 1/7 (cubic) here");
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "Resize: output overflows");
  size_t scratch = 0;
  SPUD_CHECK_OR_RETURN(plan_separable(d, *x, &scratch), kInvalidModel, "Resize: the intermediate overflows");
  ctx->scratch_size = scratch;
  return Status::Ok();
}

// Resize one moving axis at a time, in d->order: X (T) -> doubles in the
// scratch -> ... -> Y (T). The same weights as eval_resize's, summed in
// another order.
template <typename T>
Status eval_resize_separable(KernelContext* ctx) {
  const ResizeData* d = ctx->data<ResizeData>();
  const Tensor* x = ctx->input(0);
  const Tensor& y = *ctx->output(0);
  const int rank = x->rank;
  if (d->num_moving == 0) {
    memcpy(y.data, x->data, y.size_bytes());
    return Status::Ok();
  }
  double* buffers[2] = {static_cast<double*>(ctx->scratch), static_cast<double*>(ctx->scratch) + d->pass_elements};
  const T* src_t = x->data_as<const T>();
  const double* src_d = nullptr;
  int64_t cur[kMaxRank];
  for (int a = 0; a < rank; ++a) cur[a] = x->dims[a];
  for (int pass = 0; pass < d->num_moving; ++pass) {
    const int a = d->order[pass];
    const bool last = pass + 1 == d->num_moving;
    const int64_t in_a = cur[a], out_a = y.dims[a];
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < a; ++i) outer *= cur[i];
    for (int i = a + 1; i < rank; ++i) inner *= cur[i];
    double* dst_d = last ? nullptr : buffers[pass % 2];
    T* dst_t = last ? y.data_as<T>() : nullptr;
    for (int64_t o = 0; o < out_a; ++o) {
      int64_t idx[kMaxTaps];
      double w[kMaxTaps];
      const int cnt = axis_taps(*d, a, o, in_a, idx, w);
      for (int64_t oi = 0; oi < outer; ++oi) {
        const int64_t dst = (oi * out_a + o) * inner, base = oi * in_a;
        for (int64_t ii = 0; ii < inner; ++ii) {
          double acc = 0;
          for (int t = 0; t < cnt; ++t) {
            const int64_t at = (base + idx[t]) * inner + ii;
            acc += w[t] * (src_d != nullptr ? src_d[at] : static_cast<double>(src_t[at]));
          }
          if (dst_t != nullptr) dst_t[dst + ii] = static_cast<T>(acc);
          else dst_d[dst + ii] = acc;
        }
      }
    }
    cur[a] = out_a;
    src_d = dst_d;
  }
  return Status::Ok();
}

template <typename T>
Status eval_resize(KernelContext* ctx) {
  // An empty output has nothing to compute, however long its other axes
  // (the taps of a 10^12-long axis next to a 0 one would be walked).
  if (ctx->output(0)->num_elements() == 0) return Status::Ok();
  if (ctx->data<ResizeData>()->separable) return eval_resize_separable<T>(ctx);
  const ResizeData* d = ctx->data<ResizeData>();
  const Tensor* x = ctx->input(0);
  const Tensor& y = *ctx->output(0);
  const int rank = x->rank;
  const T* in = x->data_as<const T>();
  T* out = y.data_as<T>();
  const int64_t total = y.num_elements();
  if (total == 0) return Status::Ok();
  if (rank == 0) {
    out[0] = static_cast<T>(static_cast<double>(in[0]));
    return Status::Ok();
  }
  int64_t stride[kMaxRank];
  int64_t s = 1;
  for (int i = rank - 1; i >= 0; --i) {
    stride[i] = s;
    s *= x->dims[i];
  }
  const int last = rank - 1;
  const int64_t width = y.dims[last];
  const int64_t rows = total / width;
  const bool crop = d->transform == Transform::kTfCrop;
  // Each axis's taps depend on its own output coordinate only. The last
  // axis's are computed for a block of columns at once (as many as fit in
  // kColEntries taps) and used by every row; the other axes' are kept from
  // row to row and recomputed for the axes whose coordinate changed (axes
  // >= `from`). Taps of weight 0 add nothing (an axis at scale 1, a cubic
  // tap on an integral coordinate): axis_taps drops them.
  constexpr int kColEntries = kMaxTaps;
  int64_t col_off[kColEntries];  // clamped input index * stride
  double col_w[kColEntries];
  int col_begin[kColEntries], col_cnt[kColEntries];
  bool col_outside[kColEntries];
  int64_t off_tap[kMaxRank][kMaxTaps];
  double w[kMaxRank][kMaxTaps];
  int cnt[kMaxRank];
  bool axis_outside[kMaxRank];
  // The other axes' taps combined (weight product, offset sum), when there
  // are few enough of them; otherwise each element walks them.
  constexpr int kMaxOuter = 64;
  double outer_w[kMaxOuter];
  int64_t outer_off[kMaxOuter];
  int ncol = 0;
  for (int64_t c0 = 0; c0 < width; c0 += ncol) {
    ncol = 0;
    int used = 0;
    for (int64_t c = c0; c < width && ncol < kColEntries; ++c, ++ncol) {
      int64_t idx[kMaxTaps];
      double tw[kMaxTaps], coord;
      const int n = axis_taps(*d, last, c, x->dims[last], idx, tw, &coord);
      if (used + n > kColEntries) break;  // the next block's first (n <= kMaxTaps: a block has one)
      col_begin[ncol] = used;
      col_cnt[ncol] = n;
      col_outside[ncol] = crop && (coord < 0 || coord > static_cast<double>(x->dims[last] - 1));
      for (int t = 0; t < n; ++t) {
        col_off[used + t] = idx[t] * stride[last];
        col_w[used + t] = tw[t];
      }
      used += n;
    }
    SPUD_CHECK_OR_RETURN(ncol > 0, kInternal, "Resize: a column has more taps than the kernel holds");
    int64_t pos[kMaxRank] = {};
    int from = 0;
    int outer_n = 1;
    bool row_outside = false, row_none = false;
    for (int64_t row = 0; row < rows; ++row) {
      if (from < last || row == 0) {
        for (int a = from; a < last; ++a) {
          int64_t idx[kMaxTaps];
          double coord;
          cnt[a] = axis_taps(*d, a, pos[a], x->dims[a], idx, w[a], &coord);
          axis_outside[a] = crop && (coord < 0 || coord > static_cast<double>(x->dims[a] - 1));
          for (int t = 0; t < cnt[a]; ++t) off_tap[a][t] = idx[t] * stride[a];
        }
        row_outside = row_none = false;
        outer_n = 1;
        for (int a = 0; a < last; ++a) {
          row_outside = row_outside || axis_outside[a];
          row_none = row_none || cnt[a] == 0;
          if (outer_n <= kMaxOuter) outer_n *= cnt[a];
        }
        if (outer_n <= kMaxOuter && !row_none) {
          int k[kMaxRank] = {};
          for (int c = 0; c < outer_n; ++c) {
            double weight = 1;
            int64_t off = 0;
            for (int a = 0; a < last; ++a) {
              weight *= w[a][k[a]];
              off += off_tap[a][k[a]];
            }
            outer_w[c] = weight;
            outer_off[c] = off;
            for (int a = last - 1; a >= 0; --a) {
              if (++k[a] < cnt[a]) break;
              k[a] = 0;
            }
          }
        }
      }
      T* row_out = out + row * width + c0;
      for (int j = 0; j < ncol; ++j) {
        const bool outside = row_outside || col_outside[j];
        double acc = outside ? d->extrapolation : 0;
        const int64_t* coff = col_off + col_begin[j];
        const double* cw = col_w + col_begin[j];
        const int ccnt = col_cnt[j];
        if (outside || row_none || ccnt == 0) {
          // nothing to add
        } else if (outer_n <= kMaxOuter) {
          for (int c = 0; c < outer_n; ++c)
            for (int t = 0; t < ccnt; ++t) {
              const double weight = outer_w[c] * cw[t];
              if (weight != 0) acc += weight * static_cast<double>(in[outer_off[c] + coff[t]]);
            }
        } else {
          int k[kMaxRank] = {};
          for (;;) {
            double weight = 1;
            int64_t off = 0;
            for (int a = 0; a < last; ++a) {
              weight *= w[a][k[a]];
              off += off_tap[a][k[a]];
            }
            for (int t = 0; t < ccnt; ++t) {
              const double wt = weight * cw[t];
              if (wt != 0) acc += wt * static_cast<double>(in[off + coff[t]]);
            }
            int a = last - 1;
            for (; a >= 0; --a) {
              if (++k[a] < cnt[a]) break;
              k[a] = 0;
            }
            if (a < 0) break;
          }
        }
        row_out[j] = static_cast<T>(acc);
      }
      from = last - 1;
      for (; from >= 0; --from) {
        if (++pos[from] < y.dims[from]) break;
        pos[from] = 0;
      }
      if (from < 0) from = 0;
    }
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_RESIZE_UTIL_H_
