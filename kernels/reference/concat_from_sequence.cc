// ConcatFromSequence: the sequence's tensors joined along `axis`, or
// stacked along a new axis at `axis` when new_axis is 1.
#include "sequence_util.h"

namespace spud {
namespace kernels {
namespace {

struct ConcatData {
  int64_t axis;
  bool new_axis;
};

Status init(KernelContext* ctx) {
  ConcatData* d = ctx->data<ConcatData>();
  d->axis = ctx->attributes->get_int("axis", 0);
  d->new_axis = ctx->attributes->get_int("new_axis", 0) != 0;
  SPUD_CHECK_OR_RETURN(ctx->attributes->has("axis"), kInvalidModel, "ConcatFromSequence: axis is required");
  return Status::Ok();
}

// The output's shape into y and the axis, after checking every element.
Status output_shape(KernelContext* ctx, const SeqView& s, Tensor* y, int* axis_out) {
  const ConcatData* d = ctx->data<ConcatData>();
  SPUD_CHECK_OR_RETURN(s.count > 0, kInvalidArgument, "ConcatFromSequence: the sequence is empty");
  const Tensor first = seq_element(s, 0);
  const int rank = first.rank + (d->new_axis ? 1 : 0);
  int axis = 0;
  SPUD_CHECK_OR_RETURN(rank >= 1 && normalize_axis(d->axis, rank, &axis), kInvalidArgument,
                       "ConcatFromSequence: axis is out of range for the sequence's tensors");
  int64_t total = 0;
  for (uint32_t k = 0; k < s.count; ++k) {
    const Tensor e = seq_element(s, k);
    SPUD_CHECK_OR_RETURN(e.dtype == first.dtype && e.rank == first.rank, kInvalidArgument,
                         "ConcatFromSequence: the tensors differ in type or rank");
    for (int i = 0; i < e.rank; ++i)
      SPUD_CHECK_OR_RETURN(e.dims[i] == first.dims[i] || (!d->new_axis && i == axis), kInvalidArgument,
                           "ConcatFromSequence: the tensors differ in shape off the axis");
    total += d->new_axis ? 1 : e.dims[axis];
  }
  y->dtype = first.dtype;
  y->rank = rank;
  for (int i = 0; i < rank; ++i)
    y->dims[i] = i == axis ? total : first.dims[d->new_axis && i > axis ? i - 1 : i];
  SPUD_CHECK_OR_RETURN(set_shape(y, y->rank, y->dims), kInvalidArgument, "ConcatFromSequence: the result is too large");
  *axis_out = axis;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  SeqView s;
  SPUD_RETURN_IF_ERROR(read_sequence(ctx->input(0), &s));
  SPUD_CHECK_OR_RETURN(ctx->num_outputs == 1, kInvalidModel, "ConcatFromSequence: needs one output");
  int axis = 0;
  return output_shape(ctx, s, ctx->output(0), &axis);
}

Status eval(KernelContext* ctx) {
  SeqView s;
  SPUD_RETURN_IF_ERROR(read_sequence(ctx->input(0), &s));
  Tensor* y = ctx->output(0);
  int axis = 0;
  Tensor shape;
  SPUD_RETURN_IF_ERROR(output_shape(ctx, s, &shape, &axis));
  // Every element is [outer, its length on the axis, inner] with the same
  // outer and inner; the output row of one outer index is the elements'
  // runs one after another.
  const size_t esize = dtype_size(y->dtype);
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < axis; ++i) outer *= y->dims[i];
  for (int i = axis + 1; i < y->rank; ++i) inner *= y->dims[i];
  const size_t row = static_cast<size_t>(y->dims[axis] * inner) * esize;
  uint8_t* dst = y->data_as<uint8_t>();
  size_t at = 0;
  for (uint32_t k = 0; k < s.count; ++k) {
    const Tensor e = seq_element(s, k);
    const size_t run = static_cast<size_t>((ctx->data<ConcatData>()->new_axis ? 1 : e.dims[axis]) * inner) * esize;
    const uint8_t* src = static_cast<const uint8_t*>(e.data);
    for (int64_t o = 0; o < outer; ++o) memcpy(dst + o * row + at, src + o * run, run);
    at += run;
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kConcatFromSequenceAll = {"", "ConcatFromSequence", 11, 21, kSequenceBlobTypes, 0, sizeof(ConcatData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
