// spud's internal NHWC operators (domain com.spud.nhwc, since_version 1):
// what the converter's layout pass turns 2-D spatial operators into. They
// take ONNX's attributes with channels last:
//   Conv               X [N,H,W,C], W [M,kH,kW,C/group] (OHWI), B [M];
//                      also activation_min / activation_max (floats): the
//                      clamp of a fused Relu or Clip, none when absent
//   ConvTranspose      X [N,H,W,C], W [M,kH,kW,C/group] (ONNX's
//                      [C,M/group,kH,kW] regrouped as [group][M/group][kH]
//                      [kW][C/group]), B [M]; activation_min/max as Conv
//   MaxPool, AveragePool, GlobalAveragePool   X [N,H,W,C]
//   ChannelShuffle     X [N,H,W,C], group: ShuffleNet's shuffle of the channels
//   Resize             X [N,H,W,C]; roi, scales and sizes in NHWC order
//   DepthToSpace, SpaceToDepth   X [N,H,W,C], ONNX's blocksize and mode
// Output layouts are NHWC too. The geometry is shared by every tier.
#ifndef SPUD_KERNELS_REFERENCE_NHWC_UTIL_H_
#define SPUD_KERNELS_REFERENCE_NHWC_UTIL_H_

#include "pool_util.h"

namespace spud {
namespace kernels {

constexpr int kNhwcH = kMaxSpatial - 2;  // Window slots of the two spatial axes
constexpr int kNhwcW = kMaxSpatial - 1;

struct ConvNhwcParams {
  WindowAttrs attrs;
  int64_t group;
  float activation_min;
  float activation_max;
};

inline Status parse_conv_nhwc(const NodeAttributes& a, ConvNhwcParams* p) {
  SPUD_RETURN_IF_ERROR(parse_window_attrs(a, &p->attrs));
  p->group = a.get_int("group", 1);
  p->activation_min = a.get_float("activation_min", -__builtin_inff());
  p->activation_max = a.get_float("activation_max", __builtin_inff());
  SPUD_CHECK_OR_RETURN(p->group >= 1, kInvalidModel, "Conv (NHWC): group must be >= 1");
  SPUD_CHECK_OR_RETURN(!(p->activation_min > p->activation_max), kInvalidModel,
                       "Conv (NHWC): activation_min is above activation_max");
  SPUD_CHECK_OR_RETURN(p->attrs.spatial == 0 || p->attrs.spatial == 2, kUnsupported,
                       "Conv (NHWC): only 2-D convolutions");
  return Status::Ok();
}

// Checks X, W, B and sets Y = [N, outH, outW, M].
inline Status prepare_conv_nhwc(KernelContext* ctx, const ConvNhwcParams& p, Window* win) {
  const Tensor* x = ctx->input(0);
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && w != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Conv (NHWC): needs X and W and one output");
  SPUD_CHECK_OR_RETURN(x->dtype == DType::kFloat32 && w->dtype == x->dtype && (b == nullptr || b->dtype == x->dtype),
                       kInvalidModel, "Conv (NHWC): X, W and B must be float32");
  SPUD_CHECK_OR_RETURN(x->rank == 4 && w->rank == 4, kInvalidModel, "Conv (NHWC): X and W must be 4-D");
  const int64_t c_in = x->dims[3], c_out = w->dims[0];
  SPUD_CHECK_OR_RETURN(c_in % p.group == 0 && c_out % p.group == 0 && w->dims[3] * p.group == c_in,
                       kInvalidModel, "Conv (NHWC): channels do not match group and W");
  SPUD_CHECK_OR_RETURN(b == nullptr || (b->rank == 1 && b->dims[0] == c_out), kInvalidModel,
                       "Conv (NHWC): B must be 1-D with one value per output channel");
  SPUD_CHECK_OR_RETURN(p.attrs.spatial == 0 || (p.attrs.kernel[0] == w->dims[1] && p.attrs.kernel[1] == w->dims[2]),
                       kInvalidModel, "Conv (NHWC): kernel_shape does not match W");
  *win = Window();
  const int64_t in_hw[2] = {x->dims[1], x->dims[2]};
  const int64_t k_hw[2] = {w->dims[1], w->dims[2]};
  SPUD_RETURN_IF_ERROR(resolve_window(p.attrs, 2, in_hw, k_hw, win));
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  const int64_t dims[4] = {x->dims[0], win->out[kNhwcH], win->out[kNhwcW], c_out};
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "Conv (NHWC): output shape overflows");
  return Status::Ok();
}

// MaxPool / AveragePool: Y = [N, outH, outW, C].
inline Status prepare_pool_nhwc(KernelContext* ctx, const WindowAttrs& attrs, Window* win) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "pool (NHWC): needs X and one output");
  SPUD_CHECK_OR_RETURN(x->dtype == DType::kFloat32 && x->rank == 4 && attrs.spatial == 2, kInvalidModel,
                       "pool (NHWC): X must be 4-D float32 with a 2-D kernel_shape");
  *win = Window();
  const int64_t in_hw[2] = {x->dims[1], x->dims[2]};
  SPUD_RETURN_IF_ERROR(resolve_window(attrs, 2, in_hw, attrs.kernel, win));
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  const int64_t dims[4] = {x->dims[0], win->out[kNhwcH], win->out[kNhwcW], x->dims[3]};
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "pool (NHWC): output shape overflows");
  return Status::Ok();
}

