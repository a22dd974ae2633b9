// Flatten: reshape to 2-D, [prod(dims[:axis]), prod(dims[axis:])]. The bytes
// do not move, so one definition serves every fixed-size type.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct FlattenData {
  int64_t axis;
};

Status init(KernelContext* ctx) {
  ctx->data<FlattenData>()->axis = ctx->attributes->get_int("axis", 1);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Flatten: needs X and Y");
  int64_t axis = ctx->data<FlattenData>()->axis;
  if (axis < 0) axis += x->rank;
  SPUD_CHECK_OR_RETURN(axis >= 0 && axis <= x->rank, kInvalidModel, "Flatten: axis is out of range");
  int64_t dims[2] = {1, 1};
  for (int i = 0; i < x->rank; ++i) dims[i < axis ? 0 : 1] *= x->dims[i];
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, 2, dims), kInvalidModel, "Flatten: bad shape");
  return Status::Ok();
}


}  // namespace

extern const KernelDef kFlattenAll = {"", "Flatten", 1, 21, kAllFixedSizeTypes, 0,
                                      sizeof(FlattenData), init, prepare, copy_input_to_output};

}  // namespace kernels
}  // namespace spud
