// OptionalGetElement: the value an optional holds (a tensor, or a
// sequence's blob); an error when it holds none.
#include "sequence_util.h"

namespace spud {
namespace kernels {
namespace {

Status element(KernelContext* ctx, Tensor* out) {
  SeqView s;
  SPUD_RETURN_IF_ERROR(read_sequence(ctx->input(0), &s));
  SPUD_CHECK_OR_RETURN(ctx->num_outputs == 1, kInvalidModel, "OptionalGetElement: needs one output");
  SPUD_CHECK_OR_RETURN(s.count == 1, kInvalidArgument, "OptionalGetElement: the optional holds no value");
  *out = seq_element(s, 0);
  return Status::Ok();
}

}  // namespace

extern const KernelDef kOptionalGetElementAll = {"", "OptionalGetElement", 15, 18, kSequenceBlobTypes,
                                        0, 0, nullptr, prepare_element_output<element>,
                                        copy_element_output<element>};

}  // namespace kernels
}  // namespace spud
