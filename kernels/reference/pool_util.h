// Window geometry shared by Conv, MaxPool, AveragePool and LpPool: attribute
// parsing and output sizes with pads, auto_pad, dilations and ceil_mode.
#ifndef SPUD_KERNELS_REFERENCE_POOL_UTIL_H_
#define SPUD_KERNELS_REFERENCE_POOL_UTIL_H_

#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {

// Spatial dimensions these helpers handle (1-D to 3-D; fewer dims occupy
// the last slots, the leading ones have size one).
constexpr int kMaxSpatial = 3;

enum class AutoPad : uint8_t { kNotSet, kSameUpper, kSameLower, kValid };

struct WindowAttrs {
  int spatial = 0;  // number of spatial dims given by kernel_shape (0: infer)
  int64_t kernel[kMaxSpatial] = {0, 0, 0};
  int64_t stride[kMaxSpatial] = {1, 1, 1};
  int64_t dilation[kMaxSpatial] = {1, 1, 1};
  int64_t pads[2 * kMaxSpatial] = {0, 0, 0, 0, 0, 0};  // begins, then ends
  AutoPad auto_pad = AutoPad::kNotSet;
  bool ceil_mode = false;
  bool has_pads = false;
};

// The geometry resolved against an input: everything eval needs.
struct Window {
  int64_t in[kMaxSpatial] = {1, 1, 1};
  int64_t out[kMaxSpatial] = {1, 1, 1};
  int64_t kernel[kMaxSpatial] = {1, 1, 1};
  int64_t stride[kMaxSpatial] = {1, 1, 1};
  int64_t dilation[kMaxSpatial] = {1, 1, 1};
  int64_t pad_begin[kMaxSpatial] = {0, 0, 0};
  int64_t pad_end[kMaxSpatial] = {0, 0, 0};
};

// The largest kernel size, stride, dilation or pad a window takes.
constexpr int64_t kMaxWindowValue = int64_t{1} << 31;

// Reads kernel_shape, strides, dilations, pads, auto_pad and ceil_mode.
inline Status parse_window_attrs(const NodeAttributes& a, WindowAttrs* w) {
  *w = WindowAttrs();  // op data arrives zero-filled, not constructed
  int64_t tmp[2 * kMaxSpatial + 1];
  const int nk = a.get_ints("kernel_shape", tmp, kMaxSpatial + 1);
  if (nk > kMaxSpatial) return SPUD_ERROR(kUnsupported, "only 1-D to 3-D windows are supported");
  if (nk > 0) {
    w->spatial = nk;
    for (int i = 0; i < nk; ++i) w->kernel[i] = tmp[i];
  }
  const int ns = a.get_ints("strides", tmp, kMaxSpatial + 1);
  if (ns > kMaxSpatial) return SPUD_ERROR(kUnsupported, "only 1-D to 3-D windows are supported");
  for (int i = 0; i < ns; ++i) w->stride[i] = tmp[i];
  const int nd = a.get_ints("dilations", tmp, kMaxSpatial + 1);
  if (nd > kMaxSpatial) return SPUD_ERROR(kUnsupported, "only 1-D to 3-D windows are supported");
  for (int i = 0; i < nd; ++i) w->dilation[i] = tmp[i];
  const int np = a.get_ints("pads", tmp, 2 * kMaxSpatial + 1);
  if (np > 2 * kMaxSpatial) return SPUD_ERROR(kUnsupported, "only 1-D to 3-D windows are supported");
  if (np > 0) {
    if (np % 2 != 0) return SPUD_ERROR(kInvalidModel, "pads must hold a begin and an end per axis");
    w->has_pads = true;
    const int half = np / 2;
    for (int i = 0; i < half; ++i) {
      w->pads[i] = tmp[i];
      w->pads[kMaxSpatial + i] = tmp[half + i];
    }
  }
  const std::string_view ap = a.get_string("auto_pad");
  if (ap.empty() || ap == "NOTSET") w->auto_pad = AutoPad::kNotSet;
  else if (ap == "SAME_UPPER") w->auto_pad = AutoPad::kSameUpper;
  else if (ap == "SAME_LOWER") w->auto_pad = AutoPad::kSameLower;
  else if (ap == "VALID") w->auto_pad = AutoPad::kValid;
  else return SPUD_ERROR(kInvalidModel, "auto_pad must be NOTSET, SAME_UPPER, SAME_LOWER or VALID");
  w->ceil_mode = a.get_int("ceil_mode", 0) != 0;
  for (int i = 0; i < kMaxSpatial; ++i) {
    if (w->stride[i] < 1 || w->dilation[i] < 1 || w->pads[i] < 0 || w->pads[kMaxSpatial + i] < 0)
      return SPUD_ERROR(kInvalidModel, "strides and dilations must be >= 1 and pads >= 0");
    // Bounded, so that the window arithmetic ((k - 1) * d + 1, in + pads)
    // cannot overflow whatever the file says.
    if (w->kernel[i] > kMaxWindowValue || w->stride[i] > kMaxWindowValue || w->dilation[i] > kMaxWindowValue ||
        w->pads[i] > kMaxWindowValue || w->pads[kMaxSpatial + i] > kMaxWindowValue)
      return SPUD_ERROR(kInvalidModel, "a kernel size, stride, dilation or pad exceeds 2^31");
  }
  return Status::Ok();
}

