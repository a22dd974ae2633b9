// Concat along one axis. Copies contiguous blocks, so it works by element
// size for every fixed-size type.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct ConcatData {
  int64_t axis_attr;
  int axis;
};

Status init(KernelContext* ctx) {
  SPUD_CHECK_OR_RETURN(ctx->attributes->has("axis"), kInvalidModel, "Concat: the axis attribute is required");
  ctx->data<ConcatData>()->axis_attr = ctx->attributes->get_int("axis", 0);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ConcatData* d = ctx->data<ConcatData>();
  const Tensor* first = ctx->input(0);
  SPUD_CHECK_OR_RETURN(first != nullptr && ctx->num_outputs == 1, kInvalidModel, "Concat: needs inputs and one output");
  SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, first->rank, &d->axis), kInvalidModel,
                       "Concat: axis is out of range");
  int64_t dims[kMaxRank];
  for (int i = 0; i < first->rank; ++i) dims[i] = first->dims[i];
  dims[d->axis] = 0;
  for (int k = 0; k < ctx->num_inputs; ++k) {
    const Tensor* t = ctx->input(k);
    SPUD_CHECK_OR_RETURN(t != nullptr && t->dtype == first->dtype && t->rank == first->rank, kInvalidModel,
                         "Concat: inputs must share type and rank");
    for (int i = 0; i < t->rank; ++i)
      SPUD_CHECK_OR_RETURN(i == d->axis || t->dims[i] == first->dims[i], kInvalidModel,
                           "Concat: inputs differ outside the concat axis");
    dims[d->axis] += t->dims[d->axis];
  }
  Tensor* y = ctx->output(0);
  y->dtype = first->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, first->rank, dims), kInvalidModel, "Concat: output shape overflows");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const int axis = ctx->data<ConcatData>()->axis;
  Tensor* y = ctx->output(0);
  const size_t elem = dtype_size(y->dtype);
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < axis; ++i) outer *= y->dims[i];
  for (int i = axis + 1; i < y->rank; ++i) inner *= y->dims[i];
  const size_t out_row = static_cast<size_t>(y->dims[axis] * inner) * elem;
  uint8_t* out = y->data_as<uint8_t>();
  size_t offset = 0;
  for (int k = 0; k < ctx->num_inputs; ++k) {
    const Tensor* t = ctx->input(k);
    const size_t row = static_cast<size_t>(t->dims[axis] * inner) * elem;
    const uint8_t* in = t->data_as<const uint8_t>();
    for (int64_t o = 0; o < outer; ++o) memcpy(out + o * out_row + offset, in + o * row, row);
    offset += row;
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kConcatAll = {"", "Concat", 4, 13, kAllFixedSizeTypes, 0, sizeof(ConcatData), init,
                                     prepare, eval};

}  // namespace kernels
}  // namespace spud
