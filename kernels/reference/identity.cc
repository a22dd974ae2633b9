// Identity: a copy. The converter removes most of them; it keeps one only
// when a graph input or constant is also a graph output.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Identity: needs X and Y");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}


}  // namespace

extern const KernelDef kIdentityAll = {"", "Identity", 1, 21, kAllFixedSizeTypes, 0, 0, nullptr, prepare, copy_input_to_output};

}  // namespace kernels
}  // namespace spud
