// MatMul on XNNPACK's fully connected operator, for a float32 A of any rank
// times a constant 2-D B [K, N] (a layer's weights), packed once: every row
// of A's last axis is one row of the product. Batched or 1-D B is declined.
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

Status setup(KernelContext* ctx) {
  const Tensor* a = ctx->input(0);
  const int64_t k = a->dims[a->rank - 1];
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_fully_connected_nc_f32(
      xnnpack_operator(ctx)->op, static_cast<size_t>(a->num_elements() / k), a->data_as<const float>(),
      ctx->output(0)->data_as<float>(), xnnpack_pool(ctx))));
  remember_pointers(ctx);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "MatMul: needs A, B and one output");
  if (!xnnpack_available() || a->dtype != DType::kFloat32 || b->dtype != DType::kFloat32 || !b->constant ||
      b->rank != 2 || a->rank < 1 || a->dims[a->rank - 1] != b->dims[0] || b->dims[0] == 0 || b->dims[1] == 0 ||
      a->num_elements() == 0)
    return SPUD_ERROR(kDeclined, "XNNPACK MatMul: float32 A times a constant 2-D B only");
  const int64_t k = b->dims[0], n = b->dims[1];
  Tensor* y = ctx->output(0);
  y->dtype = DType::kFloat32;
  int64_t dims[kMaxRank];
  for (int i = 0; i + 1 < a->rank; ++i) dims[i] = a->dims[i];
  dims[a->rank - 1] = n;
  SPUD_CHECK_OR_RETURN(set_shape(y, a->rank, dims), kInvalidModel, "MatMul: output shape overflows");
  XnnpackOperator* x = xnnpack_operator(ctx);
  xnnpack_delete(&x->op);
  PersistentBytes held(ctx);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_create_fully_connected_nc_f32(
      static_cast<size_t>(k), static_cast<size_t>(n), static_cast<size_t>(k), static_cast<size_t>(n),
      b->data_as<const float>(), nullptr, -__builtin_inff(), __builtin_inff(), XNN_FLAG_TRANSPOSE_WEIGHTS, &x->op)));
  ctx->packed_inputs = 1u << 1;  // B lives in the operator now
  return setup_when_bound<setup>(ctx);
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMatMulXnnpackFloat32 = {"", "MatMul", 1, 13, dtype_bit(DType::kFloat32), 0,
                                                sizeof(XnnpackOperator), nullptr, prepare, run_operator<setup>,
                                                release_operator};
#endif

}  // namespace kernels
}  // namespace spud
