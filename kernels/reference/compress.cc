// Compress: keep the slices along `axis` (or the elements of the flattened
// input, without axis) whose condition is true; a condition shorter than the
// axis counts as false past its end. The size depends on the condition's
// values, so a non-constant condition makes the node dynamic.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct CompressData {
  bool has_axis;
  int64_t axis_attr;
  int axis;
};

Status init(KernelContext* ctx) {
  CompressData* d = ctx->data<CompressData>();
  d->has_axis = ctx->attributes->has("axis");
  d->axis_attr = ctx->attributes->get_int("axis", 0);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  CompressData* d = ctx->data<CompressData>();
  const Tensor* x = ctx->input(0);
  const Tensor* cond = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && cond != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Compress: needs input, condition and one output");
  SPUD_CHECK_OR_RETURN(cond->dtype == DType::kBool && cond->rank == 1, kInvalidModel, "Compress: condition must be 1-D bool");
  SPUD_CHECK_OR_RETURN(cond->data != nullptr, kDataDependent, "Compress: the condition is not known yet");
  const int64_t extent = d->has_axis ? 0 : x->num_elements();
  if (d->has_axis)
    SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &d->axis), kInvalidModel, "Compress: axis out of range");
  const int64_t len = d->has_axis ? x->dims[d->axis] : extent;
  SPUD_CHECK_OR_RETURN(cond->dims[0] <= len, kInvalidModel, "Compress: condition is longer than the axis");
  int64_t kept = 0;
  for (int64_t i = 0; i < cond->dims[0]; ++i) kept += cond->data_as<const uint8_t>()[i] != 0;
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  if (!d->has_axis) {
    SPUD_CHECK_OR_RETURN(set_shape(y, 1, &kept), kInvalidModel, "Compress: bad shape");
  } else {
    int64_t dims[kMaxRank];
    for (int i = 0; i < x->rank; ++i) dims[i] = i == d->axis ? kept : x->dims[i];
    SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "Compress: bad shape");
  }
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const CompressData* d = ctx->data<CompressData>();
  const Tensor* x = ctx->input(0);
  const Tensor* cond = ctx->input(1);
  const uint8_t* c = cond->data_as<const uint8_t>();
  const size_t elem = dtype_size(x->dtype);
  int64_t outer = 1, inner = 1, extent = x->num_elements();
  if (d->has_axis) {
    extent = x->dims[d->axis];
    for (int i = 0; i < d->axis; ++i) outer *= x->dims[i];
    for (int i = d->axis + 1; i < x->rank; ++i) inner *= x->dims[i];
  }
  const size_t block = static_cast<size_t>(inner) * elem;
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = ctx->output(0)->data_as<uint8_t>();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < cond->dims[0]; ++k)
      if (c[k] != 0) {
        memcpy(out, in + (o * extent + k) * block, block);
        out += block;
      }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kCompressAll = {"", "Compress", 9, 11, kAllFixedSizeTypes, 0, sizeof(CompressData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
