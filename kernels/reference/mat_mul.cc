// MatMul with numpy semantics: batch dimensions broadcast, and a 1-D operand
// is promoted to a matrix (a row for A, a column for B) whose added axis is
// dropped from the result.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct MatMulData {
  int64_t m, k, n;
  int batch_rank;
  int64_t batch[kMaxRank];
  int64_t a_stride[kMaxRank], b_stride[kMaxRank];  // per batch axis, in matrices
};

Status prepare(KernelContext* ctx) {
  MatMulData* d = ctx->data<MatMulData>();
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "MatMul: needs A, B and one output");
  SPUD_CHECK_OR_RETURN(a->dtype == b->dtype, kInvalidModel, "MatMul: A and B differ in type");
  SPUD_CHECK_OR_RETURN(a->rank >= 1 && b->rank >= 1, kInvalidModel, "MatMul: scalars are not allowed");
  d->m = a->rank == 1 ? 1 : a->dims[a->rank - 2];
  d->k = a->dims[a->rank - 1];
  const int64_t kb = b->rank == 1 ? b->dims[0] : b->dims[b->rank - 2];
  d->n = b->rank == 1 ? 1 : b->dims[b->rank - 1];
  SPUD_CHECK_OR_RETURN(kb == d->k, kInvalidModel, "MatMul: inner dimensions differ");
  const int ar = a->rank > 2 ? a->rank - 2 : 0, br = b->rank > 2 ? b->rank - 2 : 0;
  d->batch_rank = ar > br ? ar : br;
  int64_t sa = 1, sb = 1;
  for (int i = d->batch_rank - 1; i >= 0; --i) {
    const int ia = i - (d->batch_rank - ar), ib = i - (d->batch_rank - br);
    const int64_t da = ia >= 0 ? a->dims[ia] : 1, db = ib >= 0 ? b->dims[ib] : 1;
    SPUD_CHECK_OR_RETURN(da == db || da == 1 || db == 1, kInvalidModel,
                         "MatMul: batch dimensions cannot be broadcast");
    d->batch[i] = da == 1 ? db : da;
    d->a_stride[i] = da == 1 ? 0 : sa;
    d->b_stride[i] = db == 1 ? 0 : sb;
    sa *= da;
    sb *= db;
  }
  int64_t dims[kMaxRank];
  int rank = 0;
  for (int i = 0; i < d->batch_rank; ++i) dims[rank++] = d->batch[i];
  if (a->rank > 1) dims[rank++] = d->m;
  if (b->rank > 1) dims[rank++] = d->n;
  Tensor* y = ctx->output(0);
  y->dtype = a->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "MatMul: output shape overflows");
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const MatMulData* d = ctx->data<MatMulData>();
  const T* a = ctx->input(0)->data_as<const T>();
  const T* b = ctx->input(1)->data_as<const T>();
  T* y = ctx->output(0)->data_as<T>();
  const int64_t M = d->m, K = d->k, N = d->n;
  int64_t count = 1;
  for (int i = 0; i < d->batch_rank; ++i) count *= d->batch[i];
  int64_t idx[kMaxRank] = {};
  int64_t ao = 0, bo = 0;
  for (int64_t batch = 0; batch < count; ++batch) {
    const T* am = a + ao * M * K;
    const T* bm = b + bo * K * N;
    T* ym = y + batch * M * N;
    for (int64_t i = 0; i < M; ++i) {
      T* row = ym + i * N;
      for (int64_t j = 0; j < N; ++j) row[j] = T(0);
      for (int64_t p = 0; p < K; ++p) {
        const T av = am[i * K + p];
        for (int64_t j = 0; j < N; ++j) row[j] += av * bm[p * N + j];
      }
    }
    for (int ax = d->batch_rank - 1; ax >= 0; --ax) {
      ++idx[ax];
      ao += d->a_stride[ax];
      bo += d->b_stride[ax];
      if (idx[ax] < d->batch[ax]) break;
      ao -= d->a_stride[ax] * idx[ax];
      bo -= d->b_stride[ax] * idx[ax];
      idx[ax] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMatMulFloat32 = {"", "MatMul", 1, 13, dtype_bit(DType::kFloat32), 0, sizeof(MatMulData),
                                         nullptr, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kMatMulFloat64 = {"", "MatMul", 1, 13, dtype_bit(DType::kFloat64), 0, sizeof(MatMulData),
                                         nullptr, prepare, eval<double>};
#endif
// Integers arrived with opset 9.
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kMatMulInt32 = {"", "MatMul", 9, 13, dtype_bit(DType::kInt32), 0, sizeof(MatMulData),
                                      nullptr, prepare, eval<int32_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kMatMulInt64 = {"", "MatMul", 9, 13, dtype_bit(DType::kInt64), 0, sizeof(MatMulData),
                                      nullptr, prepare, eval<int64_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kMatMulUInt32 = {"", "MatMul", 9, 13, dtype_bit(DType::kUInt32), 0, sizeof(MatMulData),
                                      nullptr, prepare, eval<uint32_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kMatMulUInt64 = {"", "MatMul", 9, 13, dtype_bit(DType::kUInt64), 0, sizeof(MatMulData),
                                      nullptr, prepare, eval<uint64_t>};
#endif

}  // namespace kernels
}  // namespace spud
