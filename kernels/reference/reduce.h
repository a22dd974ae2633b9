// Shared init/prepare/eval for the Reduce* kernels. Axes come from the
// `axes` attribute, or (ReduceSum from opset 13, the others from 18) from an
// optional input; none
// means every axis, unless noop_with_empty_axes. Each operator supplies an
// accumulator: start value, how an element folds in, and how the total of
// `count` elements becomes the result.
#ifndef SPUD_KERNELS_REFERENCE_REDUCE_H_
#define SPUD_KERNELS_REFERENCE_REDUCE_H_

#include <math.h>

#include <limits>

#include "kernel_util.h"

namespace spud {
namespace kernels {

struct ReduceData {
  int64_t axes[kMaxRank];
  int num_axes;  // -1: none given
  bool keepdims;
  bool noop_with_empty_axes;
  bool axes_input;  // axes are input 1 (ReduceSum >= 13)
  bool identity;    // resolved: nothing to reduce, copy through
  bool reduced[kMaxRank];
};

inline Status init_reduce(KernelContext* ctx, bool axes_input) {
  ReduceData* d = ctx->data<ReduceData>();
  d->axes_input = axes_input;
  d->num_axes = axes_input ? -1 : ctx->attributes->get_ints("axes", d->axes, kMaxRank);
  SPUD_CHECK_OR_RETURN(d->num_axes <= kMaxRank, kInvalidModel, "Reduce: too many axes");
  d->keepdims = ctx->attributes->get_int("keepdims", 1) != 0;
  d->noop_with_empty_axes = ctx->attributes->get_int("noop_with_empty_axes", 0) != 0;
  return Status::Ok();
}

inline Status prepare_reduce(KernelContext* ctx) {
  ReduceData* d = ctx->data<ReduceData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Reduce: needs data and one output");
  int64_t axes[kMaxRank];
  int n = d->num_axes;
  for (int i = 0; i < n; ++i) axes[i] = d->axes[i];
  if (d->axes_input && ctx->input(1) != nullptr) {
    SPUD_CHECK_OR_RETURN(ctx->input(1)->data != nullptr, kDataDependent, "Reduce: the axes input is not known yet");
    n = read_int_list(ctx->input(1), axes, kMaxRank);
    SPUD_CHECK_OR_RETURN(n >= 0, kInvalidModel, "Reduce: axes must be a 1-D int64 list");
  }
  d->identity = n <= 0 && d->noop_with_empty_axes;
  for (int i = 0; i < kMaxRank; ++i) d->reduced[i] = n <= 0 && !d->identity;
  for (int i = 0; i < n; ++i) {
    int a = 0;
    SPUD_CHECK_OR_RETURN(normalize_axis(axes[i], x->rank, &a), kInvalidModel, "Reduce: axis out of range");
    SPUD_CHECK_OR_RETURN(!d->reduced[a], kInvalidModel, "Reduce: an axis is repeated");
    d->reduced[a] = true;
  }
  int64_t dims[kMaxRank];
  int rank = 0;
  for (int i = 0; i < x->rank; ++i) {
    if (!d->reduced[i]) dims[rank++] = x->dims[i];
    else if (d->keepdims) dims[rank++] = 1;
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "Reduce: bad shape");
  return Status::Ok();
}

// Acc provides: static T start(); static T add(T acc, T x);
// static T finish(T acc, int64_t count).
template <typename T, typename Acc>
Status eval_reduce(KernelContext* ctx) {
  const ReduceData* d = ctx->data<ReduceData>();
  const Tensor* x = ctx->input(0);
  Tensor* y = ctx->output(0);
  const T* in = x->data_as<const T>();
  T* out = y->data_as<T>();
  const int64_t total_out = y->num_elements();
  const int64_t n = x->num_elements();
  if (d->identity) {
    for (int64_t i = 0; i < n; ++i) out[i] = in[i];
    return Status::Ok();
  }
  for (int64_t i = 0; i < total_out; ++i) out[i] = Acc::template start<T>();
  // Walk every input element once, folding it into the output it reduces to.
  int64_t out_stride[kMaxRank];
  int64_t stride = 1;
  for (int i = x->rank - 1; i >= 0; --i) {
    out_stride[i] = d->reduced[i] ? 0 : stride;
    if (!d->reduced[i]) stride *= x->dims[i];
  }
  int64_t idx[kMaxRank] = {};
  int64_t o = 0;
  for (int64_t i = 0; i < n; ++i) {
    out[o] = Acc::template add<T>(out[o], in[i]);
    for (int a = x->rank - 1; a >= 0; --a) {
      ++idx[a];
      o += out_stride[a];
      if (idx[a] < x->dims[a]) break;
      o -= out_stride[a] * idx[a];
      idx[a] = 0;
    }
  }
  const int64_t count = total_out == 0 ? 0 : n / total_out;
  for (int64_t i = 0; i < total_out; ++i) out[i] = Acc::template finish<T>(out[i], count);
  return Status::Ok();
}

inline Status init_reduce_attr(KernelContext* ctx) { return init_reduce(ctx, ctx->since_version >= 18); }

// KernelDef initializer for a reduction with an `axes` attribute (an input
// from opset 18).
#define SPUD_REDUCE_DEF(op_name, since_min, since_max, T, dtype, Acc)                                  \
  {"", op_name, since_min, since_max, dtype_bit(DType::dtype), 0, sizeof(ReduceData), init_reduce_attr, \
   prepare_reduce, eval_reduce<T, Acc>}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_REDUCE_H_
