// SequenceLength: the number of tensors in the sequence, an int64 scalar.
#include "sequence_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  SeqView s;
  SPUD_RETURN_IF_ERROR(read_sequence(ctx->input(0), &s));
  SPUD_CHECK_OR_RETURN(ctx->num_outputs == 1, kInvalidModel, "SequenceLength: needs one output");
  Tensor* y = ctx->output(0);
  y->dtype = DType::kInt64;
  y->rank = 0;
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  SeqView s;
  SPUD_RETURN_IF_ERROR(read_sequence(ctx->input(0), &s));
  *ctx->output(0)->data_as<int64_t>() = s.count;
  return Status::Ok();
}

}  // namespace

extern const KernelDef kSequenceLengthAll = {"", "SequenceLength", 11, 21, kSequenceBlobTypes, 0, 0, nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
