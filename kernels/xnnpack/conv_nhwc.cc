// Conv in spud's NHWC domain on XNNPACK: 2-D float32 convolution with
// constant OHWI weights, packed once at session creation, bias and the fused
// output clamp. Declines weights that are not constant.
//
// A convolution whose weights outgrow the L2 cache (the deep layers of a
// ResNet: 512 channels at 3x3 are 9 MB) is split along its output channels
// into operators whose weights fit, each writing its slice of every output
// pixel: XNNPACK walks the weights once per tile of output pixels, so each
// slice is then read from cache instead of from memory.
#include "reference/nhwc_util.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

constexpr int kMaxSlices = 16;
// Weight bytes per slice: 256 KB measured best on resnet18 and googlenet
// (against 128 KB, 512 KB and 1 MB, on a 2 MB L2).
constexpr size_t kSliceWeightBytes = 1 << 18;

struct ConvData {
  ConvNhwcParams params;
  Window window;
  xnn_operator_t op[kMaxSlices];
  int num_slices;
  int64_t slice_channels;  // output channels per slice (the last may have fewer)
  const void* set_in;  // the pointers the operators were last set up with
  void* set_out;
};

void delete_ops(ConvData* d) {
  for (int i = 0; i < kMaxSlices; ++i) xnnpack_delete(&d->op[i]);
}

Status init(KernelContext* ctx) {
  return parse_conv_nhwc(*ctx->attributes, &ctx->data<ConvData>()->params);
}

Status setup(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  const Tensor* x = ctx->input(0);
  Tensor* y = ctx->output(0);
  for (int i = 0; i < d->num_slices; ++i)
    SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_convolution2d_nhwc_f32(
        d->op[i], static_cast<size_t>(x->dims[0]), static_cast<size_t>(x->dims[1]),
        static_cast<size_t>(x->dims[2]), x->data_as<const float>(), y->data_as<float>() + i * d->slice_channels,
        xnnpack_pool(ctx))));
  d->set_in = x->data;
  d->set_out = y->data;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  SPUD_RETURN_IF_ERROR(prepare_conv_nhwc(ctx, d->params, &d->window));
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  if (!xnnpack_available() || !w->constant || (b != nullptr && !b->constant))
    return SPUD_ERROR(kDeclined, "XNNPACK Conv: needs constant weights");
  const Window& win = d->window;
  const uint32_t groups = static_cast<uint32_t>(d->params.group);
  const size_t cin_g = static_cast<size_t>(w->dims[3]);
  const size_t cout_g = static_cast<size_t>(w->dims[0]) / groups;
  delete_ops(d);
  const size_t c_out = cout_g * groups;
  const size_t per_channel = static_cast<size_t>(win.kernel[kNhwcH] * win.kernel[kNhwcW]) * cin_g * sizeof(float);
  size_t slice = c_out;
  if (groups == 1 && per_channel * c_out > kSliceWeightBytes) {
    slice = kSliceWeightBytes / per_channel / 16 * 16;  // whole 16-channel tiles
    if (slice < 16) slice = 16;
    if ((c_out + slice - 1) / slice > static_cast<size_t>(kMaxSlices)) slice = (c_out + kMaxSlices - 1) / kMaxSlices;
  }
  d->slice_channels = static_cast<int64_t>(slice);
  d->num_slices = static_cast<int>((c_out + slice - 1) / slice);
  {
    PersistentBytes held(ctx);
    const float* weights = w->data_as<const float>();
    const float* bias = b != nullptr ? b->data_as<const float>() : nullptr;
    for (int i = 0; i < d->num_slices; ++i) {
      const size_t first = static_cast<size_t>(i) * slice;
      const size_t count = first + slice <= c_out ? slice : c_out - first;
      // One operator per slice: groups stay whole (slices exist only for group 1).
      const Status st = xnnpack_status(xnn_create_convolution2d_nhwc_f32(
          static_cast<uint32_t>(win.pad_begin[kNhwcH]), static_cast<uint32_t>(win.pad_end[kNhwcW]),
          static_cast<uint32_t>(win.pad_end[kNhwcH]), static_cast<uint32_t>(win.pad_begin[kNhwcW]),
          static_cast<uint32_t>(win.kernel[kNhwcH]), static_cast<uint32_t>(win.kernel[kNhwcW]),
          static_cast<uint32_t>(win.stride[kNhwcH]), static_cast<uint32_t>(win.stride[kNhwcW]),
          static_cast<uint32_t>(win.dilation[kNhwcH]), static_cast<uint32_t>(win.dilation[kNhwcW]), groups, cin_g,
          d->num_slices == 1 ? cout_g : count, cin_g * groups, c_out, weights + first * per_channel / sizeof(float),
          bias != nullptr ? bias + first : nullptr, d->params.activation_min, d->params.activation_max, 0,
          &d->op[i]));
      if (!st.ok()) {
        delete_ops(d);
        return st;
      }
    }
    ctx->packed_inputs = (1u << 1) | (1u << 2);  // W and B live in the operators now
    // With the tensors' memory known (planned sessions), set up now so that
    // Run() finds the indirection buffers made.
    if (ctx->input(0)->data != nullptr && ctx->output(0)->data != nullptr) {
      const Status st = setup(ctx);
      if (!st.ok()) {
        delete_ops(d);
        return st;
      }
    }
  }
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  if (d->set_in != ctx->input(0)->data || d->set_out != ctx->output(0)->data) SPUD_RETURN_IF_ERROR(setup(ctx));
  for (int i = 0; i < d->num_slices; ++i) SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_run_operator(d->op[i], xnnpack_pool(ctx))));
  return Status::Ok();
}

Status release(KernelContext* ctx) {
  delete_ops(ctx->data<ConvData>());
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kConvNhwcXnnpackFloat32 = {"com.spud.nhwc", "Conv", 1, 1, dtype_bit(DType::kFloat32), 0,
                                                  sizeof(ConvData), init, prepare, eval, release};
#endif

}  // namespace kernels
}  // namespace spud