// MaxPool / AveragePool attributes: a 2-D window, and for AveragePool
// count_include_pad (without dilations).
inline Status parse_pool_nhwc(const NodeAttributes& a, bool average, WindowAttrs* w, bool* count_include_pad) {
  SPUD_RETURN_IF_ERROR(parse_window_attrs(a, w));
  SPUD_CHECK_OR_RETURN(w->spatial == 2, kInvalidModel, "pool (NHWC): a 2-D kernel_shape is required");
  SPUD_CHECK_OR_RETURN(!average || (w->dilation[0] == 1 && w->dilation[1] == 1), kUnsupported,
                       "AveragePool (NHWC): dilations are not supported");
  *count_include_pad = average && a.get_int("count_include_pad", 0) != 0;
  return Status::Ok();
}

// The end padding (H, W) that gives the window's output size with plain
// floor division, for libraries without ceil_mode. False when there is none.
inline bool end_padding_of(const Window& w, int64_t pad_end[2]) {
  const int slots[2] = {kNhwcH, kNhwcW};
  for (int a = 0; a < 2; ++a) {
    const int s = slots[a];
    const int64_t eff = (w.kernel[s] - 1) * w.dilation[s] + 1;
    pad_end[a] = (w.out[s] - 1) * w.stride[s] + eff - w.in[s] - w.pad_begin[s];
    if (pad_end[a] < 0) pad_end[a] = 0;
    if ((w.in[s] + w.pad_begin[s] + pad_end[a] - eff) / w.stride[s] + 1 != w.out[s]) return false;
  }
  return true;
}

// Global pools: Y = [N, 1, 1, C].
inline Status prepare_global_pool_nhwc(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank == 4 && x->dtype == DType::kFloat32,
                       kInvalidModel, "global pool (NHWC): needs a 4-D float32 X and one output");
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  const int64_t dims[4] = {x->dims[0], 1, 1, x->dims[3]};
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "global pool (NHWC): bad shape");
  return Status::Ok();
}

// DepthToSpace / SpaceToDepth: blocksize, and DepthToSpace's mode.
struct BlockNhwcParams {
  int64_t block;
  bool crd;
};

inline Status parse_depth_to_space_nhwc(const NodeAttributes& a, bool depth_to_space, BlockNhwcParams* p) {
  p->block = a.get_int("blocksize", 0);
  SPUD_CHECK_OR_RETURN(p->block >= 1 && p->block <= (int64_t{1} << 16), kInvalidModel,
                       "DepthToSpace/SpaceToDepth (NHWC): blocksize must be in [1, 65536]");
  const std::string_view mode = a.get_string("mode");
  SPUD_CHECK_OR_RETURN(mode.empty() || mode == "DCR" || (depth_to_space && mode == "CRD"), kInvalidModel,
                       "DepthToSpace (NHWC): mode must be DCR or CRD");
  p->crd = mode == "CRD";
  return Status::Ok();
}

// ConvTranspose: ONNX's attributes for two spatial axes, and the fused clamp.
struct ConvTransposeNhwcParams {
  int num_kernel;  // kernel_shape's length, -1 when absent
  int64_t kernel[2], stride[2], dilation[2], pads[4], out_pad[2], out_shape[2];
  int num_out_shape;
  int auto_pad;  // 0 NOTSET, 1 SAME_UPPER, 2 SAME_LOWER, 3 VALID
  int64_t group;
  float activation_min, activation_max;
};

// What prepare resolves, per spatial axis (H, W): output size and the
// padding cut from each end of the full transposed convolution.
struct ConvTransposeNhwcGeometry {
  int64_t in[2], out[2], kernel[2], pad_begin[2], pad_end[2];
};

