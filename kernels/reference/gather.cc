// Gather along `axis` with int32/int64 indices (negative ones count from the
// end). Indices are data: an out-of-range one fails eval, never reads past
// the input.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct GatherData {
  int64_t axis_attr;
  int axis;
  int64_t outer, extent, inner, count;
};

Status init(KernelContext* ctx) {
  ctx->data<GatherData>()->axis_attr = ctx->attributes->get_int("axis", 0);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  GatherData* d = ctx->data<GatherData>();
  const Tensor* x = ctx->input(0);
  const Tensor* idx = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && idx != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Gather: needs data, indices and one output");
  SPUD_CHECK_OR_RETURN(idx->dtype == DType::kInt64 || idx->dtype == DType::kInt32, kInvalidModel,
                       "Gather: indices must be int32 or int64");
  SPUD_CHECK_OR_RETURN(x->rank >= 1 && normalize_axis(d->axis_attr, x->rank, &d->axis), kInvalidModel,
                       "Gather: axis is out of range");
  SPUD_CHECK_OR_RETURN(x->rank - 1 + idx->rank <= kMaxRank, kUnsupported, "Gather: output rank above 8");
  int64_t dims[kMaxRank];
  int rank = 0;
  d->outer = d->inner = 1;
  for (int i = 0; i < d->axis; ++i) {
    dims[rank++] = x->dims[i];
    d->outer *= x->dims[i];
  }
  for (int i = 0; i < idx->rank; ++i) dims[rank++] = idx->dims[i];
  for (int i = d->axis + 1; i < x->rank; ++i) {
    dims[rank++] = x->dims[i];
    d->inner *= x->dims[i];
  }
  d->extent = x->dims[d->axis];
  d->count = idx->num_elements();
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "Gather: output shape overflows");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const GatherData* d = ctx->data<GatherData>();
  const Tensor* x = ctx->input(0);
  const Tensor* idx = ctx->input(1);
  const size_t block = static_cast<size_t>(d->inner) * dtype_size(x->dtype);
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = ctx->output(0)->data_as<uint8_t>();
  for (int64_t o = 0; o < d->outer; ++o) {
    for (int64_t k = 0; k < d->count; ++k) {
      int64_t i = idx->dtype == DType::kInt64 ? idx->data_as<const int64_t>()[k]
                                              : idx->data_as<const int32_t>()[k];
      if (i < 0) i += d->extent;
      if (i < 0 || i >= d->extent) return SPUD_ERROR(kInvalidArgument, "Gather: an index is out of range");
      memcpy(out + (o * d->count + k) * block, in + (o * d->extent + i) * block, block);
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kGatherAll = {"", "Gather", 1, 13, kAllFixedSizeTypes, 0, sizeof(GatherData), init,
                                     prepare, eval};

}  // namespace kernels
}  // namespace spud
