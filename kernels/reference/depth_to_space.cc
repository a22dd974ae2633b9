// DepthToSpace: move blocks of channels into blocksize x blocksize spatial
// blocks. DCR (default): channel (i * b + j) * C' + c; CRD: c * b * b + i * b + j.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct BlockData {
  int64_t block;
  bool crd;
};

Status init(KernelContext* ctx) {
  BlockData* d = ctx->data<BlockData>();
  d->block = ctx->attributes->get_int("blocksize", 0);
  // Bounded so that blocksize^2 is exact; the output dims are checked in prepare.
  SPUD_CHECK_OR_RETURN(d->block >= 1 && d->block <= (int64_t{1} << 16), kInvalidModel,
                       "DepthToSpace: blocksize must be in [1, 65536]");
  const std::string_view mode = ctx->attributes->get_string("mode");
  SPUD_CHECK_OR_RETURN(mode.empty() || mode == "DCR" || mode == "CRD", kInvalidModel, "DepthToSpace: mode must be DCR or CRD");
  d->crd = mode == "CRD";
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const int64_t b = ctx->data<BlockData>()->block;
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank == 4, kInvalidModel, "DepthToSpace: needs a 4-D input");
  SPUD_CHECK_OR_RETURN(x->dims[1] % (b * b) == 0, kInvalidModel, "DepthToSpace: channels must divide by blocksize^2");
  int64_t dims[4] = {x->dims[0], x->dims[1] / (b * b), x->dims[2], x->dims[3]};
  SPUD_CHECK_OR_RETURN(multiply_fits(&dims[2], b) && multiply_fits(&dims[3], b), kInvalidModel,
                       "DepthToSpace: output height or width overflows");
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "DepthToSpace: bad shape");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const BlockData* d = ctx->data<BlockData>();
  const Tensor* x = ctx->input(0);
  const Tensor* y = ctx->output(0);
  const int64_t b = d->block, n = x->dims[0], c = y->dims[1], h = x->dims[2], w = x->dims[3];
  const size_t elem = dtype_size(x->dtype);
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = y->data_as<uint8_t>();
  for (int64_t bn = 0; bn < n; ++bn)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t i = 0; i < b; ++i)
        for (int64_t j = 0; j < b; ++j) {
          const int64_t src_c = d->crd ? ch * b * b + i * b + j : (i * b + j) * c + ch;
          for (int64_t hh = 0; hh < h; ++hh)
            for (int64_t ww = 0; ww < w; ++ww) {
              const int64_t src = ((bn * x->dims[1] + src_c) * h + hh) * w + ww;
              const int64_t dst = ((bn * c + ch) * h * b + hh * b + i) * w * b + ww * b + j;
              memcpy(out + dst * elem, in + src * elem, elem);
            }
        }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kDepthToSpaceAll = {"", "DepthToSpace", 11, 13, kAllFixedSizeTypes, 0, sizeof(BlockData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
