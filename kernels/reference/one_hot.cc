// OneHot: a new axis of size `depth` at `axis` (default -1); values[1] where
// the index matches (negative indices count from depth), values[0]
// elsewhere; out-of-range indices give an all-off row. depth is data: a
// non-constant one makes the node dynamic.
#include <math.h>
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct OneHotData {
  int64_t axis_attr;
  int axis;
  int64_t depth;
};

Status init(KernelContext* ctx) {
  ctx->data<OneHotData>()->axis_attr = ctx->attributes->get_int("axis", -1);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  OneHotData* d = ctx->data<OneHotData>();
  const Tensor* idx = ctx->input(0);
  const Tensor* depth = ctx->input(1);
  const Tensor* values = ctx->input(2);
  SPUD_CHECK_OR_RETURN(idx != nullptr && depth != nullptr && values != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "OneHot: needs indices, depth, values and one output");
  SPUD_CHECK_OR_RETURN(depth->num_elements() == 1 && values->num_elements() == 2, kInvalidModel,
                       "OneHot: depth must be a scalar and values hold [off, on]");
  SPUD_CHECK_OR_RETURN(depth->data != nullptr, kDataDependent, "OneHot: depth is not known yet");
  const double dv = element_as_double(*depth, 0);
  SPUD_CHECK_OR_RETURN(dv >= 1 && dv < 9.0e15, kInvalidModel, "OneHot: depth must be >= 1");
  d->depth = static_cast<int64_t>(dv);
  const int rank = idx->rank + 1;
  SPUD_CHECK_OR_RETURN(rank <= kMaxRank && normalize_axis(d->axis_attr, rank, &d->axis), kInvalidModel,
                       "OneHot: axis out of range");
  int64_t dims[kMaxRank];
  for (int i = 0, src = 0; i < rank; ++i) dims[i] = i == d->axis ? d->depth : idx->dims[src++];
  Tensor* y = ctx->output(0);
  y->dtype = values->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "OneHot: output overflows");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const OneHotData* d = ctx->data<OneHotData>();
  const Tensor* idx = ctx->input(0);
  const Tensor* values = ctx->input(2);
  const size_t elem = dtype_size(values->dtype);
  const uint8_t* off_value = values->data_as<const uint8_t>();
  const uint8_t* on_value = off_value + elem;
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < idx->rank; ++i) (i < d->axis ? outer : inner) *= idx->dims[i];
  uint8_t* out = ctx->output(0)->data_as<uint8_t>();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < d->depth; ++k)
      for (int64_t i = 0; i < inner; ++i) {
        double v = element_as_double(*idx, o * inner + i);
        v = floor(v);
        if (v < 0) v += static_cast<double>(d->depth);
        const bool hit = v == static_cast<double>(k);
        memcpy(out + ((o * d->depth + k) * inner + i) * elem, hit ? on_value : off_value, elem);
      }
  return Status::Ok();
}

}  // namespace

// The indices may be of any numeric type; values are copied by element size.
extern const KernelDef kOneHotAll = {"", "OneHot", 9, 11, kAllFixedSizeTypes, 0, sizeof(OneHotData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
