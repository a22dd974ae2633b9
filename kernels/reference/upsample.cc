// Upsample (deprecated since opset 10; Resize replaces it), nearest mode:
// out dim = floor(in * scale), out[i] = in[floor(i / scale)]. The scales are
// an input (opset 9), so non-constant ones make the node dynamic. Linear
// mode is not implemented.
#include <math.h>
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct UpsampleData {
  float scales[kMaxRank];
};

Status init(KernelContext* ctx) {
  const std::string_view mode = ctx->attributes->get_string("mode");
  SPUD_CHECK_OR_RETURN(mode.empty() || mode == "nearest", kUnsupported, "Upsample: only nearest mode is supported");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  UpsampleData* d = ctx->data<UpsampleData>();
  const Tensor* x = ctx->input(0);
  const Tensor* scales = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && scales != nullptr && ctx->num_outputs == 1, kInvalidModel, "Upsample: needs X, scales and Y");
  SPUD_CHECK_OR_RETURN(scales->dtype == DType::kFloat32 && scales->num_elements() == x->rank, kInvalidModel,
                       "Upsample: scales must be float32, one per axis");
  SPUD_CHECK_OR_RETURN(scales->data != nullptr, kDataDependent, "Upsample: the scales are not known yet");
  int64_t dims[kMaxRank];
  for (int i = 0; i < x->rank; ++i) {
    d->scales[i] = scales->data_as<const float>()[i];
    SPUD_CHECK_OR_RETURN(d->scales[i] >= 1.f, kInvalidModel, "Upsample: scales must be >= 1");
    dims[i] = static_cast<int64_t>(floor(static_cast<double>(x->dims[i]) * d->scales[i]));
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "Upsample: output overflows");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const UpsampleData* d = ctx->data<UpsampleData>();
  const Tensor* x = ctx->input(0);
  const Tensor& y = *ctx->output(0);
  const size_t elem = dtype_size(x->dtype);
  int64_t stride[kMaxRank];
  int64_t s = 1;
  for (int i = x->rank - 1; i >= 0; --i) {
    stride[i] = s;
    s *= x->dims[i];
  }
  int64_t idx[kMaxRank] = {};
  const int64_t n = y.num_elements();
  for (int64_t e = 0; e < n; ++e) {
    int64_t src = 0;
    for (int a = 0; a < y.rank; ++a) {
      int64_t c = static_cast<int64_t>(floor(static_cast<double>(idx[a]) / d->scales[a]));
      src += (c < x->dims[a] ? c : x->dims[a] - 1) * stride[a];
    }
    memcpy(y.data_as<uint8_t>() + e * elem, x->data_as<const uint8_t>() + src * elem, elem);
    for (int a = y.rank - 1; a >= 0; --a) {
      if (++idx[a] < y.dims[a]) break;
      idx[a] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kUpsampleAll = {"", "Upsample", 9, 9, kAllFixedSizeTypes, 0, sizeof(UpsampleData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
