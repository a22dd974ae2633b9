// DepthToSpace in spud's NHWC domain: X [N,H,W,C] to Y [N,H*b,W*b,C/b^2].
// Output pixel (h*b+i, w*b+j) channel c reads input channel (i*b+j)*C'+c
// (DCR, the default) or c*b*b+i*b+j (CRD).
#include <string.h>

#include "nhwc_util.h"

namespace spud {
namespace kernels {
namespace {

Status init(KernelContext* ctx) {
  return parse_depth_to_space_nhwc(*ctx->attributes, true, ctx->data<BlockNhwcParams>());
}

Status prepare(KernelContext* ctx) {
  const int64_t b = ctx->data<BlockNhwcParams>()->block;
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank == 4, kInvalidModel,
                       "DepthToSpace (NHWC): needs a 4-D X and one output");
  SPUD_CHECK_OR_RETURN(x->dims[3] % (b * b) == 0, kInvalidModel,
                       "DepthToSpace (NHWC): channels must divide by blocksize^2");
  int64_t dims[4] = {x->dims[0], x->dims[1], x->dims[2], x->dims[3] / (b * b)};
  SPUD_CHECK_OR_RETURN(multiply_fits(&dims[1], b) && multiply_fits(&dims[2], b), kInvalidModel,
                       "DepthToSpace (NHWC): output height or width overflows");
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "DepthToSpace (NHWC): output shape overflows");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const BlockNhwcParams* d = ctx->data<BlockNhwcParams>();
  const Tensor* x = ctx->input(0);
  const Tensor* y = ctx->output(0);
  const int64_t b = d->block, batch = x->dims[0], h = x->dims[1], w = x->dims[2], c_in = x->dims[3];
  const int64_t c = y->dims[3];
  const size_t elem = dtype_size(x->dtype);
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = y->data_as<uint8_t>();
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t hh = 0; hh < h; ++hh)
      for (int64_t i = 0; i < b; ++i)
        for (int64_t ww = 0; ww < w; ++ww)
          for (int64_t j = 0; j < b; ++j) {
            const uint8_t* px = in + ((n * h + hh) * w + ww) * c_in * static_cast<int64_t>(elem);
            uint8_t* o = out + (((n * h + hh) * b + i) * w * b + ww * b + j) * c * static_cast<int64_t>(elem);
            if (!d->crd) {
              memcpy(o, px + (i * b + j) * c * static_cast<int64_t>(elem), static_cast<size_t>(c) * elem);
              continue;
            }
            for (int64_t ch = 0; ch < c; ++ch)
              memcpy(o + ch * static_cast<int64_t>(elem), px + (ch * b * b + i * b + j) * static_cast<int64_t>(elem),
                     elem);
          }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kDepthToSpaceNhwcAll = {"com.spud.nhwc", "DepthToSpace", 1, 1, kAllFixedSizeTypes, 0,
                                               sizeof(BlockNhwcParams), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
