// Optional: an optional holding `input`, or an empty one without it. An
// optional is a blob of at most one entry (sequence_util.h); holding a
// sequence, its entry is the sequence's blob.
#include "sequence_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  SPUD_CHECK_OR_RETURN(ctx->num_outputs == 1, kInvalidModel, "Optional: needs one output");
  const Tensor* x = ctx->input(0);
  BlobWriter w(nullptr, x != nullptr ? 1 : 0, 0);
  if (x != nullptr) w.add(*x);
  set_blob_output(ctx->output(0), w.size());
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  BlobWriter w(ctx->output(0)->data_as<uint8_t>(), x != nullptr ? 1 : 0, x != nullptr ? static_cast<int32_t>(x->dtype) : 0);
  if (x != nullptr) w.add(*x);
  return Status::Ok();
}

}  // namespace

extern const KernelDef kOptionalAll = {"", "Optional", 15, 21, kNoTypedInput, 0, 0, nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
