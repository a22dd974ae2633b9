// Expand: broadcast the input to the (int64) shape input, numpy-style in both
// directions. The shape is data: a non-constant one makes the node dynamic.
#include <string.h>

#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  BroadcastN* bc = ctx->data<BroadcastN>();
  const Tensor* x = ctx->input(0);
  const Tensor* shape = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && shape != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Expand: needs input, shape and one output");
  SPUD_CHECK_OR_RETURN(shape->data != nullptr, kDataDependent, "Expand: the shape is not known yet");
  Tensor target;
  target.dtype = x->dtype;
  const int rank = read_int_list(shape, target.dims, kMaxRank);
  SPUD_CHECK_OR_RETURN(rank >= 0, kInvalidModel, "Expand: shape must be a 1-D int64 list of at most 8 values");
  target.rank = rank;
  const Tensor* both[2] = {x, &target};
  SPUD_CHECK_OR_RETURN(make_broadcast_n(both, 2, bc), kInvalidModel, "Expand: the shapes cannot be broadcast together");
  bc->count = 1;  // only the input is read
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, bc->rank, bc->dims), kInvalidModel, "Expand: invalid or overflowing shape");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const size_t elem = dtype_size(x->dtype);
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = ctx->output(0)->data_as<uint8_t>();
  for_each_broadcast(*ctx->data<BroadcastN>(),
                     [&](int64_t i, const int64_t* off) { memcpy(out + i * elem, in + off[0] * elem, elem); });
  return Status::Ok();
}

}  // namespace

extern const KernelDef kExpandAll = {"", "Expand", 8, 13, kAllFixedSizeTypes, 0, sizeof(BroadcastN), nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
