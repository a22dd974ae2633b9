// Size: the element count of the input, as an int64 scalar.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  SPUD_CHECK_OR_RETURN(ctx->input(0) != nullptr && ctx->num_outputs == 1, kInvalidModel, "Size: needs data and one output");
  Tensor* y = ctx->output(0);
  y->dtype = DType::kInt64;
  SPUD_CHECK_OR_RETURN(set_shape(y, 0, nullptr), kInvalidModel, "Size: bad shape");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  *ctx->output(0)->data_as<int64_t>() = ctx->input(0)->num_elements();
  return Status::Ok();
}

}  // namespace

extern const KernelDef kSizeAll = {"", "Size", 1, 21, kAllFixedSizeTypes, 0, 0, nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
