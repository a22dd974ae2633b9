// GatherND: indices [..., k] address the first k dims of data (after
// batch_dims shared leading dims); each index tuple selects a slice of the
// remaining dims. Out-of-range indices fail eval.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct GatherNDData {
  int64_t batch_dims;
};

Status init(KernelContext* ctx) {
  ctx->data<GatherNDData>()->batch_dims = ctx->attributes->get_int("batch_dims", 0);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const int64_t b = ctx->data<GatherNDData>()->batch_dims;
  const Tensor* x = ctx->input(0);
  const Tensor* idx = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && idx != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "GatherND: needs data, indices and one output");
  SPUD_CHECK_OR_RETURN(idx->dtype == DType::kInt64 && idx->rank >= 1, kInvalidModel, "GatherND: indices must be int64, rank >= 1");
  const int64_t k = idx->dims[idx->rank - 1];
  SPUD_CHECK_OR_RETURN(b >= 0 && b < idx->rank && b < x->rank && k >= 1 && b + k <= x->rank, kInvalidModel,
                       "GatherND: batch_dims and the index length do not fit the data");
  for (int i = 0; i < b; ++i)
    SPUD_CHECK_OR_RETURN(x->dims[i] == idx->dims[i], kInvalidModel, "GatherND: batch dims differ");
  int64_t dims[kMaxRank];
  int rank = 0;
  for (int i = 0; i < idx->rank - 1; ++i) dims[rank++] = idx->dims[i];
  for (int64_t i = b + k; i < x->rank; ++i) {
    SPUD_CHECK_OR_RETURN(rank < kMaxRank, kUnsupported, "GatherND: output rank above 8");
    dims[rank++] = x->dims[i];
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "GatherND: bad shape");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const int64_t b = ctx->data<GatherNDData>()->batch_dims;
  const Tensor* x = ctx->input(0);
  const Tensor* idx = ctx->input(1);
  const int64_t k = idx->dims[idx->rank - 1];
  int64_t batches = 1, per_batch = 1, slice = 1;
  for (int i = 0; i < b; ++i) batches *= x->dims[i];
  for (int i = static_cast<int>(b); i < idx->rank - 1; ++i) per_batch *= idx->dims[i];
  for (int64_t i = b + k; i < x->rank; ++i) slice *= x->dims[i];
  int64_t batch_stride = 1;
  for (int64_t i = b; i < x->rank; ++i) batch_stride *= x->dims[i];
  const size_t elem = dtype_size(x->dtype);
  const int64_t* ind = idx->data_as<const int64_t>();
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = ctx->output(0)->data_as<uint8_t>();
  for (int64_t bt = 0; bt < batches; ++bt)
    for (int64_t p = 0; p < per_batch; ++p) {
      const int64_t* tuple = ind + (bt * per_batch + p) * k;
      int64_t off = 0;
      for (int64_t j = 0; j < k; ++j) {
        const int64_t dim = x->dims[b + j];
        int64_t v = tuple[j] < 0 ? tuple[j] + dim : tuple[j];
        if (v < 0 || v >= dim) return SPUD_ERROR(kInvalidArgument, "GatherND: an index is out of range");
        off = off * dim + v;
      }
      memcpy(out + (bt * per_batch + p) * slice * elem, in + (bt * batch_stride + off * slice) * elem,
             static_cast<size_t>(slice) * elem);
    }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kGatherNDAll = {"", "GatherND", 11, 13, kAllFixedSizeTypes, 0, sizeof(GatherNDData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
