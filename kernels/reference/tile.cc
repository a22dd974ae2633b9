// Tile: repeat the input repeats[i] times along each axis. The repeats are
// data: non-constant ones make the node dynamic.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const Tensor* rep = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && rep != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Tile: needs input, repeats and one output");
  SPUD_CHECK_OR_RETURN(rep->data != nullptr, kDataDependent, "Tile: the repeats are not known yet");
  int64_t r[kMaxRank];
  SPUD_CHECK_OR_RETURN(read_int_list(rep, r, kMaxRank) == x->rank, kInvalidModel, "Tile: repeats needs one value per axis");
  int64_t dims[kMaxRank];
  for (int i = 0; i < x->rank; ++i) {
    SPUD_CHECK_OR_RETURN(r[i] >= 0, kInvalidModel, "Tile: repeats must be >= 0");
    SPUD_CHECK_OR_RETURN(r[i] == 0 || x->dims[i] <= INT64_MAX / r[i], kInvalidModel, "Tile: output overflows");
    dims[i] = x->dims[i] * r[i];
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "Tile: output overflows");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
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
  int64_t idx[kMaxRank] = {};
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = y.data_as<uint8_t>();
  for (int64_t i = 0; i < n; ++i) {
    int64_t src = 0;
    for (int a = 0; a < y.rank; ++a) src += (idx[a] % x->dims[a]) * stride[a];
    memcpy(out + i * elem, in + src * elem, elem);
    for (int a = y.rank - 1; a >= 0; --a) {
      if (++idx[a] < y.dims[a]) break;
      idx[a] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kTileAll = {"", "Tile", 6, 13, kAllFixedSizeTypes, 0, 0, nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
