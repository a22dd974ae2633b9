// Resize in spud's NHWC domain: X [N,H,W,C] with scales, sizes and roi in
// the same NHWC order (the converter permutes the constants). Resize treats
// each axis on its own, so the interpolation is the NCHW kernel's
// (resize_util.h) over the permuted axes: every mode it supports.
#include "resize_util.h"

namespace spud {
namespace kernels {
namespace {

Status init(KernelContext* ctx) { return parse_resize(*ctx->attributes, ctx->data<ResizeData>()); }

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && x->rank == 4 && x->dtype == DType::kFloat32, kInvalidModel,
                       "Resize (NHWC): X must be 4-D float32");
  return prepare_resize(ctx, ctx->data<ResizeData>());
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kResizeNhwcFloat32 = {"com.spud.nhwc", "Resize", 1, 1, dtype_bit(DType::kFloat32), 0,
                                             sizeof(ResizeData), init, prepare, eval_resize<float>};
#endif

}  // namespace kernels
}  // namespace spud
