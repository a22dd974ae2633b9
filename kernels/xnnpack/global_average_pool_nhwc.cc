// GlobalAveragePool in spud's NHWC domain on XNNPACK: the mean over H and W
// of a float32 X [N,H,W,C].
#include "reference/nhwc_util.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

Status setup(KernelContext* ctx) {
  XnnpackOperator* d = xnnpack_operator(ctx);
  const Tensor* x = ctx->input(0);
  Tensor* y = ctx->output(0);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_global_average_pooling_nwc_f32(
      d->op, static_cast<size_t>(x->dims[0]), static_cast<size_t>(x->dims[1] * x->dims[2]),
      x->data_as<const float>(), y->data_as<float>(), xnnpack_pool(ctx))));
  remember_pointers(ctx);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  XnnpackOperator* d = xnnpack_operator(ctx);
  SPUD_RETURN_IF_ERROR(prepare_global_pool_nhwc(ctx));
  const Tensor* x = ctx->input(0);
  if (!xnnpack_available() || x->dims[1] * x->dims[2] == 0) return SPUD_ERROR(kDeclined, "XNNPACK is not available");
  const size_t channels = static_cast<size_t>(x->dims[3]);
  xnnpack_delete(&d->op);
  PersistentBytes held(ctx);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_create_global_average_pooling_nwc_f32(
      channels, channels, channels, -__builtin_inff(), __builtin_inff(), 0, &d->op)));
  return setup_when_bound<setup>(ctx);
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGlobalAveragePoolNhwcXnnpackFloat32 = {
    "com.spud.nhwc", "GlobalAveragePool", 1, 1, dtype_bit(DType::kFloat32), 0, sizeof(XnnpackOperator), nullptr,
    prepare, run_operator<setup>, release_operator};
#endif

}  // namespace kernels
}  // namespace spud
