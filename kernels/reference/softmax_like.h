// Axis handling shared by Softmax, LogSoftmax and Hardmax. Opset 13+: along
// one axis (default -1). Before 13: the input is seen as 2-D,
// [prod(dims[:axis]), prod(dims[axis:])] (axis default 1), and each row is
// one lane.
#ifndef SPUD_KERNELS_REFERENCE_SOFTMAX_LIKE_H_
#define SPUD_KERNELS_REFERENCE_SOFTMAX_LIKE_H_

#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {

struct SoftmaxData {
  int64_t axis;
  int64_t outer, extent, inner;  // lanes: outer x inner, each `extent` long
};

inline Status init_softmax_like(KernelContext* ctx) {
  ctx->data<SoftmaxData>()->axis = ctx->attributes->get_int("axis", ctx->since_version >= 13 ? -1 : 1);
  return Status::Ok();
}

inline Status prepare_softmax_like(KernelContext* ctx) {
  SoftmaxData* d = ctx->data<SoftmaxData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "softmax-like op needs X and Y");
  int axis = 0;
  const bool scalar_ok = x->rank == 0 && (d->axis == 0 || d->axis == -1);
  SPUD_CHECK_OR_RETURN(scalar_ok || normalize_axis(d->axis, x->rank, &axis), kInvalidModel,
                       "softmax-like op: axis is out of range");
  d->outer = d->extent = d->inner = 1;
  for (int i = 0; i < x->rank; ++i) {
    if (i < axis) d->outer *= x->dims[i];
    else if (i == axis || ctx->since_version < 13) d->extent *= x->dims[i];
    else d->inner *= x->dims[i];
  }
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

// Calls lane(in, out, stride, extent) for every lane. Lanes of no
// elements (an empty axis: the tensor is empty) have nothing to read.
template <typename T, typename F>
void for_each_lane(const SoftmaxData& d, const T* in, T* out, F lane) {
  if (d.extent == 0) return;
  for (int64_t o = 0; o < d.outer; ++o)
    for (int64_t i = 0; i < d.inner; ++i) {
      const int64_t base = o * d.extent * d.inner + i;
      lane(in + base, out + base, d.inner, d.extent);
    }
}

// The lane's maximum, subtracted before exponentiating so exp never overflows.
template <typename T>
T lane_max(const T* in, int64_t stride, int64_t extent) {
  T top = in[0];
  for (int64_t k = 1; k < extent; ++k) top = in[k * stride] > top ? in[k * stride] : top;
  return top;
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_SOFTMAX_LIKE_H_
