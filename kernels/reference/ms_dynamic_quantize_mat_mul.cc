// DynamicQuantizeMatMul (com.microsoft 1, ONNX Runtime's contrib operator):
// float32 A times int8 or uint8 B (MatMul, numpy semantics), inputs A, B,
// b_scale (per tensor, or one per column of B), b_zero_point (optional, the
// same), bias (optional, float32, one per column). A is quantized first as
// DynamicQuantizeLinear does (uint8, scale = (max(A, 0) - min(A, 0)) / 255,
// zero point = round(-min / scale)); then
//   Y = sum_k (A_q - a_zp)(B - b_zp) * (a_scale * b_scale) + bias
// with the sum exact (int64) and the products in float32 in that order. The
// quantized A is kept in the node's scratch.
#include "quant_util.h"

namespace spud {
namespace kernels {
namespace {


Status prepare(KernelContext* ctx) {
  QMatMulGeometry* g = ctx->data<QMatMulGeometry>();
  const Tensor *a = ctx->input(0), *b = ctx->input(1), *bs = ctx->input(2), *bz = ctx->input(3), *bias = ctx->input(4);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && bs != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "DynamicQuantizeMatMul: needs A, B, b_scale and one output");
  SPUD_CHECK_OR_RETURN(a->dtype == DType::kFloat32 && is_quant_type(b->dtype), kUnsupported,
                       "DynamicQuantizeMatMul: A must be float32 and B int8 or uint8");
  int rank = 0;
  int64_t dims[kMaxRank];
  SPUD_CHECK_OR_RETURN(*matmul_geometry(*a, *b, g, &rank, dims) == '\0', kInvalidModel,
                       "DynamicQuantizeMatMul: A and B do not multiply (inner or batch dimensions)");
  SPUD_CHECK_OR_RETURN(bs->dtype == DType::kFloat32 && one_or_per_index(bs, g->n) && (bz == nullptr || (bz->dtype == b->dtype && one_or_per_index(bz, g->n))),
                       kInvalidModel, "DynamicQuantizeMatMul: b_scale and b_zero_point must be one value or one per column of B");
  SPUD_CHECK_OR_RETURN(bias == nullptr || (bias->dtype == DType::kFloat32 && bias->rank == 1 && bias->dims[0] == g->n),
                       kInvalidModel, "DynamicQuantizeMatMul: bias must be float32 with one value per column of B");
  Tensor* y = ctx->output(0);
  y->dtype = DType::kFloat32;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "DynamicQuantizeMatMul: output shape overflows");
  ctx->scratch_size = static_cast<size_t>(a->num_elements());
  return Status::Ok();
}


Status eval(KernelContext* ctx) {
  const QMatMulGeometry* g = ctx->data<QMatMulGeometry>();
  const Tensor *a = ctx->input(0), *b = ctx->input(1), *bs = ctx->input(2), *bz = ctx->input(3), *bias = ctx->input(4);
  // A's range, widened to hold 0, gives its scale and zero point.
  float sa = 0;
  uint8_t za = 0;
  uint8_t* aq = static_cast<uint8_t*>(ctx->scratch);
  dynamic_quantize_u8(a->data_as<const float>(), a->num_elements(), aq, &sa, &za);
  float* y = ctx->output(0)->data_as<float>();
  const int64_t M = g->m, K = g->k, N = g->n;
  for_each_matrix(*g, [&](int64_t batch, int64_t am, int64_t bm) {
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) {
        const int32_t zb = zero_point_at(bz, param_index(bz, j));
        int64_t acc = 0;  // exact for any K
        for (int64_t p = 0; p < K; ++p)
          acc += (static_cast<int32_t>(aq[(am * M + i) * K + p]) - za) * (q_at(b->data, b->dtype, (bm * K + p) * N + j) - zb);
        float v = static_cast<float>(acc) * (sa * bs->data_as<const float>()[param_index(bs, j)]);
        if (bias != nullptr) v += bias->data_as<const float>()[j];
        y[(batch * M + i) * N + j] = v;
      }
  });
  return Status::Ok();
}

}  // namespace

// The type is B's (input 1): A is always float32.
extern const KernelDef kMsDynamicQuantizeMatMul = {"com.microsoft", "DynamicQuantizeMatMul", 1, 1, dtype_bit(DType::kInt8) | dtype_bit(DType::kUInt8), 1, sizeof(QMatMulGeometry), nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
