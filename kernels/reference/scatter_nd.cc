// ScatterND: output = data, then each index tuple of indices [..., k]
// receives the matching slice of updates (replaced, or combined by
// `reduction`). Out-of-range indices fail eval.
#include "scatter_util.h"

namespace spud {
namespace kernels {
namespace {

struct ScatterNDData {
  ScatterReduction reduction;
};

Status init(KernelContext* ctx) { return parse_scatter_reduction(*ctx->attributes, ctx->since_version, &ctx->data<ScatterNDData>()->reduction); }

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const Tensor* idx = ctx->input(1);
  const Tensor* upd = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && idx != nullptr && upd != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "ScatterND: needs data, indices, updates and one output");
  SPUD_CHECK_OR_RETURN(idx->dtype == DType::kInt64 && idx->rank >= 1 && upd->dtype == x->dtype, kInvalidModel,
                       "ScatterND: indices must be int64 and updates of data's type");
  const int64_t k = idx->dims[idx->rank - 1];
  SPUD_CHECK_OR_RETURN(k >= 1 && k <= x->rank && upd->rank == idx->rank - 1 + x->rank - k, kInvalidModel,
                       "ScatterND: updates do not match indices and data");
  // updates' shape is indices.shape[:-1] + data.shape[k:], dim by dim.
  for (int i = 0; i < upd->rank; ++i) {
    const int64_t want = i < idx->rank - 1 ? idx->dims[i] : x->dims[k + (i - (idx->rank - 1))];
    SPUD_CHECK_OR_RETURN(upd->dims[i] == want, kInvalidModel,
                         "ScatterND: updates must be shaped indices.shape[:-1] + data.shape[k:]");
  }
  SPUD_CHECK_OR_RETURN(ctx->data<ScatterNDData>()->reduction == ScatterReduction::kNone || scatter_reducible(x->dtype),
                       kUnsupported, "ScatterND: reduction not supported for this type");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const Tensor* idx = ctx->input(1);
  const Tensor* upd = ctx->input(2);
  Tensor* y = ctx->output(0);
  memcpy(y->data, x->data, x->size_bytes());
  const int64_t k = idx->dims[idx->rank - 1];
  int64_t tuples = 1, slice = 1;
  for (int i = 0; i < idx->rank - 1; ++i) tuples *= idx->dims[i];
  for (int64_t i = k; i < x->rank; ++i) slice *= x->dims[i];
  const size_t elem = dtype_size(x->dtype);
  const ScatterReduction r = ctx->data<ScatterNDData>()->reduction;
  const int64_t* ind = idx->data_as<const int64_t>();
  uint8_t* out = y->data_as<uint8_t>();
  const uint8_t* src = upd->data_as<const uint8_t>();
  for (int64_t t = 0; t < tuples; ++t) {
    int64_t off = 0;
    for (int64_t j = 0; j < k; ++j) {
      int64_t v = ind[t * k + j] < 0 ? ind[t * k + j] + x->dims[j] : ind[t * k + j];
      if (v < 0 || v >= x->dims[j]) return SPUD_ERROR(kInvalidArgument, "ScatterND: an index is out of range");
      off = off * x->dims[j] + v;
    }
    for (int64_t e = 0; e < slice; ++e)
      scatter_element(x->dtype, out + (off * slice + e) * elem, src + (t * slice + e) * elem, elem, r);
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kScatterNDAll = {"", "ScatterND", 11, 18, kAllFixedSizeTypes, 0, sizeof(ScatterNDData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
