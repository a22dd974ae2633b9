// CenterCropPad (opset 18): each axis in `axes` (all by default) is cropped
// or zero-padded to the size the `shape` input gives it, centered; an odd
// difference puts the extra element at the end.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct CropPadData {
  int num_axes;  // -1: every axis
  int64_t axes[kMaxRank];
  int64_t offset[kMaxRank];  // output index - input index, per axis
};

Status init(KernelContext* ctx) {
  CropPadData* d = ctx->data<CropPadData>();
  d->num_axes = ctx->attributes->has("axes") ? ctx->attributes->get_ints("axes", d->axes, kMaxRank + 1) : -1;
  SPUD_CHECK_OR_RETURN(d->num_axes <= kMaxRank, kInvalidModel, "CenterCropPad: too many axes");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  CropPadData* d = ctx->data<CropPadData>();
  const Tensor* x = ctx->input(0);
  const Tensor* shape = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && shape != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "CenterCropPad: needs input_data, shape and one output");
  SPUD_CHECK_OR_RETURN(shape->data != nullptr, kDataDependent, "CenterCropPad: the shape is not known yet");
  int64_t sizes[kMaxRank];
  const int n = read_int_list(shape, sizes, kMaxRank);
  const int want = d->num_axes < 0 ? x->rank : d->num_axes;
  SPUD_CHECK_OR_RETURN(n == want, kInvalidModel, "CenterCropPad: shape must hold one size per axis");
  int64_t dims[kMaxRank];
  bool seen[kMaxRank] = {};
  for (int i = 0; i < x->rank; ++i) {
    dims[i] = x->dims[i];
    d->offset[i] = 0;
  }
  for (int i = 0; i < n; ++i) {
    int a = i;
    if (d->num_axes >= 0)
      SPUD_CHECK_OR_RETURN(normalize_axis(d->axes[i], x->rank, &a), kInvalidModel, "CenterCropPad: an axis is out of range");
    SPUD_CHECK_OR_RETURN(!seen[a] && sizes[i] >= 0, kInvalidModel, "CenterCropPad: repeated axis or negative size");
    seen[a] = true;
    dims[a] = sizes[i];
    // Cropping starts floor(diff / 2) in; padding puts floor(diff / 2) before.
    d->offset[a] = sizes[i] >= x->dims[a] ? (sizes[i] - x->dims[a]) / 2 : -((x->dims[a] - sizes[i]) / 2);
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "CenterCropPad: output overflows");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const CropPadData* d = ctx->data<CropPadData>();
  const Tensor* x = ctx->input(0);
  const Tensor& y = *ctx->output(0);
  const size_t elem = dtype_size(x->dtype);
  int64_t stride[kMaxRank];
  int64_t s = 1;
  for (int i = x->rank - 1; i >= 0; --i) {
    stride[i] = s;
    s *= x->dims[i];
  }
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = y.data_as<uint8_t>();
  const int64_t total = y.num_elements();
  int64_t idx[kMaxRank] = {};
  for (int64_t e = 0; e < total; ++e) {
    int64_t src = 0;
    bool inside = true;
    for (int a = 0; a < y.rank && inside; ++a) {
      const int64_t i = idx[a] - d->offset[a];
      inside = i >= 0 && i < x->dims[a];
      src += i * stride[a];
    }
    if (inside) memcpy(out + e * elem, in + src * elem, elem);
    else memset(out + e * elem, 0, elem);
    for (int a = y.rank - 1; a >= 0; --a) {
      if (++idx[a] < y.dims[a]) break;
      idx[a] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kCenterCropPadAll = {"", "CenterCropPad", 18, 18, kAllFixedSizeTypes, 0, sizeof(CropPadData),
                                            init, prepare, eval};

}  // namespace kernels
}  // namespace spud
