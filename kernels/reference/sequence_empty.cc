// SequenceEmpty: a sequence of no tensors, of type `dtype` (float32 when
// absent). Sequences are blobs (sequence_util.h).
#include "sequence_util.h"

namespace spud {
namespace kernels {
namespace {

struct EmptyData {
  int32_t dtype;
};

Status init(KernelContext* ctx) {
  const int64_t dtype = ctx->attributes->get_int("dtype", static_cast<int64_t>(DType::kFloat32));
  SPUD_CHECK_OR_RETURN(dtype > 0 && dtype < 32 && dtype_size(static_cast<DType>(dtype)) > 0, kUnsupported,
                       "SequenceEmpty: dtype is not a type the runtime can hold");
  ctx->data<EmptyData>()->dtype = static_cast<int32_t>(dtype);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  SPUD_CHECK_OR_RETURN(ctx->num_outputs == 1, kInvalidModel, "SequenceEmpty: needs one output");
  set_blob_output(ctx->output(0), BlobWriter(nullptr, 0, 0).size());
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  BlobWriter w(ctx->output(0)->data_as<uint8_t>(), 0, ctx->data<EmptyData>()->dtype);
  (void)w;
  return Status::Ok();
}

}  // namespace

extern const KernelDef kSequenceEmptyAll = {"", "SequenceEmpty", 11, 21, kNoTypedInput, 0, sizeof(EmptyData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
