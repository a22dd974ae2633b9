// MatMulInteger (opset 10): MatMul (numpy semantics) of int8/uint8 A and B
// into int32, after subtracting a_zero_point (per tensor, or one per row of
// A) and b_zero_point (per tensor, or one per column of B).
#include "quant_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  QMatMulGeometry* g = ctx->data<QMatMulGeometry>();
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  const Tensor* az = ctx->input(2);
  const Tensor* bz = ctx->input(3);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && ctx->num_outputs == 1, kInvalidModel, "MatMulInteger: needs A, B and one output");
  SPUD_CHECK_OR_RETURN(is_quant_type(a->dtype) && is_quant_type(b->dtype), kUnsupported, "MatMulInteger: A and B must be int8 or uint8");
  int rank = 0;
  int64_t dims[kMaxRank];
  const char* bad = matmul_geometry(*a, *b, g, &rank, dims);
  SPUD_CHECK_OR_RETURN(*bad == '\0', kInvalidModel, "MatMulInteger: A and B do not multiply (inner or batch dimensions)");
  SPUD_CHECK_OR_RETURN(az == nullptr || (az->dtype == a->dtype && (az->num_elements() == 1 || (az->rank == 1 && az->dims[0] == g->m))),
                       kInvalidModel, "MatMulInteger: a_zero_point must be of A's type, one value or one per row of A");
  SPUD_CHECK_OR_RETURN(bz == nullptr || (bz->dtype == b->dtype && (bz->num_elements() == 1 || (bz->rank == 1 && bz->dims[0] == g->n))),
                       kInvalidModel, "MatMulInteger: b_zero_point must be of B's type, one value or one per column of B");
  Tensor* y = ctx->output(0);
  y->dtype = DType::kInt32;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "MatMulInteger: output shape overflows");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const QMatMulGeometry* g = ctx->data<QMatMulGeometry>();
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  const Tensor* az = ctx->input(2);
  const Tensor* bz = ctx->input(3);
  const bool a_rows = az != nullptr && az->num_elements() > 1, b_cols = bz != nullptr && bz->num_elements() > 1;
  int32_t* y = ctx->output(0)->data_as<int32_t>();
  const int64_t M = g->m, K = g->k, N = g->n;
  for_each_matrix(*g, [&](int64_t batch, int64_t am, int64_t bm) {
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) {
        const int32_t za = zero_point_at(az, a_rows ? i : 0), zb = zero_point_at(bz, b_cols ? j : 0);
        int32_t acc = 0;
        for (int64_t p = 0; p < K; ++p)
          acc += (q_at(a->data, a->dtype, (am * M + i) * K + p) - za) * (q_at(b->data, b->dtype, (bm * K + p) * N + j) - zb);
        y[(batch * M + i) * N + j] = acc;
      }
  });
  return Status::Ok();
}

}  // namespace

extern const KernelDef kMatMulIntegerAll = {"", "MatMulInteger", 10, 10, dtype_bit(DType::kInt8) | dtype_bit(DType::kUInt8), 0, sizeof(QMatMulGeometry), nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
