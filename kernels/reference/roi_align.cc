// RoiAlign (opsets 10, 16): for each region (x1, y1, x2, y2) of rois, times
// spatial_scale, of image batch_indices[r], a C x output_height x
// output_width grid of bins; each bin averages (mode avg) or takes the
// largest of (mode max) bilinear samples on a sampling_ratio^2 grid
// (adaptive, ceil(bin size), when 0). Opset 16's half_pixel mode shifts the
// region by -0.5 pixel; output_half_pixel (opset 10's only behaviour) does
// not, and takes regions of at least 1x1. Like ONNX Runtime, max takes the
// largest of the four weighted neighbours of each sample, not of the
// interpolated values, and samples more than a pixel outside the image are 0.
#include <math.h>

#include <string_view>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct RoiAlignData {
  bool max_mode, half_pixel;
  int64_t out_h, out_w, sampling_ratio;
  float spatial_scale;
  int64_t n, c, h, w, rois;
};

Status init(KernelContext* ctx) {
  RoiAlignData* d = ctx->data<RoiAlignData>();
  const NodeAttributes& a = *ctx->attributes;
  const std::string_view mode = a.has("mode") ? a.get_string("mode") : "avg";
  SPUD_CHECK_OR_RETURN(mode == "avg" || mode == "max", kInvalidModel, "RoiAlign: mode must be avg or max");
  d->max_mode = mode == "max";
  std::string_view ctm = "output_half_pixel";
  if (ctx->since_version >= 16) ctm = a.has("coordinate_transformation_mode") ? a.get_string("coordinate_transformation_mode") : "half_pixel";
  SPUD_CHECK_OR_RETURN(ctm == "half_pixel" || ctm == "output_half_pixel", kInvalidModel,
                       "RoiAlign: coordinate_transformation_mode must be half_pixel or output_half_pixel");
  d->half_pixel = ctm == "half_pixel";
  d->out_h = a.get_int("output_height", 1);
  d->out_w = a.get_int("output_width", 1);
  SPUD_CHECK_OR_RETURN(d->out_h > 0 && d->out_w > 0, kInvalidModel, "RoiAlign: output_height and output_width must be positive");
  d->sampling_ratio = a.get_int("sampling_ratio", 0);
  SPUD_CHECK_OR_RETURN(d->sampling_ratio >= 0, kInvalidModel, "RoiAlign: sampling_ratio must not be negative");
  d->spatial_scale = a.get_float("spatial_scale", 1.f);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  RoiAlignData* d = ctx->data<RoiAlignData>();
  const Tensor* x = ctx->input(0);
  const Tensor* rois = ctx->input(1);
  const Tensor* idx = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && rois != nullptr && idx != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "RoiAlign: needs X, rois, batch_indices and one output");
  SPUD_CHECK_OR_RETURN(x->rank == 4, kInvalidModel, "RoiAlign: X must be 4-D (N, C, H, W)");
  SPUD_CHECK_OR_RETURN(rois->dtype == x->dtype, kInvalidModel, "RoiAlign: rois must have X's type");
  SPUD_CHECK_OR_RETURN(rois->rank == 2 && rois->dims[1] == 4, kInvalidModel, "RoiAlign: rois must be (num_rois, 4)");
  SPUD_CHECK_OR_RETURN(idx->dtype == DType::kInt64 && idx->rank == 1 && idx->dims[0] == rois->dims[0], kInvalidModel,
                       "RoiAlign: batch_indices must be int64 (num_rois)");
  d->n = x->dims[0];
  d->c = x->dims[1];
  d->h = x->dims[2];
  d->w = x->dims[3];
  d->rois = rois->dims[0];
  // A bin is sampled at most once per image row and column, plus one.
  SPUD_CHECK_OR_RETURN(d->sampling_ratio <= d->h + 1 && d->sampling_ratio <= d->w + 1, kInvalidModel,
                       "RoiAlign: sampling_ratio is larger than the image");
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  const int64_t dims[4] = {d->rois, d->c, d->out_h, d->out_w};
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "RoiAlign: bad output shape");
  return Status::Ok();
}

// The four neighbours of a sample and their weights (all 0 outside).
struct Sample {
  int64_t pos[4];
  double weight[4];
};

Sample bilinear(double y, double x, int64_t h, int64_t w) {
  Sample s = {{0, 0, 0, 0}, {0, 0, 0, 0}};
  if (y < -1.0 || y > static_cast<double>(h) || x < -1.0 || x > static_cast<double>(w)) return s;
  if (y <= 0) y = 0;
  if (x <= 0) x = 0;
  int64_t y0 = static_cast<int64_t>(y), x0 = static_cast<int64_t>(x), y1 = y0 + 1, x1 = x0 + 1;
  if (y0 >= h - 1) y0 = y1 = h - 1, y = static_cast<double>(y0);
  if (x0 >= w - 1) x0 = x1 = w - 1, x = static_cast<double>(x0);
  const double ly = y - static_cast<double>(y0), lx = x - static_cast<double>(x0), hy = 1 - ly, hx = 1 - lx;
  s.pos[0] = y0 * w + x0;
  s.pos[1] = y0 * w + x1;
  s.pos[2] = y1 * w + x0;
  s.pos[3] = y1 * w + x1;
  s.weight[0] = hy * hx;
  s.weight[1] = hy * lx;
  s.weight[2] = ly * hx;
  s.weight[3] = ly * lx;
  return s;
}

