// MatMul on Eigen's GEMM, for what XNNPACK's fully connected operator does
// not take: a B that is not constant, batched (broadcast batch dims), or
// 1-D operands, with the reference kernel's numpy semantics. A batch whose
// B is one matrix shared by a contiguous A is one product of stacked rows.
#include "eigen_support.h"

namespace spud {
namespace kernels {
namespace {

struct MatMulEigenData {
  GemmPlan plan;
  int64_t count;  // matrices in the batch
  int batch_rank;
  int64_t batch[kMaxRank];
  int64_t a_stride[kMaxRank], b_stride[kMaxRank];  // per batch axis, in matrices
};

Status prepare(KernelContext* ctx) {
  MatMulEigenData* d = ctx->data<MatMulEigenData>();
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "MatMul: needs A, B and one output");
  SPUD_CHECK_OR_RETURN(a->dtype == b->dtype, kInvalidModel, "MatMul: A and B differ in type");
  SPUD_CHECK_OR_RETURN(a->rank >= 1 && b->rank >= 1, kInvalidModel, "MatMul: scalars are not allowed");
  const int64_t m = a->rank == 1 ? 1 : a->dims[a->rank - 2];
  const int64_t k = a->dims[a->rank - 1];
  const int64_t kb = b->rank == 1 ? b->dims[0] : b->dims[b->rank - 2];
  const int64_t n = b->rank == 1 ? 1 : b->dims[b->rank - 1];
  SPUD_CHECK_OR_RETURN(kb == k, kInvalidModel, "MatMul: inner dimensions differ");
  const int ar = a->rank > 2 ? a->rank - 2 : 0, br = b->rank > 2 ? b->rank - 2 : 0;
  d->batch_rank = ar > br ? ar : br;
  d->count = 1;
  bool a_whole = true, b_shared = true;  // A not broadcast; one B for every matrix
  int64_t sa = 1, sb = 1;
  for (int i = d->batch_rank - 1; i >= 0; --i) {
    const int ia = i - (d->batch_rank - ar), ib = i - (d->batch_rank - br);
    const int64_t da = ia >= 0 ? a->dims[ia] : 1, db = ib >= 0 ? b->dims[ib] : 1;
    SPUD_CHECK_OR_RETURN(da == db || da == 1 || db == 1, kInvalidModel,
                         "MatMul: batch dimensions cannot be broadcast");
    d->batch[i] = da == 1 ? db : da;
    d->a_stride[i] = da == 1 ? 0 : sa;
    d->b_stride[i] = db == 1 ? 0 : sb;
    a_whole = a_whole && (da == d->batch[i]);
    b_shared = b_shared && db == 1;
    sa *= da;
    sb *= db;
    d->count *= d->batch[i];
  }
  int64_t dims[kMaxRank];
  int rank = 0;
  for (int i = 0; i < d->batch_rank; ++i) dims[rank++] = d->batch[i];
  if (a->rank > 1) dims[rank++] = m;
  if (b->rank > 1) dims[rank++] = n;
  Tensor* y = ctx->output(0);
  y->dtype = a->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "MatMul: output shape overflows");
  if (a->dtype != DType::kFloat32) return SPUD_ERROR(kDeclined, "Eigen MatMul: float32 only");
  int64_t rows = m;
  if (a_whole && b_shared) {  // [.., M, K] x [K, N]: one product of count*M rows
    rows = m * d->count;
    d->count = 1;
    d->batch_rank = 0;
  }
  if (gemm_too_small_to_batch(d->count, rows, n, k)) return SPUD_ERROR(kDeclined, "Eigen MatMul: tiny products");
  return gemm_plan_prepare(ctx, &d->plan, rows, n, k, false, false, sizeof(float));
}

Status eval(KernelContext* ctx) {
  const MatMulEigenData* d = ctx->data<MatMulEigenData>();
  const GemmPlan& p = d->plan;
  float* y = ctx->output(0)->data_as<float>();
  EigenArray<float>(y, ctx->output(0)->num_elements()).setZero();
  const auto offsets = [d, &p](int64_t i) {
    GemmOffsets o{0, 0, i * p.m * p.n};
    for (int ax = d->batch_rank - 1; ax >= 0; --ax) {
      const int64_t at = i % d->batch[ax];
      i /= d->batch[ax];
      o.a += at * d->a_stride[ax];
      o.b += at * d->b_stride[ax];
    }
    o.a *= p.m * p.k;
    o.b *= p.k * p.n;
    return o;
  };
  gemm_plan_run(ctx, p, d->count, ctx->input(0)->data_as<const float>(), ctx->input(1)->data_as<const float>(), y,
                1.f, offsets);
  return Status::Ok();
}


}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMatMulEigenFloat32 = {"", "MatMul", 1, 13, dtype_bit(DType::kFloat32), 0,
                                              sizeof(MatMulEigenData), nullptr, prepare, eval};
#endif

}  // namespace kernels
}  // namespace spud
