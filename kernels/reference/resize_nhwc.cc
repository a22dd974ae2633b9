// Resize in spud's NHWC domain: X [N,H,W,C] with scales, sizes and roi in
// the same NHWC order (the converter permutes the constants). Resize treats
// each axis on its own, so the interpolation is the NCHW kernel's
// (resize_util.h) over the permuted axes: every mode it supports. Nearest
// resizing that keeps N and C copies each output pixel's channels whole
// from its one source pixel instead.
#include "resize_util.h"

namespace spud {
namespace kernels {
namespace {

struct ResizeNhwcData {
  ResizeData resize;  // first: eval_resize finds it there
  bool pixel_copy;
};

Status init(KernelContext* ctx) { return parse_resize(*ctx->attributes, ctx->since_version, &ctx->data<ResizeNhwcData>()->resize); }

Status prepare(KernelContext* ctx) {
  ResizeNhwcData* d = ctx->data<ResizeNhwcData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && x->rank == 4 && x->dtype == DType::kFloat32, kInvalidModel,
                       "Resize (NHWC): X must be 4-D float32");
  SPUD_RETURN_IF_ERROR(prepare_resize(ctx, &d->resize));
  // At scale 1 every transform but these two maps o to o, so N and C are kept.
  const ResizeData& r = d->resize;
  d->pixel_copy = r.mode == Mode::kNearest && r.scale[0] == 1 && r.scale[3] == 1 &&
                  r.transform != Transform::kTfHalfPixel && r.transform != Transform::kTfCrop;
  return Status::Ok();
}

int64_t nearest_index(const ResizeData& d, int axis, int64_t o, int64_t in) {
  int64_t idx[4];
  double w[4];
  neighbors(d, bounded_coord(source_coord(d, axis, o, in), in), in, idx, w);
  return idx[0] < 0 ? 0 : (idx[0] >= in ? in - 1 : idx[0]);
}

Status eval(KernelContext* ctx) {
  const ResizeNhwcData* d = ctx->data<ResizeNhwcData>();
  if (!d->pixel_copy) return eval_resize<float>(ctx);
  const Tensor* x = ctx->input(0);
  const Tensor* y = ctx->output(0);
  const int64_t batch = x->dims[0], ih = x->dims[1], iw = x->dims[2], c = x->dims[3];
  const int64_t oh = y->dims[1], ow = y->dims[2];
  const float* in = x->data_as<const float>();
  float* out = y->data_as<float>();
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t oy = 0; oy < oh; ++oy) {
      const int64_t iy = nearest_index(d->resize, 1, oy, ih);
      for (int64_t ox = 0; ox < ow; ++ox) {
        const int64_t ix = nearest_index(d->resize, 2, ox, iw);
        memcpy(out + ((n * oh + oy) * ow + ox) * c, in + ((n * ih + iy) * iw + ix) * c,
               static_cast<size_t>(c) * sizeof(float));
      }
    }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kResizeNhwcFloat32 = {"com.spud.nhwc", "Resize", 1, 1, dtype_bit(DType::kFloat32), 0,
                                             sizeof(ResizeNhwcData), init, prepare, eval};
#endif

}  // namespace kernels
}  // namespace spud
