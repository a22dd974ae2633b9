// Shared by ArgMax and ArgMin: the int64 index of the best element along
// `axis` (the first one, or the last with select_last_index), keeping the
// axis as size 1 when keepdims.
#ifndef SPUD_KERNELS_REFERENCE_ARG_EXTREME_H_
#define SPUD_KERNELS_REFERENCE_ARG_EXTREME_H_

#include "kernel_util.h"

namespace spud {
namespace kernels {

struct ArgData {
  int64_t axis_attr;
  bool keepdims, last;
  int64_t outer, extent, inner;
};

inline Status init_arg(KernelContext* ctx) {
  ArgData* d = ctx->data<ArgData>();
  d->axis_attr = ctx->attributes->get_int("axis", 0);
  d->keepdims = ctx->attributes->get_int("keepdims", 1) != 0;
  d->last = ctx->attributes->get_int("select_last_index", 0) != 0;
  return Status::Ok();
}

inline Status prepare_arg(KernelContext* ctx) {
  ArgData* d = ctx->data<ArgData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "ArgMax/ArgMin: needs data and one output");
  int axis = 0;
  SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &axis), kInvalidModel, "ArgMax/ArgMin: axis out of range");
  SPUD_CHECK_OR_RETURN(x->dims[axis] > 0, kInvalidModel, "ArgMax/ArgMin: the axis is empty");
  d->outer = d->inner = 1;
  int64_t dims[kMaxRank];
  int rank = 0;
  for (int i = 0; i < x->rank; ++i) {
    if (i < axis) d->outer *= x->dims[i];
    if (i > axis) d->inner *= x->dims[i];
    if (i != axis) dims[rank++] = x->dims[i];
    else if (d->keepdims) dims[rank++] = 1;
  }
  d->extent = x->dims[axis];
  Tensor* y = ctx->output(0);
  y->dtype = DType::kInt64;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "ArgMax/ArgMin: bad shape");
  return Status::Ok();
}

// Better(a, b): whether a should replace b as the pick.
template <typename T, typename Better>
Status eval_arg(KernelContext* ctx) {
  const ArgData* d = ctx->data<ArgData>();
  const T* in = ctx->input(0)->data_as<const T>();
  int64_t* out = ctx->output(0)->data_as<int64_t>();
  for (int64_t o = 0; o < d->outer; ++o)
    for (int64_t i = 0; i < d->inner; ++i) {
      const T* base = in + o * d->extent * d->inner + i;
      int64_t best = 0;
      for (int64_t k = 1; k < d->extent; ++k) {
        const T v = base[k * d->inner], b = base[best * d->inner];
        if (Better()(v, b) || (d->last && v == b)) best = k;
      }
      out[o * d->inner + i] = best;
    }
  return Status::Ok();
}

#define SPUD_ARG_DEF(op_name, T, dtype, Better)                                                       \
  {"", op_name, 1, 13, dtype_bit(DType::dtype), 0, sizeof(ArgData), init_arg, prepare_arg, eval_arg<T, Better>}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_ARG_EXTREME_H_
