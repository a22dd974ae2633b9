// AveragePool in spud's NHWC domain on XNNPACK: 2-D float32 average pooling
// with strides, pads and ceil_mode. XNNPACK leaves padding out of the count,
// so a node that counts it (count_include_pad with pads) is declined.
#include "reference/nhwc_util.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

struct PoolData {
  XnnpackOperator x;  // first: the shared helpers find it there
  WindowAttrs attrs;
  bool count_include_pad;
  Window window;
};

Status init(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  return parse_pool_nhwc(*ctx->attributes, true, &d->attrs, &d->count_include_pad);
}

constexpr auto setup = setup_nhwc<xnn_setup_average_pooling2d_nhwc_f32>;

Status prepare(KernelContext* ctx) {
  PoolData* d = ctx->data<PoolData>();
  SPUD_RETURN_IF_ERROR(prepare_pool_nhwc(ctx, d->attrs, &d->window));
  const Window& w = d->window;
  if (!xnnpack_available() || w.dilation[kNhwcH] != 1 || w.dilation[kNhwcW] != 1)
    return SPUD_ERROR(kDeclined, "XNNPACK AveragePool: no dilations");
  int64_t pad_end[2];
  if (!end_padding_of(w, pad_end))
    return SPUD_ERROR(kDeclined, "XNNPACK AveragePool: this geometry has no padding equivalent");
  const bool padded = w.pad_begin[kNhwcH] > 0 || w.pad_begin[kNhwcW] > 0 || pad_end[0] > 0 || pad_end[1] > 0;
  if (padded && d->count_include_pad)
    return SPUD_ERROR(kDeclined, "XNNPACK AveragePool: padding left out of the count only");
  const size_t channels = static_cast<size_t>(ctx->input(0)->dims[3]);
  xnnpack_delete(&d->x.op);
  PersistentBytes held(ctx);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_create_average_pooling2d_nhwc_f32(
      static_cast<uint32_t>(w.pad_begin[kNhwcH]), static_cast<uint32_t>(pad_end[1]), static_cast<uint32_t>(pad_end[0]),
      static_cast<uint32_t>(w.pad_begin[kNhwcW]), static_cast<uint32_t>(w.kernel[kNhwcH]),
      static_cast<uint32_t>(w.kernel[kNhwcW]), static_cast<uint32_t>(w.stride[kNhwcH]),
      static_cast<uint32_t>(w.stride[kNhwcW]), channels, channels, channels, -__builtin_inff(), __builtin_inff(), 0,
      &d->x.op)));
  return setup_when_bound<setup>(ctx);
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAveragePoolNhwcXnnpackFloat32 = {"com.spud.nhwc", "AveragePool", 1, 1,
                                                         dtype_bit(DType::kFloat32), 0, sizeof(PoolData), init,
                                                         prepare, run_operator<setup>, release_operator};
#endif

}  // namespace kernels
}  // namespace spud
