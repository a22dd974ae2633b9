// SequenceInsert: the sequence with `tensor` inserted at `position`
// (default: at the end; negative counts from the end, -n..n).
#include "sequence_util.h"

namespace spud {
namespace kernels {
namespace {

Status write(KernelContext* ctx, uint8_t* out) {
  SeqView s;
  SPUD_RETURN_IF_ERROR(read_sequence(ctx->input(0), &s));
  const Tensor* x = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "SequenceInsert: needs a sequence and a tensor");
  const int32_t type = s.elem_dtype != 0 ? s.elem_dtype : static_cast<int32_t>(x->dtype);
  SPUD_CHECK_OR_RETURN(static_cast<int32_t>(x->dtype) == type, kInvalidArgument,
                       "SequenceInsert: the tensor's type differs from the sequence's");
  uint32_t at = 0;
  SPUD_RETURN_IF_ERROR(seq_position(ctx->input(2), s.count, 1, s.count, &at));
  SPUD_CHECK_OR_RETURN(s.count < 0x7fffffffu, kInvalidArgument, "SequenceInsert: the sequence is too long");
  BlobWriter w(out, s.count + 1, type);
  for (uint32_t k = 0; k <= s.count; ++k) {
    if (k == at) w.add(*x);
    if (k < s.count) w.add(seq_element(s, k));
  }
  if (out == nullptr) set_blob_output(ctx->output(0), w.size());
  return Status::Ok();
}

Status prepare(KernelContext* ctx) { return write(ctx, nullptr); }
Status eval(KernelContext* ctx) { return write(ctx, ctx->output(0)->data_as<uint8_t>()); }

}  // namespace

extern const KernelDef kSequenceInsertAll = {"", "SequenceInsert", 11, 21, kSequenceBlobTypes, 0, 0, nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
