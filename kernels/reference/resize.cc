// Resize (opsets 11-19): each output coordinate maps back to an input
// coordinate by coordinate_transformation_mode, then takes the nearest input
// element (nearest_mode), or interpolates linearly or cubically (cubic_coeff_a,
// exclude_outside) over every axis; see resize_util.h. tf_crop_and_resize maps
// through roi and writes extrapolation_value outside it. The output shape
// comes from sizes, or floor(in * scales); both are data, so non-constant
// ones make the node dynamic. Opset 18 adds axes (scales, sizes and roi for
// those axes only), keep_aspect_ratio_policy and antialias, 19 the
// half_pixel_symmetric transformation.
#include "resize_util.h"

namespace spud {
namespace kernels {
namespace {

Status init(KernelContext* ctx) { return parse_resize(*ctx->attributes, ctx->since_version, ctx->data<ResizeData>()); }

Status prepare(KernelContext* ctx) { return prepare_resize(ctx, ctx->data<ResizeData>()); }

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kResizeFloat32 = {"", "Resize", 11, 19, dtype_bit(DType::kFloat32), 0, sizeof(ResizeData), init, prepare, eval_resize<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kResizeFloat64 = {"", "Resize", 11, 19, dtype_bit(DType::kFloat64), 0, sizeof(ResizeData), init, prepare, eval_resize<double>};
#endif

}  // namespace kernels
}  // namespace spud