// Resolves the geometry for an input of `spatial` dims `in_dims` and a
// window of `kernel` sizes. Fails when the window does not fit.
inline Status resolve_window(const WindowAttrs& a, int spatial, const int64_t* in_dims,
                             const int64_t* kernel, Window* w) {
  for (int i = 0; i < spatial; ++i) {
    const int64_t in = in_dims[i];
    const int64_t k = kernel[i];
    const int64_t s = a.stride[i];
    const int64_t d = a.dilation[i];
    if (k < 1 || k > kMaxWindowValue) return SPUD_ERROR(kInvalidModel, "kernel sizes must be 1 to 2^31");
    const int64_t eff = (k - 1) * d + 1;
    int64_t pb = a.pads[i], pe = a.pads[kMaxSpatial + i];
    int64_t out = 0;
    switch (a.auto_pad) {
      case AutoPad::kSameUpper:
      case AutoPad::kSameLower: {
        out = (in + s - 1) / s;
        int64_t total = (out - 1) * s + eff - in;
        if (total < 0) total = 0;
        pb = a.auto_pad == AutoPad::kSameUpper ? total / 2 : total - total / 2;
        pe = total - pb;
        break;
      }
      case AutoPad::kValid:
        pb = pe = 0;
        [[fallthrough]];
      case AutoPad::kNotSet: {
        const int64_t span = in + pb + pe - eff;
        if (span < 0) return SPUD_ERROR(kInvalidModel, "the window is larger than the padded input");
        out = (a.ceil_mode ? (span + s - 1) / s : span / s) + 1;
        // A window must start inside the input or its leading padding.
        if (a.ceil_mode && (out - 1) * s >= in + pb) --out;
        break;
      }
    }
    const int slot = kMaxSpatial - spatial + i;  // 1-D lives in the last slot
    w->in[slot] = in;
    w->out[slot] = out;
    w->kernel[slot] = k;
    w->stride[slot] = s;
    w->dilation[slot] = d;
    w->pad_begin[slot] = pb;
    w->pad_end[slot] = pe;
  }
  return Status::Ok();
}

// The shared tail of MaxPool/AveragePool prepare: check X's rank against
// kernel_shape, resolve the window and set Y = [N, C, out...].
inline Status prepare_pool_output(KernelContext* ctx, const WindowAttrs& attrs, Window* window) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x->rank == attrs.spatial + 2, kInvalidModel,
                       "pool: X's rank must be kernel_shape's length + 2");
  *window = Window();
  SPUD_RETURN_IF_ERROR(resolve_window(attrs, attrs.spatial, x->dims + 2, attrs.kernel, window));
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  int64_t dims[2 + kMaxSpatial] = {x->dims[0], x->dims[1]};
  for (int i = 0; i < attrs.spatial; ++i) dims[2 + i] = window->out[kMaxSpatial - attrs.spatial + i];
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "pool: output shape overflows");
  return Status::Ok();
}

// prepare of the global pools: Y = [N, C, 1, ...] for X of rank >= 3.
inline Status prepare_global_pool(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank >= 3, kInvalidModel,
                       "global pool: needs X of rank >= 3 and Y");
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  int64_t dims[kMaxRank];
  for (int i = 0; i < x->rank; ++i) dims[i] = i < 2 ? x->dims[i] : 1;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "global pool: bad shape");
  return Status::Ok();
}

// LpPool's and GlobalLpPool's p: a float attribute in opset 1, an int from
// opset 2 on (default 2 in both). It must be positive.
inline Status read_lp_pool_p(const NodeAttributes& a, int since_version, double* p) {
  *p = since_version < 2 ? static_cast<double>(a.get_float("p", 2.f)) : static_cast<double>(a.get_int("p", 2));
  if (!(*p > 0) || !(*p < __builtin_inf())) return SPUD_ERROR(kInvalidModel, "LpPool: p must be positive and finite");
  return Status::Ok();
}

// Range of output positions o (along one axis) for which input position
// o*stride - pad + offset lies in [0, in): [*lo, *hi).
inline void valid_range(int64_t out, int64_t in, int64_t stride, int64_t pad, int64_t offset,
                        int64_t* lo, int64_t* hi) {
  const int64_t first = pad - offset;  // o*stride >= first
  int64_t l = first <= 0 ? 0 : (first + stride - 1) / stride;
  const int64_t last = in - 1 + pad - offset;  // o*stride <= last
  int64_t h = last < 0 ? 0 : last / stride + 1;
  if (h > out) h = out;
  if (l > h) l = h;
  *lo = l;
  *hi = h;
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_POOL_UTIL_H_
