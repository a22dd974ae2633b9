// ReverseSequence: for each batch entry b, reverse the first
// sequence_lens[b] steps along the time axis; the rest is copied.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct SeqData {
  int64_t batch_axis, time_axis;
};

Status init(KernelContext* ctx) {
  SeqData* d = ctx->data<SeqData>();
  d->batch_axis = ctx->attributes->get_int("batch_axis", 1);
  d->time_axis = ctx->attributes->get_int("time_axis", 0);
  SPUD_CHECK_OR_RETURN((d->batch_axis == 0 && d->time_axis == 1) || (d->batch_axis == 1 && d->time_axis == 0),
                       kInvalidModel, "ReverseSequence: batch_axis and time_axis must be 0 and 1");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const SeqData* d = ctx->data<SeqData>();
  const Tensor* x = ctx->input(0);
  const Tensor* lens = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && lens != nullptr && ctx->num_outputs == 1 && x->rank >= 2, kInvalidModel,
                       "ReverseSequence: needs input (rank >= 2), sequence_lens and one output");
  SPUD_CHECK_OR_RETURN(lens->dtype == DType::kInt64 && lens->rank == 1 && lens->dims[0] == x->dims[d->batch_axis],
                       kInvalidModel, "ReverseSequence: sequence_lens must be int64 [batch]");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const SeqData* d = ctx->data<SeqData>();
  const Tensor* x = ctx->input(0);
  const int64_t* lens = ctx->input(1)->data_as<const int64_t>();
  int64_t inner = 1;
  for (int i = 2; i < x->rank; ++i) inner *= x->dims[i];
  const int64_t batch = x->dims[d->batch_axis], steps = x->dims[d->time_axis];
  const size_t block = static_cast<size_t>(inner) * dtype_size(x->dtype);
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = ctx->output(0)->data_as<uint8_t>();
  auto offset = [&](int64_t b, int64_t t) {
    return static_cast<size_t>(d->batch_axis == 0 ? b * steps + t : t * batch + b) * block;
  };
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t len = lens[b] < 0 ? 0 : (lens[b] > steps ? steps : lens[b]);
    for (int64_t t = 0; t < steps; ++t) {
      const int64_t src = t < len ? len - 1 - t : t;
      memcpy(out + offset(b, t), in + offset(b, src), block);
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kReverseSequenceAll = {"", "ReverseSequence", 10, 10, kAllFixedSizeTypes, 0, sizeof(SeqData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
