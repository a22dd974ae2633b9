// ScatterElements (and the deprecated Scatter, opsets 9-10, its same
// semantics without reduction): output = data, then for every position i of
// indices, output[i with its axis coordinate replaced by indices[i]] =
// updates[i] (or combined by `reduction`). Out-of-range indices fail eval.
#include "scatter_util.h"

namespace spud {
namespace kernels {
namespace {

struct ScatterData {
  int64_t axis_attr;
  int axis;
  ScatterReduction reduction;
};

Status init(KernelContext* ctx) {
  ScatterData* d = ctx->data<ScatterData>();
  d->axis_attr = ctx->attributes->get_int("axis", 0);
  return parse_scatter_reduction(*ctx->attributes, ctx->since_version, &d->reduction);
}

Status prepare(KernelContext* ctx) {
  ScatterData* d = ctx->data<ScatterData>();
  const Tensor* x = ctx->input(0);
  const Tensor* idx = ctx->input(1);
  const Tensor* upd = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && idx != nullptr && upd != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "ScatterElements: needs data, indices, updates and one output");
  SPUD_CHECK_OR_RETURN(idx->dtype == DType::kInt64 || idx->dtype == DType::kInt32, kInvalidModel,
                       "ScatterElements: indices must be int32 or int64");
  SPUD_CHECK_OR_RETURN(upd->dtype == x->dtype && same_shape(*idx, *upd) && idx->rank == x->rank, kInvalidModel,
                       "ScatterElements: updates must match indices, and both data's rank");
  SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &d->axis), kInvalidModel, "ScatterElements: axis out of range");
  for (int i = 0; i < x->rank; ++i)
    SPUD_CHECK_OR_RETURN(i == d->axis || idx->dims[i] <= x->dims[i], kInvalidModel,
                         "ScatterElements: indices larger than data off the axis");
  SPUD_CHECK_OR_RETURN(d->reduction == ScatterReduction::kNone || scatter_reducible(x->dtype), kUnsupported,
                       "ScatterElements: reduction not supported for this type");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const ScatterData* d = ctx->data<ScatterData>();
  const Tensor* x = ctx->input(0);
  const Tensor* idx = ctx->input(1);
  const Tensor* upd = ctx->input(2);
  Tensor* y = ctx->output(0);
  const size_t elem = dtype_size(x->dtype);
  memcpy(y->data, x->data, x->size_bytes());
  int64_t stride[kMaxRank];
  int64_t s = 1;
  for (int i = x->rank - 1; i >= 0; --i) {
    stride[i] = s;
    s *= x->dims[i];
  }
  const int64_t n = idx->num_elements();
  int64_t pos[kMaxRank] = {};
  uint8_t* out = y->data_as<uint8_t>();
  const uint8_t* src = upd->data_as<const uint8_t>();
  for (int64_t i = 0; i < n; ++i) {
    int64_t k = idx->dtype == DType::kInt64 ? idx->data_as<const int64_t>()[i] : idx->data_as<const int32_t>()[i];
    if (k < 0) k += x->dims[d->axis];
    if (k < 0 || k >= x->dims[d->axis]) return SPUD_ERROR(kInvalidArgument, "ScatterElements: an index is out of range");
    int64_t dst = 0;
    for (int a = 0; a < x->rank; ++a) dst += (a == d->axis ? k : pos[a]) * stride[a];
    scatter_element(x->dtype, out + dst * elem, src + i * elem, elem, d->reduction);
    for (int a = idx->rank - 1; a >= 0; --a) {
      if (++pos[a] < idx->dims[a]) break;
      pos[a] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kScatterElementsAll = {"", "ScatterElements", 11, 18, kAllFixedSizeTypes, 0, sizeof(ScatterData), init, prepare, eval};
extern const KernelDef kScatterAll = {"", "Scatter", 9, 10, kAllFixedSizeTypes, 0, sizeof(ScatterData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
