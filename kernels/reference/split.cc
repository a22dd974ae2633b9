// Split along `axis` into the node's outputs: sizes from the `split`
// attribute (opsets 2, 11) or the optional `split` input (13; dynamic when
// not constant), else equal parts; from opset 18 `num_outputs` parts of
// ceil(extent / num_outputs), the last one smaller when it does not divide.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

constexpr int kMaxSplits = 64;

struct SplitData {
  int64_t axis_attr;
  int64_t split[kMaxSplits];
  int num_split;  // -1: none given
  int64_t num_outputs;  // opset 18's attribute; 0: none given
  int axis;
};

Status init(KernelContext* ctx) {
  SplitData* d = ctx->data<SplitData>();
  d->axis_attr = ctx->attributes->get_int("axis", 0);
  d->num_split = ctx->since_version < 13 ? ctx->attributes->get_ints("split", d->split, kMaxSplits) : -1;
  d->num_outputs = ctx->since_version >= 18 ? ctx->attributes->get_int("num_outputs", 0) : 0;
  SPUD_CHECK_OR_RETURN(d->num_outputs == 0 || d->num_outputs == ctx->num_outputs, kInvalidModel,
                       "Split: num_outputs must be the node's number of outputs");
  SPUD_CHECK_OR_RETURN(d->num_split <= kMaxSplits && ctx->num_outputs <= kMaxSplits, kUnsupported,
                       "Split: more than 64 parts");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  SplitData* d = ctx->data<SplitData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs >= 1, kInvalidModel, "Split: needs input and outputs");
  SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &d->axis), kInvalidModel, "Split: axis out of range");
  if (ctx->since_version >= 13 && ctx->input(1) != nullptr) {
    SPUD_CHECK_OR_RETURN(ctx->input(1)->data != nullptr, kDataDependent, "Split: the split input is not known yet");
    d->num_split = read_int_list(ctx->input(1), d->split, kMaxSplits);
    SPUD_CHECK_OR_RETURN(d->num_split >= 0, kInvalidModel, "Split: split must be a 1-D int64 list");
  }
  const int64_t extent = x->dims[d->axis];
  const int n = ctx->num_outputs;
  int64_t sizes[kMaxSplits];
  if (d->num_split >= 0) {
    SPUD_CHECK_OR_RETURN(d->num_split == n, kInvalidModel, "Split: split must list one size per output");
    int64_t total = 0;
    for (int i = 0; i < n; ++i) {
      SPUD_CHECK_OR_RETURN(d->split[i] >= 0, kInvalidModel, "Split: sizes must be >= 0");
      sizes[i] = d->split[i];
      total += sizes[i];
    }
    SPUD_CHECK_OR_RETURN(total == extent, kInvalidModel, "Split: sizes must add up to the axis length");
  } else if (d->num_outputs != 0) {
    SPUD_CHECK_OR_RETURN(extent >= n - 1, kInvalidModel, "Split: the axis is shorter than num_outputs - 1");
    const int64_t part = (extent + n - 1) / n;
    int64_t left = extent;
    for (int i = 0; i < n; ++i) {
      sizes[i] = left < part ? left : part;
      left -= sizes[i];
    }
  } else {
    SPUD_CHECK_OR_RETURN(extent % n == 0, kInvalidModel, "Split: the axis does not divide into equal parts");
    for (int i = 0; i < n; ++i) sizes[i] = extent / n;
  }
  for (int i = 0; i < n; ++i) {
    Tensor* y = ctx->output(i);
    if (y == nullptr) continue;
    copy_type_and_shape(*x, y);
    y->dims[d->axis] = sizes[i];
  }
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const SplitData* d = ctx->data<SplitData>();
  const Tensor* x = ctx->input(0);
  const size_t elem = dtype_size(x->dtype);
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < d->axis; ++i) outer *= x->dims[i];
  for (int i = d->axis + 1; i < x->rank; ++i) inner *= x->dims[i];
  const size_t in_row = static_cast<size_t>(x->dims[d->axis] * inner) * elem;
  const uint8_t* in = x->data_as<const uint8_t>();
  size_t offset = 0;
  for (int k = 0; k < ctx->num_outputs; ++k) {
    Tensor* y = ctx->output(k);
    const int64_t part = y != nullptr ? y->dims[d->axis] : 0;
    const size_t row = static_cast<size_t>(part * inner) * elem;
    if (y != nullptr)
      for (int64_t o = 0; o < outer; ++o) memcpy(y->data_as<uint8_t>() + o * row, in + o * in_row + offset, row);
    offset += row;
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kSplitAll = {"", "Split", 2, 18, kAllFixedSizeTypes, 0, sizeof(SplitData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
