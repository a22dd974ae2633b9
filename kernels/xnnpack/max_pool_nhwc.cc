// MaxPool in spud's NHWC domain on XNNPACK: 2-D float32 max pooling with
// strides, pads, dilations and ceil_mode (as explicit end padding).
#include "reference/nhwc_util.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

struct PoolData {
  XnnpackOperator x;  // first: the shared helpers find it there
  WindowAttrs attrs;
  Window window;
};

Status init(KernelContext* ctx) {
  bool unused;
  return parse_pool_nhwc(*ctx->attributes, false, &ctx->data<PoolData>()->attrs, &unused);
}

constexpr auto setup = setup_nhwc<xnn_setup_max_pooling2d_nhwc_f32>;

Status prepare(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  SPUD_RETURN_IF_ERROR(prepare_pool_nhwc(ctx, d->attrs, &d->window));
  const Window& w = d->window;
  // (This XNNPACK's dilated max pooling disagrees with ONNX's in tests.)
  if (!xnnpack_available() || w.dilation[kNhwcH] != 1 || w.dilation[kNhwcW] != 1)
    return SPUD_ERROR(kDeclined, "XNNPACK MaxPool: no dilations");
  // ceil_mode's extra output positions become end padding: XNNPACK computes
  // out = (in + pads - effective kernel) / stride + 1 and ignores padding
  // when taking the maximum.
  int64_t pad_end[2];
  if (!end_padding_of(w, pad_end))
    return SPUD_ERROR(kDeclined, "XNNPACK MaxPool: this geometry has no padding equivalent");
  const size_t channels = static_cast<size_t>(ctx->input(0)->dims[3]);
  xnnpack_delete(&d->x.op);
  PersistentBytes held(ctx);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_create_max_pooling2d_nhwc_f32(
      static_cast<uint32_t>(w.pad_begin[kNhwcH]), static_cast<uint32_t>(pad_end[1]), static_cast<uint32_t>(pad_end[0]),
      static_cast<uint32_t>(w.pad_begin[kNhwcW]), static_cast<uint32_t>(w.kernel[kNhwcH]),
      static_cast<uint32_t>(w.kernel[kNhwcW]), static_cast<uint32_t>(w.stride[kNhwcH]),
      static_cast<uint32_t>(w.stride[kNhwcW]), static_cast<uint32_t>(w.dilation[kNhwcH]),
      static_cast<uint32_t>(w.dilation[kNhwcW]), channels, channels, channels, -__builtin_inff(), __builtin_inff(),
      0, &d->x.op)));
  return setup_when_bound<setup>(ctx);
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMaxPoolNhwcXnnpackFloat32 = {"com.spud.nhwc", "MaxPool", 1, 1, dtype_bit(DType::kFloat32), 0,
                                                     sizeof(PoolData), init, prepare, run_operator<setup>,
                                                     release_operator};
#endif

}  // namespace kernels
}  // namespace spud
