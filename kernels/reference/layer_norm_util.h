// LayerNormalization's attributes and shapes, shared by every tier.
#ifndef SPUD_KERNELS_REFERENCE_LAYER_NORM_UTIL_H_
#define SPUD_KERNELS_REFERENCE_LAYER_NORM_UTIL_H_

#include "kernel_util.h"

namespace spud {
namespace kernels {

struct LayerNormData {
  int64_t axis_attr;
  float epsilon;
  int64_t outer, inner;  // rows, and elements per row (the normalized axes)
};

inline Status init_layer_norm(KernelContext* ctx) {
  LayerNormData* d = ctx->data<LayerNormData>();
  d->axis_attr = ctx->attributes->get_int("axis", -1);
  d->epsilon = ctx->attributes->get_float("epsilon", 1e-5f);
  return Status::Ok();
}

// Y like X; the optional Mean and InvStdDev like X with the normalized axes 1.
inline Status prepare_layer_norm(KernelContext* ctx) {
  LayerNormData* d = ctx->data<LayerNormData>();
  const Tensor* x = ctx->input(0);
  const Tensor* scale = ctx->input(1);
  const Tensor* bias = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && scale != nullptr && ctx->num_outputs >= 1, kInvalidModel,
                       "LayerNormalization: needs X, Scale and Y");
  int axis = 0;
  SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &axis), kInvalidModel, "LayerNormalization: axis out of range");
  d->outer = d->inner = 1;
  for (int i = 0; i < x->rank; ++i) (i < axis ? d->outer : d->inner) *= x->dims[i];
  SPUD_CHECK_OR_RETURN(scale->dtype == x->dtype && scale->num_elements() == d->inner &&
                           (bias == nullptr || (bias->dtype == x->dtype && bias->num_elements() == d->inner)),
                       kInvalidModel, "LayerNormalization: Scale and B must cover the normalized axes");
  copy_type_and_shape(*x, ctx->output(0));
  for (int k = 1; k <= 2; ++k) {
    Tensor* t = ctx->output(k);
    if (t == nullptr) continue;
    copy_type_and_shape(*x, t);
    for (int i = axis; i < x->rank; ++i) t->dims[i] = 1;
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_LAYER_NORM_UTIL_H_
