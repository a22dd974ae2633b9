// DepthToSpace in spud's NHWC domain on XNNPACK: 32-bit elements in DCR
// order (TensorFlow's, the one XNNPACK implements); CRD is declined.
#include "reference/nhwc_util.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

struct BlockXnnData {
  XnnpackOperator x;  // first: the shared helpers find it there
  BlockNhwcParams params;
};

Status init(KernelContext* ctx) {
  return parse_depth_to_space_nhwc(*ctx->attributes, true, &ctx->data<BlockXnnData>()->params);
}

Status setup(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_depth_to_space_nhwc_x32(
      xnnpack_operator(ctx)->op, static_cast<size_t>(x->dims[0]), static_cast<size_t>(x->dims[1]),
      static_cast<size_t>(x->dims[2]), x->data, ctx->output(0)->data, xnnpack_pool(ctx))));
  remember_pointers(ctx);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  BlockXnnData* d = ctx->data<BlockXnnData>();
  const Tensor* x = ctx->input(0);
  const int64_t b = d->params.block;
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank == 4, kInvalidModel,
                       "DepthToSpace (NHWC): needs a 4-D X and one output");
  if (!xnnpack_available() || dtype_size(x->dtype) != 4 || d->params.crd || b < 2 || x->dims[3] % (b * b) != 0 ||
      x->num_elements() == 0)
    return SPUD_ERROR(kDeclined, "XNNPACK DepthToSpace: 32-bit DCR only");
  int64_t dims[4] = {x->dims[0], x->dims[1], x->dims[2], x->dims[3] / (b * b)};
  SPUD_CHECK_OR_RETURN(multiply_fits(&dims[1], b) && multiply_fits(&dims[2], b), kInvalidModel,
                       "DepthToSpace (NHWC): output height or width overflows");
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "DepthToSpace (NHWC): output shape overflows");
  const size_t out_channels = static_cast<size_t>(dims[3]);
  xnnpack_delete(&d->x.op);
  PersistentBytes held(ctx);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_create_depth_to_space_nhwc_x32(
      out_channels, static_cast<size_t>(x->dims[3]), out_channels, static_cast<uint32_t>(b), 0, &d->x.op)));
  return setup_when_bound<setup>(ctx);
}

}  // namespace

extern const KernelDef kDepthToSpaceNhwcXnnpackAll = {"com.spud.nhwc", "DepthToSpace", 1, 1, kAllFixedSizeTypes, 0,
                                                      sizeof(BlockXnnData), init, prepare, run_operator<setup>,
                                                      release_operator};

}  // namespace kernels
}  // namespace spud
