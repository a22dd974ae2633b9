// LSTM, GRU and RNN on Eigen's GEMM: the reference tier's recurrence
// (reference/rnn_util.h: the same checks, shapes and scratch) with its
// matrix products on GEMM plans made in prepare: X·W^T for every time step
// at once, then H·R^T (and GRU's (r . H)·R_h^T) at each step, their panels
// in the session's workspace, so nothing allocates in eval.
#ifndef SPUD_KERNELS_EIGEN_RECURRENT_H_
#define SPUD_KERNELS_EIGEN_RECURRENT_H_

#include "eigen_support.h"
#include "reference/rnn_util.h"

namespace spud {
namespace kernels {

struct RnnEigenData {
  RnnData rnn;  // first: rnn_init and rnn_prepare see the op data as RnnData
  GemmPlan plans[3];  // kRnnInputProduct, kRnnHiddenProduct, kRnnResetProduct
};

template <RnnCell kCell>
Status rnn_eigen_init(KernelContext* ctx) {
  return rnn_init(ctx, kCell);
}

inline Status rnn_eigen_prepare(KernelContext* ctx) {
  SPUD_RETURN_IF_ERROR(rnn_prepare(ctx));
  RnnEigenData* e = ctx->data<RnnEigenData>();
  const RnnData& d = e->rnn;
  const size_t es = dtype_size(ctx->input(0)->dtype);
  const int64_t gh = d.gates * d.hidden;
  const bool gru = d.cell == RnnCell::kGru;
  SPUD_RETURN_IF_ERROR(gemm_plan_prepare(ctx, &e->plans[kRnnInputProduct], d.seq * d.batch, gh, d.input, false,
                                         true, es));
  SPUD_RETURN_IF_ERROR(gemm_plan_prepare(ctx, &e->plans[kRnnHiddenProduct], d.batch, gru ? 2 * d.hidden : gh,
                                         d.hidden, false, true, es));
  if (gru)
    SPUD_RETURN_IF_ERROR(
        gemm_plan_prepare(ctx, &e->plans[kRnnResetProduct], d.batch, d.hidden, d.hidden, false, true, es));
  return Status::Ok();
}

template <typename T>
Status rnn_eigen_eval(KernelContext* ctx) {
  const RnnEigenData* e = ctx->data<RnnEigenData>();
  const auto mul = [e](const KernelContext* c, int which, int64_t, int64_t, int64_t, const T* a, const T* b,
                       T* out) {
    gemm_plan_run(c, e->plans[which], 1, a, b, out, T(1), [](int64_t) { return GemmOffsets{0, 0, 0}; });
  };
  return rnn_eval<T>(ctx, e->rnn, mul);
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_EIGEN_RECURRENT_H_
