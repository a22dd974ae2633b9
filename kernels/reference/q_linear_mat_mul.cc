// QLinearMatMul (opset 10): MatMul (numpy semantics) of quantized int8/uint8
// a and b: the int32 sum of (a - a_zero_point)(b - b_zero_point) scaled by
// a_scale * b_scale / y_scale, rounded ties to even and saturated into
// y_zero_point's type after adding it. a's scale and zero point are per
// tensor or one per row, b's per tensor or one per column, y's per tensor
// or one per row.
#include "quant_util.h"

namespace spud {
namespace kernels {
namespace {


Status prepare(KernelContext* ctx) {
  QMatMulGeometry* g = ctx->data<QMatMulGeometry>();
  const Tensor* a = ctx->input(0);
  const Tensor* as = ctx->input(1);
  const Tensor* az = ctx->input(2);
  const Tensor* b = ctx->input(3);
  const Tensor* bs = ctx->input(4);
  const Tensor* bz = ctx->input(5);
  const Tensor* ys = ctx->input(6);
  const Tensor* yz = ctx->input(7);
  SPUD_CHECK_OR_RETURN(a != nullptr && as != nullptr && b != nullptr && bs != nullptr && ys != nullptr && ctx->num_outputs == 1,
                       kInvalidModel, "QLinearMatMul: needs a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point");
  SPUD_CHECK_OR_RETURN(is_quant_type(a->dtype) && is_quant_type(b->dtype) && (yz == nullptr || is_quant_type(yz->dtype)), kUnsupported,
                       "QLinearMatMul: a, b and y_zero_point must be int8 or uint8");
  SPUD_CHECK_OR_RETURN((az == nullptr || az->dtype == a->dtype) && (bz == nullptr || bz->dtype == b->dtype), kInvalidModel,
                       "QLinearMatMul: a zero point must have its operand's type");
  SPUD_CHECK_OR_RETURN(as->dtype == DType::kFloat32 && bs->dtype == DType::kFloat32 && ys->dtype == DType::kFloat32, kInvalidModel,
                       "QLinearMatMul: the scales must be float32");
  int rank = 0;
  int64_t dims[kMaxRank];
  const char* bad = matmul_geometry(*a, *b, g, &rank, dims);
  SPUD_CHECK_OR_RETURN(*bad == '\0', kInvalidModel, "QLinearMatMul: a and b do not multiply (inner or batch dimensions)");
  SPUD_CHECK_OR_RETURN(one_or_per_index(as, g->m) && one_or_per_index(az, g->m), kInvalidModel, "QLinearMatMul: a's scale and zero point must be one value or one per row of a");
  SPUD_CHECK_OR_RETURN(one_or_per_index(bs, g->n) && one_or_per_index(bz, g->n), kInvalidModel, "QLinearMatMul: b's scale and zero point must be one value or one per column of b");
  SPUD_CHECK_OR_RETURN(one_or_per_index(ys, g->m) && one_or_per_index(yz, g->m), kInvalidModel, "QLinearMatMul: y's scale and zero point must be one value or one per row");
  Tensor* y = ctx->output(0);
  y->dtype = yz != nullptr ? yz->dtype : DType::kUInt8;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "QLinearMatMul: output shape overflows");
  return Status::Ok();
}


template <typename T>
void run(KernelContext* ctx, T* y) {
  const QMatMulGeometry* g = ctx->data<QMatMulGeometry>();
  const Tensor *a = ctx->input(0), *as = ctx->input(1), *az = ctx->input(2), *b = ctx->input(3), *bs = ctx->input(4),
               *bz = ctx->input(5), *ys = ctx->input(6), *yz = ctx->input(7);
  const int64_t M = g->m, K = g->k, N = g->n;
  for_each_matrix(*g, [&](int64_t batch, int64_t am, int64_t bm) {
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) {
        const int32_t za = zero_point_at(az, param_index(az, i)), zb = zero_point_at(bz, param_index(bz, j));
        int32_t acc = 0;
        for (int64_t p = 0; p < K; ++p)
          acc += (q_at(a->data, a->dtype, (am * M + i) * K + p) - za) * (q_at(b->data, b->dtype, (bm * K + p) * N + j) - zb);
        const float m = as->data_as<const float>()[param_index(as, i)] * bs->data_as<const float>()[param_index(bs, j)] /
                        ys->data_as<const float>()[param_index(ys, i)];
        y[(batch * M + i) * N + j] =
            saturate_round<T>(nearbyintf(static_cast<float>(acc) * m) + static_cast<float>(zero_point_at(yz, param_index(yz, i))));
      }
  });
}

Status eval(KernelContext* ctx) {
  Tensor* y = ctx->output(0);
  if (y->dtype == DType::kInt8) run(ctx, y->data_as<int8_t>());
  else run(ctx, y->data_as<uint8_t>());
  return Status::Ok();
}

}  // namespace

extern const KernelDef kQLinearMatMulAll = {"", "QLinearMatMul", 10, 10, dtype_bit(DType::kInt8) | dtype_bit(DType::kUInt8), 0, sizeof(QMatMulGeometry), nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
