// Upsample (deprecated since opset 10; Resize replaces it): out dim =
// floor(in * scale); nearest takes in[floor(x / scale)], linear interpolates
// at x / scale (Resize's asymmetric transform; resize_util.h). The scales
// are an input (opset 9), so non-constant ones make the node dynamic.
#include "resize_util.h"

namespace spud {
namespace kernels {
namespace {

Status init(KernelContext* ctx) {
  ResizeData* d = ctx->data<ResizeData>();
  const std::string_view mode = ctx->attributes->get_string("mode");
  SPUD_CHECK_OR_RETURN(mode.empty() || mode == "nearest" || mode == "linear", kInvalidModel,
                       "Upsample: mode must be nearest or linear");
  d->mode = mode == "linear" ? Mode::kLinear : Mode::kNearest;
  d->transform = Transform::kAsymmetric;
  d->rounding = Rounding::kFloor;
  d->exclude_outside = false;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ResizeData* d = ctx->data<ResizeData>();
  const Tensor* x = ctx->input(0);
  const Tensor* scales = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && scales != nullptr && ctx->num_outputs == 1, kInvalidModel, "Upsample: needs X, scales and Y");
  SPUD_CHECK_OR_RETURN(scales->dtype == DType::kFloat32 && scales->num_elements() == x->rank, kInvalidModel,
                       "Upsample: scales must be float32, one per axis");
  SPUD_CHECK_OR_RETURN(scales->data != nullptr, kDataDependent, "Upsample: the scales are not known yet");
  int64_t dims[kMaxRank];
  for (int i = 0; i < x->rank; ++i) {
    d->scale[i] = scales->data_as<const float>()[i];
    SPUD_CHECK_OR_RETURN(d->scale[i] >= 1, kInvalidModel, "Upsample: scales must be >= 1");
    const double size = floor(static_cast<double>(x->dims[i]) * d->scale[i]);
    SPUD_CHECK_OR_RETURN(fits_int64(size), kInvalidModel, "Upsample: output overflows");
    dims[i] = static_cast<int64_t>(size);
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "Upsample: output overflows");
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kUpsampleFloat32 = {"", "Upsample", 9, 9, dtype_bit(DType::kFloat32), 0, sizeof(ResizeData), init, prepare, eval_resize<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kUpsampleFloat64 = {"", "Upsample", 9, 9, dtype_bit(DType::kFloat64), 0, sizeof(ResizeData), init, prepare, eval_resize<double>};
#endif

}  // namespace kernels
}  // namespace spud
