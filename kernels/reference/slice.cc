// Slice (opset 10+): starts, ends, optional axes and steps as constant
// inputs; negative values count from the end, out-of-range ones clamp, and
// steps may be negative.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct SliceData {
  int64_t start[kMaxRank];
  int64_t step[kMaxRank];
};

int64_t clamp(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

Status prepare(KernelContext* ctx) {
  SliceData* d = ctx->data<SliceData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->input(1) != nullptr && ctx->input(2) != nullptr &&
                           ctx->num_outputs == 1,
                       kInvalidModel, "Slice: needs data, starts, ends and one output");
  for (int i = 1; i < 5; ++i)
    SPUD_CHECK_OR_RETURN(ctx->input(i) == nullptr || ctx->input(i)->data != nullptr, kDataDependent,
                         "Slice: starts, ends, axes or steps are not known yet");
  int64_t starts[kMaxRank], ends[kMaxRank], axes[kMaxRank], steps[kMaxRank];
  const int n = read_int_list(ctx->input(1), starts, kMaxRank);
  SPUD_CHECK_OR_RETURN(n >= 0 && read_int_list(ctx->input(2), ends, kMaxRank) == n, kInvalidModel,
                       "Slice: starts and ends must be int lists of the same length");
  if (ctx->input(3) != nullptr) {
    SPUD_CHECK_OR_RETURN(read_int_list(ctx->input(3), axes, kMaxRank) == n, kInvalidModel,
                         "Slice: axes must have as many values as starts");
  } else {
    for (int i = 0; i < n; ++i) axes[i] = i;
  }
  if (ctx->input(4) != nullptr) {
    SPUD_CHECK_OR_RETURN(read_int_list(ctx->input(4), steps, kMaxRank) == n, kInvalidModel,
                         "Slice: steps must have as many values as starts");
  } else {
    for (int i = 0; i < n; ++i) steps[i] = 1;
  }
  int64_t dims[kMaxRank];
  bool seen[kMaxRank] = {};
  for (int i = 0; i < x->rank; ++i) {
    d->start[i] = 0;
    d->step[i] = 1;
    dims[i] = x->dims[i];
  }
  for (int i = 0; i < n; ++i) {
    int a = 0;
    SPUD_CHECK_OR_RETURN(normalize_axis(axes[i], x->rank, &a) && !seen[a], kInvalidModel,
                         "Slice: axes out of range or repeated");
    seen[a] = true;
    SPUD_CHECK_OR_RETURN(steps[i] != 0, kInvalidModel, "Slice: a step is 0");
    const int64_t dim = x->dims[a];
    int64_t s = starts[i], e = ends[i];
    if (s < 0) s = s < -dim ? 0 : s + dim;  // avoids overflow on INT64_MIN
    if (e < 0) e = e < -dim ? -1 : e + dim;
    int64_t count;
    if (steps[i] > 0) {
      s = clamp(s, 0, dim);
      e = clamp(e, 0, dim);
      count = e > s ? (e - s + steps[i] - 1) / steps[i] : 0;
    } else {
      s = clamp(s, 0, dim - 1);
      e = clamp(e, -1, dim - 1);
      count = s > e ? (s - e + (-steps[i]) - 1) / (-steps[i]) : 0;
    }
    d->start[a] = s;
    d->step[a] = steps[i];
    dims[a] = count;
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "Slice: bad shape");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const SliceData* d = ctx->data<SliceData>();
  const Tensor* x = ctx->input(0);
  const Tensor& y = *ctx->output(0);
  const size_t elem = dtype_size(x->dtype);
  int64_t stride[kMaxRank];
  int64_t s = 1;
  for (int i = x->rank - 1; i >= 0; --i) {
    stride[i] = s;
    s *= x->dims[i];
  }
  const int64_t n = y.num_elements();
  if (n == 0) return Status::Ok();
  int64_t idx[kMaxRank] = {};
  int64_t src = 0;
  for (int i = 0; i < x->rank; ++i) src += d->start[i] * stride[i];
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = y.data_as<uint8_t>();
  // With step 1 on the last axis, whole rows are copied at once and the
  // odometer walks the axes before it.
  const bool rows = y.rank > 0 && d->step[y.rank - 1] == 1;
  const int64_t run = rows ? y.dims[y.rank - 1] : 1;
  const int walked = rows ? y.rank - 1 : y.rank;
  for (int64_t i = 0; i < n; i += run) {
    memcpy(out + i * elem, in + src * elem, static_cast<size_t>(run) * elem);
    for (int a = walked - 1; a >= 0; --a) {
      ++idx[a];
      src += d->step[a] * stride[a];
      if (idx[a] < y.dims[a]) break;
      src -= d->step[a] * stride[a] * idx[a];
      idx[a] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kSliceAll = {"", "Slice", 10, 13, kAllFixedSizeTypes, 0, sizeof(SliceData), nullptr,
                                    prepare, eval};

}  // namespace kernels
}  // namespace spud
