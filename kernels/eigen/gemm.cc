// Gemm on Eigen's GEMM: Y = alpha * op(A) * op(B) + beta * C, any transA,
// transB, alpha and beta, C broadcast (unidirectionally) to (M, N). A
// constant B goes to XNNPACK first where it takes it.
#include "eigen_support.h"

namespace spud {
namespace kernels {
namespace {

struct GemmEigenData {
  GemmPlan plan;
  float alpha, beta;
  bool trans_a, trans_b;
  int64_t c_rows, c_cols;  // C's broadcast shape (1 or M, 1 or N); 0 rows: no C
};

Status init(KernelContext* ctx) {
  GemmEigenData* d = ctx->data<GemmEigenData>();
  d->alpha = ctx->attributes->get_float("alpha", 1.f);
  d->beta = ctx->attributes->get_float("beta", 1.f);
  d->trans_a = ctx->attributes->get_int("transA", 0) != 0;
  d->trans_b = ctx->attributes->get_int("transB", 0) != 0;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  GemmEigenData* d = ctx->data<GemmEigenData>();
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  const Tensor* c = ctx->input(2);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Gemm: needs A, B and one output");
  SPUD_CHECK_OR_RETURN(a->rank == 2 && b->rank == 2, kInvalidModel, "Gemm: A and B must be 2-D");
  SPUD_CHECK_OR_RETURN(b->dtype == a->dtype && (c == nullptr || c->dtype == a->dtype), kInvalidModel,
                       "Gemm: A, B and C must have the same type");
  const int64_t m = d->trans_a ? a->dims[1] : a->dims[0];
  const int64_t k = d->trans_a ? a->dims[0] : a->dims[1];
  const int64_t kb = d->trans_b ? b->dims[1] : b->dims[0];
  const int64_t n = d->trans_b ? b->dims[0] : b->dims[1];
  SPUD_CHECK_OR_RETURN(kb == k, kInvalidModel, "Gemm: inner dimensions of A and B differ");
  d->c_rows = d->c_cols = 0;
  if (c != nullptr) {
    SPUD_CHECK_OR_RETURN(c->rank <= 2, kInvalidModel, "Gemm: C must have rank <= 2");
    const int64_t cr = c->rank == 2 ? c->dims[0] : 1;
    const int64_t cc = c->rank >= 1 ? c->dims[c->rank - 1] : 1;
    SPUD_CHECK_OR_RETURN((cr == 1 || cr == m) && (cc == 1 || cc == n), kInvalidModel,
                         "Gemm: C cannot be broadcast to (M, N)");
    d->c_rows = cr;
    d->c_cols = cc;
  }
  Tensor* y = ctx->output(0);
  y->dtype = a->dtype;
  const int64_t dims[2] = {m, n};
  SPUD_CHECK_OR_RETURN(set_shape(y, 2, dims), kInvalidModel, "Gemm: output shape overflows");
  if (a->dtype != DType::kFloat32) return SPUD_ERROR(kDeclined, "Eigen Gemm: float32 only");
  return gemm_plan_prepare(ctx, &d->plan, m, n, k, d->trans_a, d->trans_b, sizeof(float));
}

Status eval(KernelContext* ctx) {
  const GemmEigenData* d = ctx->data<GemmEigenData>();
  const GemmPlan& p = d->plan;
  float* y = ctx->output(0)->data_as<float>();
  const Tensor* c = ctx->input(2);
  // Y starts as beta * C (broadcast row by row: Eigen's replicate() could
  // evaluate into a temporary), or zero; the product is added to it.
  if (c == nullptr) {
    EigenArray<float>(y, p.m * p.n).setZero();
  } else {
    for (int64_t i = 0; i < p.m; ++i) {
      const float* c_row = c->data_as<const float>() + (d->c_rows == 1 ? 0 : i) * d->c_cols;
      EigenArray<float> y_row(y + i * p.n, p.n);
      if (d->c_cols == p.n) y_row = d->beta * EigenConstArray<float>(c_row, p.n);
      else y_row.setConstant(d->beta * c_row[0]);
    }
  }
  const auto offsets = [](int64_t) { return GemmOffsets{0, 0, 0}; };
  gemm_plan_run(ctx, p, 1, ctx->input(0)->data_as<const float>(), ctx->input(1)->data_as<const float>(), y,
                d->alpha, offsets);
  return Status::Ok();
}


}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGemmEigenFloat32 = {"", "Gemm", 7, 13, dtype_bit(DType::kFloat32), 0,
                                            sizeof(GemmEigenData), init, prepare, eval};
#endif

}  // namespace kernels
}  // namespace spud
