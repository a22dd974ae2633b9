// Transpose's attributes and output shape, shared by every tier.
#ifndef SPUD_KERNELS_REFERENCE_TRANSPOSE_UTIL_H_
#define SPUD_KERNELS_REFERENCE_TRANSPOSE_UTIL_H_

#include "kernel_util.h"

namespace spud {
namespace kernels {

struct TransposeData {
  int64_t perm[kMaxRank];
  int num_perm;  // -1: reverse
  int64_t in_stride[kMaxRank];  // input stride of each output axis
};

inline Status init_transpose(KernelContext* ctx) {
  TransposeData* d = ctx->data<TransposeData>();
  d->num_perm = ctx->attributes->get_ints("perm", d->perm, kMaxRank);
  SPUD_CHECK_OR_RETURN(d->num_perm <= kMaxRank, kUnsupported, "Transpose: rank above 8");
  return Status::Ok();
}

inline Status prepare_transpose(KernelContext* ctx) {
  TransposeData* d = ctx->data<TransposeData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Transpose: needs X and Y");
  int64_t perm[kMaxRank];
  if (d->num_perm < 0) {
    for (int i = 0; i < x->rank; ++i) perm[i] = x->rank - 1 - i;
  } else {
    SPUD_CHECK_OR_RETURN(d->num_perm == x->rank, kInvalidModel, "Transpose: perm must list every axis");
    bool seen[kMaxRank] = {};
    for (int i = 0; i < x->rank; ++i) {
      SPUD_CHECK_OR_RETURN(d->perm[i] >= 0 && d->perm[i] < x->rank && !seen[d->perm[i]], kInvalidModel,
                           "Transpose: perm must be a permutation of the axes");
      seen[d->perm[i]] = true;
      perm[i] = d->perm[i];
    }
  }
  int64_t stride[kMaxRank];
  int64_t s = 1;
  for (int i = x->rank - 1; i >= 0; --i) {
    stride[i] = s;
    s *= x->dims[i];
  }
  int64_t dims[kMaxRank];
  for (int i = 0; i < x->rank; ++i) {
    dims[i] = x->dims[perm[i]];
    d->in_stride[i] = stride[perm[i]];
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "Transpose: bad shape");
  return Status::Ok();
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_TRANSPOSE_UTIL_H_