template <typename T>
Status eval(KernelContext* ctx) {
  const RoiAlignData* d = ctx->data<RoiAlignData>();
  const T* x = ctx->input(0)->data_as<const T>();
  const T* rois = ctx->input(1)->data_as<const T>();
  const int64_t* batch = ctx->input(2)->data_as<const int64_t>();
  T* y = ctx->output(0)->data_as<T>();
  const double offset = d->half_pixel ? 0.5 : 0.0, scale = d->spatial_scale;
  for (int64_t r = 0; r < d->rois; ++r) {
    const int64_t b = batch[r];
    SPUD_CHECK_OR_RETURN(b >= 0 && b < d->n, kInvalidArgument, "RoiAlign: a batch index is out of range");
    if (d->h == 0 || d->w == 0) {
      // An empty image: every sample is outside it and weighs 0 (and the
      // bins, bounded by the image's size, would not bound the grid).
      T* out = y + r * d->c * d->out_h * d->out_w;
      for (int64_t i = 0; i < d->c * d->out_h * d->out_w; ++i) out[i] = T(0);
      continue;
    }
    const T* roi = rois + r * 4;
    const double x0 = roi[0] * scale - offset, y0 = roi[1] * scale - offset;
    double rw = roi[2] * scale - offset - x0, rh = roi[3] * scale - offset - y0;
    if (!d->half_pixel) {
      rw = fmax(rw, 1.0);
      rh = fmax(rh, 1.0);
    }
    const double bin_h = rh / static_cast<double>(d->out_h), bin_w = rw / static_cast<double>(d->out_w);
    // A finite region (so are its samples; fmax above lets NaN through)
    // whose bins are at most the image's size: the adaptive grid has
    // ceil(bin size) samples a side (sampling_ratio has the same bound, in
    // prepare), so rois cannot make the loops below unbounded.
    SPUD_CHECK_OR_RETURN(isfinite(x0) && isfinite(y0) && fabs(bin_h) <= static_cast<double>(d->h + 1) &&
                             fabs(bin_w) <= static_cast<double>(d->w + 1),
                         kInvalidArgument, "RoiAlign: a region is not finite, or its bins are larger than the image");
    const int64_t gh = d->sampling_ratio > 0 ? d->sampling_ratio : static_cast<int64_t>(ceil(bin_h));
    const int64_t gw = d->sampling_ratio > 0 ? d->sampling_ratio : static_cast<int64_t>(ceil(bin_w));
    const double count = static_cast<double>(gh * gw > 1 ? gh * gw : 1);
    for (int64_t c = 0; c < d->c; ++c) {
      const T* plane = x + (b * d->c + c) * d->h * d->w;
      T* out = y + (r * d->c + c) * d->out_h * d->out_w;
      for (int64_t ph = 0; ph < d->out_h; ++ph)
        for (int64_t pw = 0; pw < d->out_w; ++pw) {
          double acc = 0;
          bool first = true;
          for (int64_t iy = 0; iy < gh; ++iy) {
            const double sy = y0 + static_cast<double>(ph) * bin_h + (static_cast<double>(iy) + 0.5) * bin_h / static_cast<double>(gh);
            for (int64_t ix = 0; ix < gw; ++ix) {
              const double sx = x0 + static_cast<double>(pw) * bin_w + (static_cast<double>(ix) + 0.5) * bin_w / static_cast<double>(gw);
              const Sample s = bilinear(sy, sx, d->h, d->w);
              if (d->max_mode) {
                double m = s.weight[0] * plane[s.pos[0]];
                for (int k = 1; k < 4; ++k) m = fmax(m, s.weight[k] * plane[s.pos[k]]);
                acc = first ? m : fmax(acc, m);
                first = false;
              } else {
                for (int k = 0; k < 4; ++k) acc += s.weight[k] * plane[s.pos[k]];
              }
            }
          }
          out[ph * d->out_w + pw] = static_cast<T>(d->max_mode ? acc : acc / count);
        }
    }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kRoiAlignFloat32 = {"", "RoiAlign", 10, 16, dtype_bit(DType::kFloat32), 0, sizeof(RoiAlignData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kRoiAlignFloat64 = {"", "RoiAlign", 10, 16, dtype_bit(DType::kFloat64), 0, sizeof(RoiAlignData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
