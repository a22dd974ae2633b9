// Resize in spud's NHWC domain on XNNPACK: bilinear float32 resizing of H
// and W (N and C kept) where XNNPACK computes exactly ONNX's coordinates:
// half_pixel (and pytorch_half_pixel when each output axis is longer than
// 1) is XNNPACK's default, align_corners its XNN_FLAG_ALIGN_CORNERS (output
// axes longer than 1), asymmetric its XNN_FLAG_TENSORFLOW_LEGACY_MODE.
// XNNPACK derives the scale from the sizes, so a scale that is not exactly
// out / in is declined, as are nearest, cubic and the other transforms.
#include "reference/resize_util.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

struct ResizeXnnData {
  XnnpackOperator x;  // first: the shared helpers find it there
  ResizeData resize;
};

Status init(KernelContext* ctx) { return parse_resize(*ctx->attributes, ctx->since_version, &ctx->data<ResizeXnnData>()->resize); }

Status setup(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const Tensor* y = ctx->output(0);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_resize_bilinear2d_nhwc_f32(
      xnnpack_operator(ctx)->op, static_cast<size_t>(x->dims[0]), static_cast<size_t>(x->dims[1]),
      static_cast<size_t>(x->dims[2]), static_cast<size_t>(y->dims[1]), static_cast<size_t>(y->dims[2]),
      x->data_as<const float>(), y->data_as<float>(), xnnpack_pool(ctx))));
  remember_pointers(ctx);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ResizeXnnData* d = ctx->data<ResizeXnnData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && x->rank == 4 && x->dtype == DType::kFloat32, kInvalidModel,
                       "Resize (NHWC): X must be 4-D float32");
  SPUD_RETURN_IF_ERROR(prepare_resize(ctx, &d->resize));
  const ResizeData& r = d->resize;
  const Tensor* y = ctx->output(0);
  if (!xnnpack_available() || r.mode != Mode::kLinear || r.exclude_outside || r.antialias)
    return SPUD_ERROR(kDeclined, "XNNPACK Resize: bilinear only, without antialias");
  if (y->dims[0] != x->dims[0] || y->dims[3] != x->dims[3] || x->num_elements() == 0 || y->num_elements() == 0)
    return SPUD_ERROR(kDeclined, "XNNPACK Resize: H and W only, non-empty");
  bool exact = true, longer_than_one = true;
  for (int a = 1; a <= 2; ++a) {
    exact = exact && r.scale[a] == static_cast<double>(y->dims[a]) / static_cast<double>(x->dims[a]);
    longer_than_one = longer_than_one && y->dims[a] > 1;
  }
  uint32_t flags = 0;
  if (!exact) return SPUD_ERROR(kDeclined, "XNNPACK Resize: the scale is not output / input");
  switch (r.transform) {
    case Transform::kHalfPixel: break;
    case Transform::kPytorchHalfPixel:
    case Transform::kAlignCorners:
      if (!longer_than_one) return SPUD_ERROR(kDeclined, "XNNPACK Resize: an output axis of length 1");
      if (r.transform == Transform::kAlignCorners) flags = XNN_FLAG_ALIGN_CORNERS;
      break;
    case Transform::kAsymmetric: flags = XNN_FLAG_TENSORFLOW_LEGACY_MODE; break;
    default: return SPUD_ERROR(kDeclined, "XNNPACK Resize: coordinate transformation not supported");
  }
  const size_t channels = static_cast<size_t>(x->dims[3]);
  xnnpack_delete(&d->x.op);
  PersistentBytes held(ctx);
  SPUD_RETURN_IF_ERROR(
      xnnpack_status(xnn_create_resize_bilinear2d_nhwc_f32(channels, channels, channels, flags, &d->x.op)));
  return setup_when_bound<setup>(ctx);
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kResizeNhwcXnnpackFloat32 = {"com.spud.nhwc", "Resize", 1, 1, dtype_bit(DType::kFloat32), 0,
                                                    sizeof(ResizeXnnData), init, prepare, run_operator<setup>,
                                                    release_operator};
#endif

}  // namespace kernels
}  // namespace spud
