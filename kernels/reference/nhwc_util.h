// spud's internal NHWC operators (domain com.spud.nhwc, since_version 1):
// what the converter's layout pass turns 2-D spatial operators into. They
// take ONNX's attributes with channels last:
//   Conv               X [N,H,W,C], W [M,kH,kW,C/group] (OHWI), B [M];
//                      also activation_min / activation_max (floats): the
//                      clamp of a fused Relu or Clip, none when absent
//   MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool   X [N,H,W,C]
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

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_NHWC_UTIL_H_