inline Status parse_conv_transpose_nhwc(const NodeAttributes& a, ConvTransposeNhwcParams* p) {
  *p = ConvTransposeNhwcParams();
  for (int i = 0; i < 2; ++i) p->stride[i] = p->dilation[i] = 1;
  p->num_kernel = a.get_ints("kernel_shape", p->kernel, 2);
  const int strides = a.get_ints("strides", p->stride, 2), dilations = a.get_ints("dilations", p->dilation, 2);
  const int pads = a.get_ints("pads", p->pads, 4), out_pad = a.get_ints("output_padding", p->out_pad, 2);
  p->num_out_shape = a.get_ints("output_shape", p->out_shape, 2);
  SPUD_CHECK_OR_RETURN(p->num_kernel <= 2 && strides <= 2 && dilations <= 2 && pads <= 4 && out_pad <= 2 &&
                           p->num_out_shape <= 2 && (p->num_out_shape < 0 || p->num_out_shape == 2),
                       kUnsupported, "ConvTranspose (NHWC): only 2-D transposed convolutions");
  const std::string_view ap = a.get_string("auto_pad");
  p->auto_pad = ap == "SAME_UPPER" ? 1 : ap == "SAME_LOWER" ? 2 : ap == "VALID" ? 3 : 0;
  SPUD_CHECK_OR_RETURN(ap.empty() || ap == "NOTSET" || p->auto_pad != 0, kInvalidModel,
                       "ConvTranspose (NHWC): bad auto_pad");
  p->group = a.get_int("group", 1);
  p->activation_min = a.get_float("activation_min", -__builtin_inff());
  p->activation_max = a.get_float("activation_max", __builtin_inff());
  SPUD_CHECK_OR_RETURN(p->group >= 1, kInvalidModel, "ConvTranspose (NHWC): group must be >= 1");
  SPUD_CHECK_OR_RETURN(!(p->activation_min > p->activation_max), kInvalidModel,
                       "ConvTranspose (NHWC): activation_min is above activation_max");
  for (int i = 0; i < 2; ++i)
    SPUD_CHECK_OR_RETURN(p->stride[i] >= 1 && p->dilation[i] >= 1 && p->out_pad[i] >= 0, kInvalidModel,
                         "ConvTranspose (NHWC): strides and dilations must be >= 1, output_padding >= 0");
  return Status::Ok();
}

// Checks X, W, B and sets Y = [N, outH, outW, M]. The output size is ONNX's:
// stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - pads, or
// output_shape (or in * stride for SAME_*) with the padding derived from it.
inline Status prepare_conv_transpose_nhwc(KernelContext* ctx, const ConvTransposeNhwcParams& p,
                                          ConvTransposeNhwcGeometry* geo) {
  const Tensor* x = ctx->input(0);
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && w != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "ConvTranspose (NHWC): needs X and W and one output");
  SPUD_CHECK_OR_RETURN(x->dtype == DType::kFloat32 && w->dtype == x->dtype && (b == nullptr || b->dtype == x->dtype),
                       kInvalidModel, "ConvTranspose (NHWC): X, W and B must be float32");
  SPUD_CHECK_OR_RETURN(x->rank == 4 && w->rank == 4, kInvalidModel, "ConvTranspose (NHWC): X and W must be 4-D");
  const int64_t c_in = x->dims[3], c_out = w->dims[0];
  SPUD_CHECK_OR_RETURN(c_out % p.group == 0 && w->dims[3] * p.group == c_in, kInvalidModel,
                       "ConvTranspose (NHWC): channels do not match group and W");
  SPUD_CHECK_OR_RETURN(b == nullptr || (b->rank == 1 && b->dims[0] == c_out), kInvalidModel,
                       "ConvTranspose (NHWC): B must be 1-D with one value per output channel");
  for (int i = 0; i < 2; ++i) {
    const int64_t in = x->dims[1 + i], k = w->dims[1 + i], s = p.stride[i], dl = p.dilation[i];
    SPUD_CHECK_OR_RETURN(p.num_kernel <= 0 || p.kernel[i] == k, kInvalidModel,
                         "ConvTranspose (NHWC): kernel_shape does not match W");
    SPUD_CHECK_OR_RETURN(in <= (int64_t{1} << 30) && k <= (int64_t{1} << 20) && s <= (int64_t{1} << 20) &&
                             dl <= (int64_t{1} << 20) && p.out_pad[i] <= (int64_t{1} << 20) && p.pads[i] >= 0 &&
                             p.pads[i] <= (int64_t{1} << 30) && p.pads[2 + i] >= 0 && p.pads[2 + i] <= (int64_t{1} << 30) &&
                             (p.num_out_shape <= 0 || p.out_shape[i] <= (int64_t{1} << 30)),
                         kInvalidModel, "ConvTranspose (NHWC): sizes out of range");
    const int64_t full = s * (in - 1) + p.out_pad[i] + (k - 1) * dl + 1;
    int64_t pb = p.pads[i], pe = p.pads[2 + i], out;
    if (p.num_out_shape > 0 || p.auto_pad == 1 || p.auto_pad == 2) {
      out = p.num_out_shape > 0 ? p.out_shape[i] : in * s;
      // Floor division, as ONNX's reference (and the NCHW kernel).
      const int64_t total = full - out;
      const int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
      pb = p.auto_pad == 1 ? half : total - half;
      pe = total - pb;
    } else {
      if (p.auto_pad == 3) pb = pe = 0;
      out = full - pb - pe;
    }
    SPUD_CHECK_OR_RETURN(out >= 0, kInvalidModel, "ConvTranspose (NHWC): negative output size");
    geo->in[i] = in;
    geo->out[i] = out;
    geo->kernel[i] = k;
    geo->pad_begin[i] = pb;
    geo->pad_end[i] = pe;
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  const int64_t dims[4] = {x->dims[0], geo->out[0], geo->out[1], c_out};
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "ConvTranspose (NHWC): output shape overflows");
  return Status::Ok();
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_NHWC_UTIL_H_
