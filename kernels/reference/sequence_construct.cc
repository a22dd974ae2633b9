// SequenceConstruct: a sequence of its inputs, all of one type.
#include "sequence_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  SPUD_CHECK_OR_RETURN(ctx->num_inputs >= 1 && ctx->num_outputs == 1, kInvalidModel,
                       "SequenceConstruct: needs at least one input and one output");
  BlobWriter w(nullptr, static_cast<uint32_t>(ctx->num_inputs), 0);
  for (int k = 0; k < ctx->num_inputs; ++k) {
    const Tensor* x = ctx->input(k);
    SPUD_CHECK_OR_RETURN(x != nullptr && x->dtype == ctx->input(0)->dtype, kInvalidModel,
                         "SequenceConstruct: every input must be present and of one type");
    w.add(*x);
  }
  set_blob_output(ctx->output(0), w.size());
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  BlobWriter w(ctx->output(0)->data_as<uint8_t>(), static_cast<uint32_t>(ctx->num_inputs),
               static_cast<int32_t>(ctx->input(0)->dtype));
  for (int k = 0; k < ctx->num_inputs; ++k) w.add(*ctx->input(k));
  return Status::Ok();
}

}  // namespace

extern const KernelDef kSequenceConstructAll = {"", "SequenceConstruct", 11, 21, kAllFixedSizeTypes, 0, 0, nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
