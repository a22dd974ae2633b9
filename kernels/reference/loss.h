// The negative log-likelihood loss shared by NegativeLogLikelihoodLoss and
// SoftmaxCrossEntropyLoss: for input log-probabilities [N, C, d...] and
// targets [N, d...], loss = -input[n, target, d...] * weight[target], 0 where
// target == ignore_index; reduced by none, sum, or mean (divided by the sum
// of the weights that applied).
#ifndef SPUD_KERNELS_REFERENCE_LOSS_H_
#define SPUD_KERNELS_REFERENCE_LOSS_H_

#include "kernel_util.h"

namespace spud {
namespace kernels {

enum class Reduction : uint8_t { kNone, kSum, kMean };

struct LossData {
  Reduction reduction;
  bool has_ignore;
  int64_t ignore_index;
};

inline Status init_loss(KernelContext* ctx) {
  LossData* d = ctx->data<LossData>();
  const std::string_view r = ctx->attributes->get_string("reduction");
  if (r.empty() || r == "mean") d->reduction = Reduction::kMean;
  else if (r == "sum") d->reduction = Reduction::kSum;
  else if (r == "none") d->reduction = Reduction::kNone;
  else return SPUD_ERROR(kInvalidModel, "loss: reduction must be none, sum or mean");
  d->has_ignore = ctx->attributes->has("ignore_index");
  d->ignore_index = ctx->attributes->get_int("ignore_index", 0);
  return Status::Ok();
}

// Checks scores [N, C, d...], targets [N, d...] and weights [C]; sets the
// loss output's shape.
inline Status prepare_loss(KernelContext* ctx, const Tensor* scores, const Tensor* target, const Tensor* weight) {
  SPUD_CHECK_OR_RETURN(scores != nullptr && target != nullptr && ctx->num_outputs >= 1, kInvalidModel,
                       "loss: needs scores, targets and an output");
  SPUD_CHECK_OR_RETURN(scores->rank >= 2 && target->rank == scores->rank - 1, kInvalidModel,
                       "loss: targets must have the scores' shape without the class axis");
  SPUD_CHECK_OR_RETURN(target->dtype == DType::kInt64 || target->dtype == DType::kInt32, kInvalidModel,
                       "loss: targets must be int32 or int64");
  SPUD_CHECK_OR_RETURN(target->dims[0] == scores->dims[0], kInvalidModel, "loss: batch sizes differ");
  for (int i = 1; i < target->rank; ++i)
    SPUD_CHECK_OR_RETURN(target->dims[i] == scores->dims[i + 1], kInvalidModel, "loss: spatial sizes differ");
  SPUD_CHECK_OR_RETURN(weight == nullptr || (weight->rank == 1 && weight->dims[0] == scores->dims[1] &&
                                             weight->dtype == scores->dtype),
                       kInvalidModel, "loss: weights must be [C] of the scores' type");
  Tensor* y = ctx->output(0);
  y->dtype = scores->dtype;
  if (ctx->data<LossData>()->reduction == Reduction::kNone) {
    SPUD_CHECK_OR_RETURN(set_shape(y, target->rank, target->dims), kInvalidModel, "loss: bad shape");
  } else {
    SPUD_CHECK_OR_RETURN(set_shape(y, 0, nullptr), kInvalidModel, "loss: bad shape");
  }
  return Status::Ok();
}

// `logp` holds log-probabilities laid out like the scores.
template <typename T>
Status nll(const LossData& d, const T* logp, const Tensor& scores, const Tensor& target, const Tensor* weight, T* out) {
  const int64_t n = scores.dims[0], c = scores.dims[1];
  const int64_t inner = n * c == 0 ? 0 : scores.num_elements() / (n * c);
  const T* w = weight != nullptr ? weight->data_as<const T>() : nullptr;
  T total = T(0), weights = T(0);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t at = b * inner + i;
      const int64_t t = target.dtype == DType::kInt64 ? target.data_as<const int64_t>()[at]
                                                      : target.data_as<const int32_t>()[at];
      T loss = T(0);
      if (!(d.has_ignore && t == d.ignore_index)) {
        if (t < 0 || t >= c) return SPUD_ERROR(kInvalidArgument, "loss: a target is out of range");
        const T wt = w != nullptr ? w[t] : T(1);
        loss = -logp[(b * c + t) * inner + i] * wt;
        weights += wt;
      }
      if (d.reduction == Reduction::kNone) out[at] = loss;
      total += loss;
    }
  if (d.reduction == Reduction::kSum) *out = total;
  if (d.reduction == Reduction::kMean) *out = weights != T(0) ? total / weights : T(0);
  return Status::Ok();
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_LOSS_H_
