// Where: condition ? X : Y, element-wise with numpy broadcasting over all
// three inputs.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  BroadcastN* bc = ctx->data<BroadcastN>();
  const Tensor* ins[3] = {ctx->input(0), ctx->input(1), ctx->input(2)};
  SPUD_CHECK_OR_RETURN(ins[0] != nullptr && ins[1] != nullptr && ins[2] != nullptr && ctx->num_outputs == 1,
                       kInvalidModel, "Where: needs condition, X, Y and one output");
  SPUD_CHECK_OR_RETURN(ins[0]->dtype == DType::kBool && ins[1]->dtype == ins[2]->dtype, kInvalidModel,
                       "Where: condition must be bool and X, Y of one type");
  SPUD_CHECK_OR_RETURN(make_broadcast_n(ins, 3, bc), kInvalidModel, "Where: shapes cannot be broadcast together");
  Tensor* y = ctx->output(0);
  y->dtype = ins[1]->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, bc->rank, bc->dims), kInvalidModel, "Where: output shape overflows");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const BroadcastN& bc = *ctx->data<BroadcastN>();
  const uint8_t* cond = ctx->input(0)->data_as<const uint8_t>();
  const uint8_t* x = ctx->input(1)->data_as<const uint8_t>();
  const uint8_t* yv = ctx->input(2)->data_as<const uint8_t>();
  uint8_t* out = ctx->output(0)->data_as<uint8_t>();
  const size_t elem = dtype_size(ctx->output(0)->dtype);
  for_each_broadcast(bc, [&](int64_t i, const int64_t* off) {
    const uint8_t* src = cond[off[0]] != 0 ? x + off[1] * elem : yv + off[2] * elem;
    memcpy(out + i * elem, src, elem);
  });
  return Status::Ok();
}

}  // namespace

// Selects whole elements, so one definition serves every fixed-size type.
extern const KernelDef kWhereAll = {"", "Where", 9, 16, kAllFixedSizeTypes, 1, sizeof(BroadcastN), nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
