// GlobalAveragePool in spud's NHWC domain on XNNPACK: the mean over H and W
// of a float32 X [N,H,W,C].
#include "reference/nhwc_util.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

struct PoolData {
  xnn_operator_t op;
  const void* set_in;
  void* set_out;
};

Status setup(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  const Tensor* x = ctx->input(0);
  Tensor* y = ctx->output(0);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_global_average_pooling_nwc_f32(
      d->op, static_cast<size_t>(x->dims[0]), static_cast<size_t>(x->dims[1] * x->dims[2]),
      x->data_as<const float>(), y->data_as<float>(), xnnpack_pool(ctx))));
  d->set_in = x->data;
  d->set_out = y->data;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  SPUD_RETURN_IF_ERROR(prepare_global_pool_nhwc(ctx));
  const Tensor* x = ctx->input(0);
  if (!xnnpack_available() || x->dims[1] * x->dims[2] == 0) return SPUD_ERROR(kDeclined, "XNNPACK is not available");
  const size_t channels = static_cast<size_t>(x->dims[3]);
  xnnpack_delete(&d->op);
  PersistentBytes held(ctx);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_create_global_average_pooling_nwc_f32(
      channels, channels, channels, -__builtin_inff(), __builtin_inff(), 0, &d->op)));
  if (x->data != nullptr && ctx->output(0)->data != nullptr) {
    const Status st = setup(ctx);
    if (!st.ok()) xnnpack_delete(&d->op);
    return st;
  }
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  if (d->set_in != ctx->input(0)->data || d->set_out != ctx->output(0)->data) SPUD_RETURN_IF_ERROR(setup(ctx));
  return xnnpack_status(xnn_run_operator(d->op, xnnpack_pool(ctx)));
}

Status release(KernelContext* ctx) {
  xnnpack_delete(&ctx->data<PoolData>()->op);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGlobalAveragePoolNhwcXnnpackFloat32 = {
    "com.spud.nhwc", "GlobalAveragePool", 1, 1, dtype_bit(DType::kFloat32), 0, sizeof(PoolData), nullptr, prepare,
    eval, release};
#endif

}  // namespace kernels
}  // namespace spud
