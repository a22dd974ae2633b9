// OptionalHasElement: whether the optional holds a value (a bool scalar);
// false for an omitted input (opset 18).
#include "sequence_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  SPUD_CHECK_OR_RETURN(ctx->num_outputs == 1, kInvalidModel, "OptionalHasElement: needs one output");
  SeqView s;
  if (ctx->input(0) != nullptr) SPUD_RETURN_IF_ERROR(read_sequence(ctx->input(0), &s));
  SPUD_CHECK_OR_RETURN(s.count <= 1, kInvalidArgument, "OptionalHasElement: the optional holds more than one value");
  Tensor* y = ctx->output(0);
  y->dtype = DType::kBool;
  y->rank = 0;
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  SeqView s;
  if (ctx->input(0) != nullptr) SPUD_RETURN_IF_ERROR(read_sequence(ctx->input(0), &s));
  *ctx->output(0)->data_as<bool>() = s.count == 1;
  return Status::Ok();
}

}  // namespace

extern const KernelDef kOptionalHasElementAll = {"", "OptionalHasElement", 15, 21, kNoTypedInput, 0, 0, nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
