// Element-wise unary kernels on Eigen's vectorized array functions:
// y = op(x) over a Map of the whole tensor, cut into one piece per thread
// when it is large. Each operator's file names the Eigen function.
#ifndef SPUD_KERNELS_EIGEN_UNARY_H_
#define SPUD_KERNELS_EIGEN_UNARY_H_

#include "eigen_support.h"

namespace spud {
namespace kernels {

inline Status prepare_unary_eigen(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "element-wise op needs one input and one output");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

// Op: a struct with `template <typename A> static auto apply(const A& x)`
// returning an Eigen array expression.
template <typename T, typename Op>
Status eval_unary_eigen(KernelContext* ctx) {
  const T* in = ctx->input(0)->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  const int64_t n = ctx->input(0)->num_elements();
  const size_t tasks = elementwise_tasks(ctx, n);
  run_tasks(ctx, tasks, [=](size_t t) {
    int64_t begin = 0, end = 0;
    task_range(n, tasks, t, &begin, &end);
    EigenArray<T>(out + begin, end - begin) = Op::apply(EigenConstArray<T>(in + begin, end - begin));
  });
  return Status::Ok();
}

#define SPUD_EIGEN_UNARY_DEF(op_name, since_min, since_max, T, dtype, Op) \
  {"", op_name, since_min, since_max, dtype_bit(DType::dtype), 0, 0, nullptr, prepare_unary_eigen, eval_unary_eigen<T, Op>}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_EIGEN_UNARY_H_
