// Shared by the variadic element-wise ops Max, Min, Sum and Mean: up to 8
// inputs broadcast together (broadcast.h); each output element folds the
// inputs' elements left to right with Fold, then Fold::finish.
#ifndef SPUD_KERNELS_REFERENCE_VARIADIC_H_
#define SPUD_KERNELS_REFERENCE_VARIADIC_H_

#include <math.h>

#include "broadcast.h"
#include "cast_util.h"

namespace spud {
namespace kernels {

inline Status prepare_variadic(KernelContext* ctx) {
  BroadcastN* bc = ctx->data<BroadcastN>();
  SPUD_CHECK_OR_RETURN(ctx->num_inputs >= 1 && ctx->num_inputs <= kMaxBroadcastInputs && ctx->num_outputs == 1,
                       kUnsupported, "variadic op: takes 1 to 8 inputs and one output");
  for (int k = 0; k < ctx->num_inputs; ++k)
    SPUD_CHECK_OR_RETURN(ctx->input(k) != nullptr && ctx->input(k)->dtype == ctx->input(0)->dtype, kInvalidModel,
                         "variadic op: inputs must all be present and of one type");
  SPUD_CHECK_OR_RETURN(make_broadcast_n(ctx->inputs, ctx->num_inputs, bc), kInvalidModel,
                       "variadic op: input shapes cannot be broadcast together");
  Tensor* y = ctx->output(0);
  y->dtype = ctx->input(0)->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, bc->rank, bc->dims), kInvalidModel, "variadic op: output shape overflows");
  return Status::Ok();
}

template <typename T, typename Fold>
Status eval_variadic(KernelContext* ctx) {
  const BroadcastN& bc = *ctx->data<BroadcastN>();
  const int count = ctx->num_inputs;
  const T* ins[kMaxBroadcastInputs];
  for (int k = 0; k < count; ++k) ins[k] = ctx->input(k)->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  const Fold fold{};
  for_each_broadcast(bc, [&](int64_t i, const int64_t* off) {
    T acc = ins[0][off[0]];
    for (int k = 1; k < count; ++k) acc = fold(acc, ins[k][off[k]]);
    out[i] = fold.finish(acc, count);
  });
  return Status::Ok();
}

// float16: each element is widened to float32, folded there, and rounded
// back (round to nearest even), one result at a time.
template <typename Fold>
Status eval_variadic_half(KernelContext* ctx) {
  const BroadcastN& bc = *ctx->data<BroadcastN>();
  const int count = ctx->num_inputs;
  const uint16_t* ins[kMaxBroadcastInputs];
  for (int k = 0; k < count; ++k) ins[k] = ctx->input(k)->data_as<const uint16_t>();
  uint16_t* out = ctx->output(0)->data_as<uint16_t>();
  const Fold fold{};
  for_each_broadcast(bc, [&](int64_t i, const int64_t* off) {
    float acc = half_to_float(ins[0][off[0]]);
    for (int k = 1; k < count; ++k) acc = fold(acc, half_to_float(ins[k][off[k]]));
    out[i] = float_to_half(fold.finish(acc, count));
  });
  return Status::Ok();
}

#define SPUD_VARIADIC_DEF(op_name, T, dtype, Fold)                                                    \
  {"", op_name, 8, 13, dtype_bit(DType::dtype), 0, sizeof(BroadcastN), nullptr, prepare_variadic, \
   eval_variadic<T, Fold>}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_VARIADIC_H_
