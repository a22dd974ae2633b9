// Resize (opsets 11-13): each output coordinate maps back to an input
// coordinate by coordinate_transformation_mode, then takes the nearest input
// element (nearest_mode), or interpolates linearly or cubically (cubic_coeff_a,
// exclude_outside) over every axis; see resize_util.h. tf_crop_and_resize maps
// through roi and writes extrapolation_value outside it. The output shape
// comes from sizes, or floor(in * scales); both are data, so non-constant
// ones make the node dynamic.
#include "resize_util.h"

namespace spud {
namespace kernels {
namespace {

Status init(KernelContext* ctx) {
  ResizeData* d = ctx->data<ResizeData>();
  const NodeAttributes& a = *ctx->attributes;
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
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ResizeData* d = ctx->data<ResizeData>();
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
  int64_t dims[kMaxRank];
  if (has_scales) {
    SPUD_CHECK_OR_RETURN(scales->dtype == DType::kFloat32 && scales->num_elements() == x->rank, kInvalidModel,
                         "Resize: scales must be float32, one per axis");
    for (int i = 0; i < x->rank; ++i) {
      d->scale[i] = scales->data_as<const float>()[i];
      SPUD_CHECK_OR_RETURN(d->scale[i] > 0, kInvalidModel, "Resize: scales must be positive");
      dims[i] = static_cast<int64_t>(floor(static_cast<double>(x->dims[i]) * d->scale[i]));
    }
  } else {
    SPUD_CHECK_OR_RETURN(read_int_list(sizes, dims, kMaxRank) == x->rank, kInvalidModel, "Resize: sizes must hold one int64 per axis");
    for (int i = 0; i < x->rank; ++i) {
      SPUD_CHECK_OR_RETURN(dims[i] >= 0 && x->dims[i] > 0, kInvalidModel, "Resize: sizes must be >= 0 and X non-empty");
      d->scale[i] = static_cast<double>(dims[i]) / static_cast<double>(x->dims[i]);
    }
  }
  for (int i = 0; i < x->rank; ++i) {
    d->roi_start[i] = 0;
    d->roi_end[i] = 1;
  }
  if (d->transform == Transform::kTfCrop) {
    SPUD_CHECK_OR_RETURN(roi != nullptr && roi->num_elements() == 2 * x->rank &&
                             (roi->dtype == DType::kFloat32 || roi->dtype == DType::kFloat64),
                         kInvalidModel, "Resize: tf_crop_and_resize needs roi [starts, ends]");
    for (int i = 0; i < x->rank; ++i) {
      d->roi_start[i] = element_as_double(*roi, i);
      d->roi_end[i] = element_as_double(*roi, x->rank + i);
    }
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "Resize: output overflows");
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kResizeFloat32 = {"", "Resize", 11, 13, dtype_bit(DType::kFloat32), 0, sizeof(ResizeData), init, prepare, eval_resize<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kResizeFloat64 = {"", "Resize", 11, 13, dtype_bit(DType::kFloat64), 0, sizeof(ResizeData), init, prepare, eval_resize<double>};
#endif

}  // namespace kernels
}  // namespace spud
