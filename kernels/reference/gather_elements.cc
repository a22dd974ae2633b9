// GatherElements: out[i] = data[i with its `axis` coordinate replaced by
// indices[i]]; the output has the indices' shape. Out-of-range indices fail
// eval rather than read outside the data.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct GatherElementsData {
  int64_t axis_attr;
  int axis;
};

Status init(KernelContext* ctx) {
  ctx->data<GatherElementsData>()->axis_attr = ctx->attributes->get_int("axis", 0);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  GatherElementsData* d = ctx->data<GatherElementsData>();
  const Tensor* x = ctx->input(0);
  const Tensor* idx = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && idx != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "GatherElements: needs data, indices and one output");
  SPUD_CHECK_OR_RETURN(idx->dtype == DType::kInt64 || idx->dtype == DType::kInt32, kInvalidModel,
                       "GatherElements: indices must be int32 or int64");
  SPUD_CHECK_OR_RETURN(x->rank >= 1 && idx->rank == x->rank, kInvalidModel, "GatherElements: data and indices ranks differ");
  SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &d->axis), kInvalidModel, "GatherElements: axis out of range");
  for (int i = 0; i < x->rank; ++i)
    SPUD_CHECK_OR_RETURN(i == d->axis || idx->dims[i] <= x->dims[i], kInvalidModel,
                         "GatherElements: indices larger than data off the axis");
  Tensor* y = ctx->output(0);
  copy_type_and_shape(*idx, y);
  y->dtype = x->dtype;
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const int axis = ctx->data<GatherElementsData>()->axis;
  const Tensor* x = ctx->input(0);
  const Tensor* idx = ctx->input(1);
  const size_t elem = dtype_size(x->dtype);
  int64_t stride[kMaxRank];
  int64_t s = 1;
  for (int i = x->rank - 1; i >= 0; --i) {
    stride[i] = s;
    s *= x->dims[i];
  }
  const int64_t n = idx->num_elements();
  int64_t pos[kMaxRank] = {};
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = ctx->output(0)->data_as<uint8_t>();
  for (int64_t i = 0; i < n; ++i) {
    int64_t k = idx->dtype == DType::kInt64 ? idx->data_as<const int64_t>()[i] : idx->data_as<const int32_t>()[i];
    if (k < 0) k += x->dims[axis];
    if (k < 0 || k >= x->dims[axis]) return SPUD_ERROR(kInvalidArgument, "GatherElements: an index is out of range");
    int64_t src = 0;
    for (int a = 0; a < x->rank; ++a) src += (a == axis ? k : pos[a]) * stride[a];
    memcpy(out + i * elem, in + src * elem, elem);
    for (int a = idx->rank - 1; a >= 0; --a) {
      if (++pos[a] < idx->dims[a]) break;
      pos[a] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kGatherElementsAll = {"", "GatherElements", 11, 13, kAllFixedSizeTypes, 0, sizeof(GatherElementsData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
