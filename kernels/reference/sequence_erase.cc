// SequenceErase: the sequence without the tensor at `position` (default:
// the last; negative counts from the end, -n..n-1).
#include "sequence_util.h"

namespace spud {
namespace kernels {
namespace {

Status write(KernelContext* ctx, uint8_t* out) {
  SeqView s;
  SPUD_RETURN_IF_ERROR(read_sequence(ctx->input(0), &s));
  SPUD_CHECK_OR_RETURN(ctx->num_outputs == 1, kInvalidModel, "SequenceErase: needs one output");
  SPUD_CHECK_OR_RETURN(s.count > 0, kInvalidArgument, "SequenceErase: the sequence is empty");
  uint32_t at = 0;
  SPUD_RETURN_IF_ERROR(seq_position(ctx->input(1), s.count, 0, s.count - 1, &at));
  BlobWriter w(out, s.count - 1, s.elem_dtype);
  for (uint32_t k = 0; k < s.count; ++k)
    if (k != at) w.add(seq_element(s, k));
  if (out == nullptr) set_blob_output(ctx->output(0), w.size());
  return Status::Ok();
}

Status prepare(KernelContext* ctx) { return write(ctx, nullptr); }
Status eval(KernelContext* ctx) { return write(ctx, ctx->output(0)->data_as<uint8_t>()); }

}  // namespace

extern const KernelDef kSequenceEraseAll = {"", "SequenceErase", 11, 21, kSequenceBlobTypes, 0, 0, nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
