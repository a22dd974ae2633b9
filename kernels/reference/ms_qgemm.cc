// QGemm (com.microsoft 1, ONNX Runtime's contrib operator): Gemm of int8 or
// uint8 A (M x K, or K x M with transA) and B (K x N, or N x K with transB),
// inputs A, a_scale, a_zero_point, B, b_scale, b_zero_point, C, y_scale,
// y_zero_point; attributes alpha (1), transA, transB. a's parameters are per
// tensor, b's per tensor or one per column of B (N values); C, optional, is
// int32 quantized with scale alpha * a_scale * b_scale and zero point 0,
// unidirectionally broadcast to M x N. With
//   acc = sum_k (A - a_zp)(B - b_zp) + C      (exact, in int64)
// the output is float32 Y = acc * (alpha a_scale b_scale) without y_scale,
// else Y = acc * (alpha a_scale b_scale / y_scale) + y_zp in y_zero_point's
// type (uint8 when it is absent), rounded to nearest with ties to even and
// saturated; the products in float32 in that order.
#include <type_traits>

#include "quant_util.h"

namespace spud {
namespace kernels {
namespace {

struct Data {
  float alpha;
  bool trans_a, trans_b;
  int64_t m, k, n;
  int64_t c_row_stride, c_col_stride;  // C's strides over Y's rows and columns (0: broadcast)
};

Status init(KernelContext* ctx) {
  Data* d = ctx->data<Data>();
  d->alpha = ctx->attributes->get_float("alpha", 1.f);
  d->trans_a = ctx->attributes->get_int("transA", 0) != 0;
  d->trans_b = ctx->attributes->get_int("transB", 0) != 0;
  return Status::Ok();
}


Status prepare(KernelContext* ctx) {
  Data* d = ctx->data<Data>();
  const Tensor *a = ctx->input(0), *as = ctx->input(1), *az = ctx->input(2), *b = ctx->input(3), *bs = ctx->input(4),
               *bz = ctx->input(5), *c = ctx->input(6), *ys = ctx->input(7), *yz = ctx->input(8);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "QGemm: needs A, a_scale, a_zero_point, B, b_scale, b_zero_point and one output");
  SPUD_CHECK_OR_RETURN(is_quant_type(a->dtype) && is_quant_type(b->dtype), kUnsupported, "QGemm: A and B must be int8 or uint8");
  SPUD_CHECK_OR_RETURN(a->rank == 2 && b->rank == 2, kInvalidModel, "QGemm: A and B must be matrices");
  d->m = d->trans_a ? a->dims[1] : a->dims[0];
  d->k = d->trans_a ? a->dims[0] : a->dims[1];
  d->n = d->trans_b ? b->dims[0] : b->dims[1];
  SPUD_CHECK_OR_RETURN((d->trans_b ? b->dims[1] : b->dims[0]) == d->k, kInvalidModel, "QGemm: the inner dimensions differ");
  SPUD_CHECK_OR_RETURN(one_scale(as) && one_zero_point(az, a->dtype), kInvalidModel,
                       "QGemm: a_scale must be a float32 scalar and a_zero_point a scalar of A's type");
  SPUD_CHECK_OR_RETURN(bs != nullptr && bs->dtype == DType::kFloat32 && one_or_per_index(bs, d->n) &&
                           (bz == nullptr || (bz->dtype == b->dtype && one_or_per_index(bz, d->n))),
                       kInvalidModel, "QGemm: b_scale and b_zero_point must be one value or one per column of B");
  d->c_row_stride = d->c_col_stride = 0;
  if (c != nullptr) {
    SPUD_CHECK_OR_RETURN(c->dtype == DType::kInt32 && c->rank <= 2, kInvalidModel, "QGemm: C must be int32 of rank 2 or less");
    const int64_t rows = c->rank == 2 ? c->dims[0] : 1, cols = c->rank >= 1 ? c->dims[c->rank - 1] : 1;
    SPUD_CHECK_OR_RETURN((rows == 1 || rows == d->m) && (cols == 1 || cols == d->n), kInvalidModel,
                         "QGemm: C does not broadcast to M x N");
    d->c_col_stride = cols == 1 ? 0 : 1;
    d->c_row_stride = rows == 1 ? 0 : cols;
  }
  SPUD_CHECK_OR_RETURN(ys == nullptr || one_scale(ys), kInvalidModel, "QGemm: y_scale must be a float32 scalar");
  SPUD_CHECK_OR_RETURN(yz == nullptr || (ys != nullptr && is_quant_type(yz->dtype) && yz->num_elements() == 1), kInvalidModel,
                       "QGemm: y_zero_point must be an int8 or uint8 scalar, with y_scale");
  Tensor* y = ctx->output(0);
  y->dtype = ys == nullptr ? DType::kFloat32 : yz != nullptr ? yz->dtype : DType::kUInt8;
  const int64_t dims[2] = {d->m, d->n};
  SPUD_CHECK_OR_RETURN(set_shape(y, 2, dims), kInvalidModel, "QGemm: output shape overflows");
  return Status::Ok();
}


template <typename Y>
void run(KernelContext* ctx, Y* y) {
  const Data* d = ctx->data<Data>();
  const Tensor *a = ctx->input(0), *az = ctx->input(2), *b = ctx->input(3), *bs = ctx->input(4), *bz = ctx->input(5),
               *c = ctx->input(6), *ys = ctx->input(7), *yz = ctx->input(8);
  const float sa = scale_of(ctx->input(1));
  const int32_t za = zero_point_at(az, 0);
  const bool quantized = ys != nullptr;
  const float sy = quantized ? scale_of(ys) : 1.f;
  const float zy = static_cast<float>(zero_point_at(yz, 0));
  const int64_t M = d->m, K = d->k, N = d->n;
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      const int32_t zb = zero_point_at(bz, param_index(bz, j));
      // int64: no K overflows it (an int32 sum would past 33,025 terms).
      int64_t acc = c != nullptr ? c->data_as<const int32_t>()[i * d->c_row_stride + j * d->c_col_stride] : 0;
      for (int64_t p = 0; p < K; ++p) {
        const int32_t av = q_at(a->data, a->dtype, d->trans_a ? p * M + i : i * K + p);
        const int32_t bv = q_at(b->data, b->dtype, d->trans_b ? j * K + p : p * N + j);
        acc += (av - za) * (bv - zb);
      }
      const float scale = d->alpha * sa * bs->data_as<const float>()[param_index(bs, j)];
      if constexpr (std::is_same<Y, float>::value)
        y[i * N + j] = static_cast<float>(acc) * scale;
      else
        y[i * N + j] = saturate_round<Y>(static_cast<float>(acc) * (scale / sy) + zy);
    }
}

Status eval(KernelContext* ctx) {
  Tensor* y = ctx->output(0);
  switch (y->dtype) {
    case DType::kFloat32: run(ctx, y->data_as<float>()); break;
    case DType::kInt8: run(ctx, y->data_as<int8_t>()); break;
    default: run(ctx, y->data_as<uint8_t>()); break;
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kMsQGemm = {"com.microsoft", "QGemm", 1, 1, dtype_bit(DType::kInt8) | dtype_bit(DType::kUInt8), 0, sizeof(Data), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
