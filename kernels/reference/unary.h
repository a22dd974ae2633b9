// Shared prepare/eval for element-wise unary kernels: y = op(x), same shape.
// Each operator's file defines its functor (and, for activations with
// attributes, an init reading them into UnaryParams) and its KernelDefs.
#ifndef SPUD_KERNELS_REFERENCE_UNARY_H_
#define SPUD_KERNELS_REFERENCE_UNARY_H_

#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {

// Attribute values of parameterized activations (alpha, beta, gamma...).
struct UnaryParams {
  float alpha, beta, gamma;
};

inline Status prepare_unary(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "element-wise op needs one input and one output");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

// Same, with a bool output (IsNaN, IsInf).
inline Status prepare_unary_to_bool(KernelContext* ctx) {
  SPUD_RETURN_IF_ERROR(prepare_unary(ctx));
  ctx->output(0)->dtype = DType::kBool;
  return Status::Ok();
}

template <typename T, typename Out, typename Op>
Status eval_unary(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const UnaryParams& p = *ctx->data<UnaryParams>();
  const T* in = x->data_as<const T>();
  Out* out = ctx->output(0)->data_as<Out>();
  const int64_t n = x->num_elements();
  const Op op{};
  for (int64_t i = 0; i < n; ++i) out[i] = op(in[i], p);
  return Status::Ok();
}

// A KernelDef initializer for op_name over [since_min, since_max] on type T.
#define SPUD_UNARY_DEF(op_name, since_min, since_max, T, dtype, Functor, init_fn)                 \
  {"", op_name, since_min, since_max, dtype_bit(DType::dtype), 0, sizeof(UnaryParams), init_fn, \
   prepare_unary, eval_unary<T, T, Functor>}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_UNARY_H_
