// Gemm's body, shared by ONNX's Gemm and spud's com.spud Gemm (the same
// with the clamp of a fused Relu or Clip): Y = alpha * op(A) * op(B) +
// beta * C, op = optional transpose, C optional and broadcast
// (unidirectionally) to (M, N).
#ifndef SPUD_KERNELS_REFERENCE_GEMM_UTIL_H_
#define SPUD_KERNELS_REFERENCE_GEMM_UTIL_H_

#include <type_traits>

#include "kernel_util.h"

namespace spud {
namespace kernels {

struct GemmData {
  float alpha, beta;
  bool trans_a, trans_b;
  int64_t m, n, k;
  int64_t c_rows, c_cols;  // C's broadcast shape (1 or M, 1 or N); 0 rows: no C
  float lo, hi;             // the output clamp (com.spud Gemm), -inf and inf for ONNX's
};

inline Status init_gemm(KernelContext* ctx) {
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

inline Status prepare_gemm(KernelContext* ctx) {
  GemmData* d = ctx->data<GemmData>();
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  const Tensor* c = ctx->input(2);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Gemm: needs A, B and one output");
  SPUD_CHECK_OR_RETURN(a->rank == 2 && b->rank == 2, kInvalidModel, "Gemm: A and B must be 2-D");
  SPUD_CHECK_OR_RETURN(b->dtype == a->dtype && (c == nullptr || c->dtype == a->dtype), kInvalidModel,
                       "Gemm: A, B and C must have the same type");
  d->m = d->trans_a ? a->dims[1] : a->dims[0];
  d->k = d->trans_a ? a->dims[0] : a->dims[1];
  const int64_t kb = d->trans_b ? b->dims[1] : b->dims[0];
  d->n = d->trans_b ? b->dims[0] : b->dims[1];
  SPUD_CHECK_OR_RETURN(kb == d->k, kInvalidModel, "Gemm: inner dimensions of A and B differ");
  d->c_rows = d->c_cols = 0;
  if (c != nullptr) {
    SPUD_CHECK_OR_RETURN(c->rank <= 2, kInvalidModel, "Gemm: C must have rank <= 2");
    const int64_t cr = c->rank == 2 ? c->dims[0] : 1;
    const int64_t cc = c->rank >= 1 ? c->dims[c->rank - 1] : 1;
    SPUD_CHECK_OR_RETURN((cr == 1 || cr == d->m) && (cc == 1 || cc == d->n), kInvalidModel,
                         "Gemm: C cannot be broadcast to (M, N)");
    d->c_rows = cr;
    d->c_cols = cc;
  }
  Tensor* y = ctx->output(0);
  y->dtype = a->dtype;
  const int64_t dims[2] = {d->m, d->n};
  SPUD_CHECK_OR_RETURN(set_shape(y, 2, dims), kInvalidModel, "Gemm: output shape overflows");
  return Status::Ok();
}

// alpha * v for integer Gemm: exact for alpha 1 (the usual case) and 0,
// else computed in double and truncated toward zero.
template <typename T>
T scale_integer(float alpha, T v) {
  if (alpha == 1.f) return v;
  if (alpha == 0.f) return T(0);
  return static_cast<T>(static_cast<double>(alpha) * static_cast<double>(v));
}

// kClamp: clamp each output to [lo, hi] as it is written.
template <typename T, bool kClamp>
Status eval_gemm(KernelContext* ctx) {
  const GemmData* d = ctx->data<GemmData>();
  const T* a = ctx->input(0)->data_as<const T>();
  const T* b = ctx->input(1)->data_as<const T>();
  const T* c = ctx->input(2) != nullptr ? ctx->input(2)->data_as<const T>() : nullptr;
  T* y = ctx->output(0)->data_as<T>();
  const int64_t M = d->m, N = d->n, K = d->k;
  // Strides of op(A) and op(B) in (row, col) order.
  const int64_t a_rs = d->trans_a ? 1 : K, a_cs = d->trans_a ? M : 1;
  const int64_t b_rs = d->trans_b ? 1 : N, b_cs = d->trans_b ? K : 1;
  for (int64_t i = 0; i < M; ++i) {
    T* row = y + i * N;
    for (int64_t j = 0; j < N; ++j) row[j] = T(0);
    for (int64_t p = 0; p < K; ++p) {
      const T av = a[i * a_rs + p * a_cs];
      const T* brow = b + p * b_rs;
      for (int64_t j = 0; j < N; ++j) row[j] += av * brow[j * b_cs];
    }
    for (int64_t j = 0; j < N; ++j) {
      const T* cv = c != nullptr ? c + (d->c_rows == 1 ? 0 : i) * d->c_cols + (d->c_cols == 1 ? 0 : j) : nullptr;
      T v;
      if constexpr (std::is_integral_v<T>) {
        v = scale_integer(d->alpha, row[j]);
        if (cv != nullptr) v = static_cast<T>(v + scale_integer(d->beta, *cv));
      } else {
        v = static_cast<T>(d->alpha) * row[j];
        if (cv != nullptr) v += static_cast<T>(d->beta) * *cv;
      }
      if constexpr (kClamp) v = v < d->lo ? d->lo : (v > d->hi ? d->hi : v);
      row[j] = v;
    }
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_GEMM_UTIL_H_
