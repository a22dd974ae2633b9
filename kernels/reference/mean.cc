// Mean: the element-wise mean of any number of inputs (up to 8), element-wise with numpy
// broadcasting.
#include <math.h>

#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  BroadcastN* bc = ctx->data<BroadcastN>();
  SPUD_CHECK_OR_RETURN(ctx->num_inputs >= 1 && ctx->num_inputs <= kMaxBroadcastInputs && ctx->num_outputs == 1,
                       kUnsupported, "Mean: takes 1 to 8 inputs and one output");
  for (int k = 0; k < ctx->num_inputs; ++k)
    SPUD_CHECK_OR_RETURN(ctx->input(k) != nullptr && ctx->input(k)->dtype == ctx->input(0)->dtype, kInvalidModel,
                         "Mean: inputs must all be present and of one type");
  SPUD_CHECK_OR_RETURN(make_broadcast_n(ctx->inputs, ctx->num_inputs, bc), kInvalidModel,
                       "Mean: input shapes cannot be broadcast together");
  Tensor* y = ctx->output(0);
  y->dtype = ctx->input(0)->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, bc->rank, bc->dims), kInvalidModel, "Mean: output shape overflows");
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const BroadcastN& bc = *ctx->data<BroadcastN>();
  const int count = ctx->num_inputs;
  const T* ins[kMaxBroadcastInputs];
  for (int k = 0; k < count; ++k) ins[k] = ctx->input(k)->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for_each_broadcast(bc, [&](int64_t i, const int64_t* off) {
    T acc = ins[0][off[0]];
    for (int k = 1; k < count; ++k) {
      const T v = ins[k][off[k]];
      acc = static_cast<T>(acc + v);
    }
    acc = static_cast<T>(acc / static_cast<T>(count));
    out[i] = acc;
  });
  return Status::Ok();
}

}  // namespace

extern const KernelDef kMeanFloat32 = {"", "Mean", 8, 13, dtype_bit(DType::kFloat32), 0, sizeof(BroadcastN), nullptr, prepare, eval<float>};
extern const KernelDef kMeanFloat64 = {"", "Mean", 8, 13, dtype_bit(DType::kFloat64), 0, sizeof(BroadcastN), nullptr, prepare, eval<double>};

}  // namespace kernels
}  // namespace spud
