// SpaceToDepth: the inverse of DepthToSpace in DCR order: spatial
// blocksize x blocksize blocks become channels (i * b + j) * C + c.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct BlockData {
  int64_t block;
};

Status init(KernelContext* ctx) {
  const int64_t b = ctx->attributes->get_int("blocksize", 0);
  // Bounded so that blocksize^2 is exact; the output channels are checked in prepare.
  SPUD_CHECK_OR_RETURN(b >= 1 && b <= (int64_t{1} << 16), kInvalidModel, "SpaceToDepth: blocksize must be in [1, 65536]");
  ctx->data<BlockData>()->block = b;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const int64_t b = ctx->data<BlockData>()->block;
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank == 4, kInvalidModel, "SpaceToDepth: needs a 4-D input");
  SPUD_CHECK_OR_RETURN(x->dims[2] % b == 0 && x->dims[3] % b == 0, kInvalidModel,
                       "SpaceToDepth: height and width must divide by blocksize");
  int64_t dims[4] = {x->dims[0], x->dims[1], x->dims[2] / b, x->dims[3] / b};
  SPUD_CHECK_OR_RETURN(multiply_fits(&dims[1], b * b), kInvalidModel, "SpaceToDepth: output channels overflow");
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "SpaceToDepth: bad shape");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const int64_t b = ctx->data<BlockData>()->block;
  const Tensor* x = ctx->input(0);
  const Tensor* y = ctx->output(0);
  const int64_t n = x->dims[0], c = x->dims[1], h = y->dims[2], w = y->dims[3];
  const size_t elem = dtype_size(x->dtype);
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = y->data_as<uint8_t>();
  for (int64_t bn = 0; bn < n; ++bn)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t i = 0; i < b; ++i)
        for (int64_t j = 0; j < b; ++j)
          for (int64_t hh = 0; hh < h; ++hh)
            for (int64_t ww = 0; ww < w; ++ww) {
              const int64_t src = ((bn * c + ch) * h * b + hh * b + i) * w * b + ww * b + j;
              const int64_t dst = ((bn * y->dims[1] + (i * b + j) * c + ch) * h + hh) * w + ww;
              memcpy(out + dst * elem, in + src * elem, elem);
            }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kSpaceToDepthAll = {"", "SpaceToDepth", 1, 13, kAllFixedSizeTypes, 0, sizeof(BlockData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
