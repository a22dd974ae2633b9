// SpaceToDepth in spud's NHWC domain: X [N,H,W,C] to Y [N,H/b,W/b,C*b^2],
// input pixel (h*b+i, w*b+j) channel c going to channel (i*b+j)*C+c (DCR,
// the one order ONNX defines).
#include <string.h>

#include "nhwc_util.h"

namespace spud {
namespace kernels {
namespace {

Status init(KernelContext* ctx) {
  return parse_depth_to_space_nhwc(*ctx->attributes, false, ctx->data<BlockNhwcParams>());
}

Status prepare(KernelContext* ctx) {
  const int64_t b = ctx->data<BlockNhwcParams>()->block;
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank == 4, kInvalidModel,
                       "SpaceToDepth (NHWC): needs a 4-D X and one output");
  SPUD_CHECK_OR_RETURN(x->dims[1] % b == 0 && x->dims[2] % b == 0, kInvalidModel,
                       "SpaceToDepth (NHWC): height and width must divide by blocksize");
  int64_t dims[4] = {x->dims[0], x->dims[1] / b, x->dims[2] / b, x->dims[3]};
  SPUD_CHECK_OR_RETURN(multiply_fits(&dims[3], b * b), kInvalidModel, "SpaceToDepth (NHWC): output channels overflow");
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "SpaceToDepth (NHWC): output shape overflows");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const int64_t b = ctx->data<BlockNhwcParams>()->block;
  const Tensor* x = ctx->input(0);
  const Tensor* y = ctx->output(0);
  const int64_t batch = x->dims[0], c = x->dims[3], oh = y->dims[1], ow = y->dims[2];
  const int64_t row = static_cast<int64_t>(dtype_size(x->dtype)) * c;  // bytes of one input pixel
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = y->data_as<uint8_t>();
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t hh = 0; hh < oh; ++hh)
      for (int64_t ww = 0; ww < ow; ++ww)
        for (int64_t i = 0; i < b; ++i)
          for (int64_t j = 0; j < b; ++j) {
            const uint8_t* px = in + (((n * oh + hh) * b + i) * ow * b + ww * b + j) * row;
            uint8_t* o = out + (((n * oh + hh) * ow + ww) * b * b + i * b + j) * row;
            memcpy(o, px, static_cast<size_t>(row));
          }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kSpaceToDepthNhwcAll = {"com.spud.nhwc", "SpaceToDepth", 1, 1, kAllFixedSizeTypes, 0,
                                               sizeof(BlockNhwcParams), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
