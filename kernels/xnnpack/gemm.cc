// Gemm on XNNPACK's fully connected operator: Y = A * op(B) + C for float32
// A [M,K] (not transposed), a constant B packed once, and C absent or one
// constant bias per output column, with alpha = beta = 1. Other forms are
// declined and run on the reference kernel. spud's com.spud Gemm is the same
// with a fused Relu or Clip as XNNPACK's output_min/output_max.
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

struct GemmData {
  XnnpackOperator x;  // first: the shared helpers find it there
  bool trans_a, trans_b;
  float alpha, beta;
  float lo, hi;  // the output clamp: activation_min/max of a com.spud Gemm
};

Status init(KernelContext* ctx) {
  GemmData* d = ctx->data<GemmData>();
  d->alpha = ctx->attributes->get_float("alpha", 1.f);
  d->beta = ctx->attributes->get_float("beta", 1.f);
  d->trans_a = ctx->attributes->get_int("transA", 0) != 0;
  d->trans_b = ctx->attributes->get_int("transB", 0) != 0;
  d->lo = ctx->attributes->get_float("activation_min", -__builtin_inff());
  d->hi = ctx->attributes->get_float("activation_max", __builtin_inff());
  SPUD_CHECK_OR_RETURN(!(d->lo > d->hi), kInvalidModel, "Gemm: activation_min is above activation_max");
  return Status::Ok();
}

Status setup(KernelContext* ctx) {
  GemmData* d = ctx->data<GemmData>();
  const Tensor* a = ctx->input(0);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_fully_connected_nc_f32(
      d->x.op, static_cast<size_t>(a->dims[0]), a->data_as<const float>(), ctx->output(0)->data_as<float>(),
      xnnpack_pool(ctx))));
  remember_pointers(ctx);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  GemmData* d = ctx->data<GemmData>();
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  const Tensor* c = ctx->input(2);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Gemm: needs A, B and one output");
  if (!xnnpack_available() || a->dtype != DType::kFloat32 || b->dtype != DType::kFloat32 || a->rank != 2 ||
      b->rank != 2 || !b->constant || d->trans_a || d->alpha != 1.f || !(d->lo < d->hi))
    return SPUD_ERROR(kDeclined, "XNNPACK Gemm: float32 A * constant B only");
  const int64_t k = a->dims[1];
  const int64_t n = d->trans_b ? b->dims[0] : b->dims[1];
  if ((d->trans_b ? b->dims[1] : b->dims[0]) != k || k == 0 || n == 0)
    return SPUD_ERROR(kDeclined, "XNNPACK Gemm: the reference kernel reports bad shapes");
  if (c != nullptr && (!c->constant || c->dtype != DType::kFloat32 || d->beta != 1.f || c->num_elements() != n ||
                       (c->rank == 2 && c->dims[0] != 1) || c->rank > 2))
    return SPUD_ERROR(kDeclined, "XNNPACK Gemm: C must be a constant row of biases");
  Tensor* y = ctx->output(0);
  y->dtype = DType::kFloat32;
  const int64_t dims[2] = {a->dims[0], n};
  SPUD_CHECK_OR_RETURN(set_shape(y, 2, dims), kInvalidModel, "Gemm: output shape overflows");
  xnnpack_delete(&d->x.op);
  PersistentBytes held(ctx);
  // XNNPACK's weights are [N, K] (transB = 1) unless told they are [K, N].
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_create_fully_connected_nc_f32(
      static_cast<size_t>(k), static_cast<size_t>(n), static_cast<size_t>(k), static_cast<size_t>(n),
      b->data_as<const float>(), c != nullptr ? c->data_as<const float>() : nullptr, d->lo, d->hi,
      d->trans_b ? 0 : XNN_FLAG_TRANSPOSE_WEIGHTS, &d->x.op)));
  ctx->packed_inputs = (1u << 1) | (1u << 2);  // B and C live in the operator now
  return setup_when_bound<setup>(ctx);
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGemmXnnpackFloat32 = {"", "Gemm", 7, 13, dtype_bit(DType::kFloat32), 0, sizeof(GemmData),
                                              init, prepare, run_operator<setup>, release_operator};
extern const KernelDef kGemmSpudXnnpackFloat32 = {"com.spud", "Gemm", 1, 1, dtype_bit(DType::kFloat32), 0,
                                                  sizeof(GemmData), init, prepare, run_operator<setup>,
                                                  release_operator};
#endif

}  // namespace kernels
}  // namespace spud
