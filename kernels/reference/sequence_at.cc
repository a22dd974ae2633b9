// SequenceAt: the tensor at `position` (negative counts from the end).
#include "sequence_util.h"

namespace spud {
namespace kernels {
namespace {

Status element(KernelContext* ctx, Tensor* out) {
  SeqView s;
  SPUD_RETURN_IF_ERROR(read_sequence(ctx->input(0), &s));
  SPUD_CHECK_OR_RETURN(ctx->input(1) != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "SequenceAt: needs a sequence and a position");
  uint32_t at = 0;
  SPUD_RETURN_IF_ERROR(seq_position(ctx->input(1), s.count, 0, 0, &at));
  *out = seq_element(s, at);
  return Status::Ok();
}

}  // namespace

extern const KernelDef kSequenceAtAll = {"", "SequenceAt", 11, 21, kSequenceBlobTypes,
                                        0, 0, nullptr, prepare_element_output<element>,
                                        copy_element_output<element>};

}  // namespace kernels
}  // namespace spud
