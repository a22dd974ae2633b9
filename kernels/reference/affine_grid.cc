// AffineGrid (opset 20): for each of N affine matrices theta ([N, 2, 3] for
// 2-D, [N, 3, 4] for 3-D), the sampling grid [N, H, W, 2] (or [N, D, H, W,
// 3]) of theta applied to the normalized coordinates (x, y[, z], 1) of every
// output position, x along W. The coordinates span [-1, 1]: pixel centers
// (align_corners 0, default) or corners (1). `size` ([N, C, H, W] or [N, C,
// D, H, W]) is data: a non-constant one makes the node dynamic.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct AffineGridData {
  bool align_corners;
  int spatial;              // 2 or 3
  int64_t extent[3];        // D (1 for 2-D), H, W
};

Status init(KernelContext* ctx) {
  ctx->data<AffineGridData>()->align_corners = ctx->attributes->get_int("align_corners", 0) != 0;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  AffineGridData* d = ctx->data<AffineGridData>();
  const Tensor* theta = ctx->input(0);
  const Tensor* size = ctx->input(1);
  SPUD_CHECK_OR_RETURN(theta != nullptr && size != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "AffineGrid: needs theta, size and one output");
  SPUD_CHECK_OR_RETURN(size->data != nullptr, kDataDependent, "AffineGrid: size is not known yet");
  int64_t s[5];
  const int n = read_int_list(size, s, 5);
  SPUD_CHECK_OR_RETURN(n == 4 || n == 5, kInvalidModel, "AffineGrid: size must be [N, C, H, W] or [N, C, D, H, W]");
  d->spatial = n - 2;
  SPUD_CHECK_OR_RETURN(theta->rank == 3 && theta->dims[0] == s[0] && theta->dims[1] == d->spatial &&
                           theta->dims[2] == d->spatial + 1,
                       kInvalidModel, "AffineGrid: theta must be [N, 2, 3] for a 2-D size, [N, 3, 4] for 3-D");
  d->extent[0] = n == 5 ? s[2] : 1;
  d->extent[1] = s[n - 2];
  d->extent[2] = s[n - 1];
  int64_t dims[5] = {s[0]};
  for (int i = 0; i < d->spatial; ++i) {
    SPUD_CHECK_OR_RETURN(s[2 + i] >= 0, kInvalidModel, "AffineGrid: sizes must be >= 0");
    dims[1 + i] = s[2 + i];
  }
  dims[1 + d->spatial] = d->spatial;
  Tensor* y = ctx->output(0);
  y->dtype = theta->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, d->spatial + 2, dims), kInvalidModel, "AffineGrid: output overflows");
  return Status::Ok();
}

// The normalized coordinate of position i of `count`.
double grid_coord(int64_t i, int64_t count, bool align_corners) {
  if (align_corners) return count > 1 ? -1.0 + 2.0 * static_cast<double>(i) / static_cast<double>(count - 1) : 0.0;
  return (2.0 * static_cast<double>(i) + 1.0) / static_cast<double>(count) - 1.0;
}

template <typename T>
Status eval(KernelContext* ctx) {
  const AffineGridData* d = ctx->data<AffineGridData>();
  const Tensor* theta = ctx->input(0);
  const T* th = theta->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  const int sp = d->spatial, cols = sp + 1;
  for (int64_t b = 0; b < theta->dims[0]; ++b) {
    const T* m = th + b * sp * cols;
    for (int64_t z = 0; z < d->extent[0]; ++z)
      for (int64_t y = 0; y < d->extent[1]; ++y)
        for (int64_t x = 0; x < d->extent[2]; ++x) {
          const double in[4] = {grid_coord(x, d->extent[2], d->align_corners),
                                grid_coord(y, d->extent[1], d->align_corners),
                                grid_coord(z, d->extent[0], d->align_corners), 1.0};
          for (int r = 0; r < sp; ++r) {
            double acc = static_cast<double>(m[r * cols + sp]);  // the translation
            for (int c = 0; c < sp; ++c) acc += static_cast<double>(m[r * cols + c]) * in[c];
            *out++ = static_cast<T>(acc);
          }
        }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAffineGridFloat32 = {"", "AffineGrid", 20, 20, dtype_bit(DType::kFloat32), 0,
                                             sizeof(AffineGridData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kAffineGridFloat64 = {"", "AffineGrid", 20, 20, dtype_bit(DType::kFloat64), 0,
                                             sizeof(AffineGridData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
