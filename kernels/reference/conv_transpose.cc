// ConvTranspose over NC[D]HW (1-D to 3-D spatial): each input pixel scatters
// its weighted kernel into the output. Output size per axis:
// stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - pads, or the
// output_shape attribute (with the padding derived from it as ONNX
// specifies), or in * stride for SAME_UPPER/SAME_LOWER.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

constexpr int kMax = 3;  // spatial dims

struct ConvTData {
  int spatial_attr;  // kernel_shape's length, -1 when absent
  int64_t kernel[kMax], stride[kMax], dilation[kMax], pads[2 * kMax], out_pad[kMax], out_shape[kMax];
  int num_out_shape;
  int auto_pad;  // 0 NOTSET, 1 SAME_UPPER, 2 SAME_LOWER, 3 VALID
  int64_t group;
  // Resolved in prepare, as 3-D (leading 1s for fewer dims).
  int64_t in[kMax], out[kMax], k[kMax], s[kMax], dl[kMax], pb[kMax];
};

int read(const NodeAttributes& a, const char* name, int64_t* out, int max) {
  int64_t tmp[2 * kMax + 1];
  const int n = a.get_ints(name, tmp, 2 * kMax + 1);
  for (int i = 0; i < n && i < max; ++i) out[i] = tmp[i];
  return n;
}

Status init(KernelContext* ctx) {
  ConvTData* d = ctx->data<ConvTData>();
  const NodeAttributes& a = *ctx->attributes;
  for (int i = 0; i < kMax; ++i) d->stride[i] = d->dilation[i] = 1;
  d->spatial_attr = read(a, "kernel_shape", d->kernel, kMax);
  SPUD_CHECK_OR_RETURN(d->spatial_attr <= kMax && read(a, "strides", d->stride, kMax) <= kMax &&
                           read(a, "dilations", d->dilation, kMax) <= kMax && read(a, "pads", d->pads, 2 * kMax) <= 2 * kMax &&
                           read(a, "output_padding", d->out_pad, kMax) <= kMax,
                       kUnsupported, "ConvTranspose: at most 3 spatial dims");
  d->num_out_shape = read(a, "output_shape", d->out_shape, kMax);
  SPUD_CHECK_OR_RETURN(d->num_out_shape <= kMax, kUnsupported, "ConvTranspose: at most 3 spatial dims");
  const std::string_view ap = a.get_string("auto_pad");
  d->auto_pad = ap == "SAME_UPPER" ? 1 : ap == "SAME_LOWER" ? 2 : ap == "VALID" ? 3 : 0;
  SPUD_CHECK_OR_RETURN(ap.empty() || ap == "NOTSET" || d->auto_pad != 0, kInvalidModel, "ConvTranspose: bad auto_pad");
  d->group = a.get_int("group", 1);
  SPUD_CHECK_OR_RETURN(d->group >= 1, kInvalidModel, "ConvTranspose: group must be >= 1");
  for (int i = 0; i < kMax; ++i)
    SPUD_CHECK_OR_RETURN(d->stride[i] >= 1 && d->dilation[i] >= 1, kInvalidModel, "ConvTranspose: strides and dilations must be >= 1");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ConvTData* d = ctx->data<ConvTData>();
  const Tensor* x = ctx->input(0);
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && w != nullptr && ctx->num_outputs == 1 && x->rank >= 3 && w->rank == x->rank,
                       kInvalidModel, "ConvTranspose: needs X and W of one rank >= 3");
  const int sp = x->rank - 2;
  SPUD_CHECK_OR_RETURN(sp <= kMax, kUnsupported, "ConvTranspose: at most 3 spatial dims");
  SPUD_CHECK_OR_RETURN(w->dims[0] == x->dims[1] && x->dims[1] % d->group == 0, kInvalidModel,
                       "ConvTranspose: W's first dim must be X's channels, divisible by group");
  const int64_t m = w->dims[1] * d->group;
  SPUD_CHECK_OR_RETURN(b == nullptr || (b->rank == 1 && b->dims[0] == m), kInvalidModel, "ConvTranspose: B must be [M]");
  int64_t dims[2 + kMax] = {x->dims[0], m};
  for (int i = 0; i < kMax; ++i) d->in[i] = d->out[i] = d->k[i] = d->s[i] = d->dl[i] = 1, d->pb[i] = 0;
  for (int i = 0; i < sp; ++i) {
    const int slot = kMax - sp + i;
    const int64_t in = x->dims[2 + i], k = w->dims[2 + i], s = d->stride[i], dl = d->dilation[i];
    SPUD_CHECK_OR_RETURN(d->spatial_attr <= 0 || d->kernel[i] == k, kInvalidModel, "ConvTranspose: kernel_shape does not match W");
    // Bounded, so that the output-size arithmetic cannot overflow.
    constexpr int64_t kBig = int64_t{1} << 30, kSmall = int64_t{1} << 20;
    SPUD_CHECK_OR_RETURN(in <= kBig && k <= kSmall && s <= kSmall && dl <= kSmall && d->out_pad[i] >= 0 &&
                             d->out_pad[i] <= kSmall && d->pads[i] >= 0 && d->pads[i] <= kBig && d->pads[sp + i] >= 0 &&
                             d->pads[sp + i] <= kBig && (d->num_out_shape <= 0 || d->out_shape[i] <= kBig),
                         kInvalidModel, "ConvTranspose: a size, stride, dilation, pad or output_shape is out of range");
    const int64_t full = s * (in - 1) + d->out_pad[i] + (k - 1) * dl + 1;
    int64_t pb = d->pads[i], pe = d->pads[sp + i], out;
    if (d->num_out_shape > 0 || d->auto_pad == 1 || d->auto_pad == 2) {
      out = d->num_out_shape > 0 ? d->out_shape[i] : in * s;
      // Floor division, as ONNX's reference: a total of -1 (output_shape one
      // larger than the full output) extends the end, not the start.
      const int64_t total = full - out;
      const int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
      pb = d->auto_pad == 1 ? half : total - half;
      pe = total - pb;
    } else {
      if (d->auto_pad == 3) pb = pe = 0;
      out = full - pb - pe;
    }
    SPUD_CHECK_OR_RETURN(out >= 0, kInvalidModel, "ConvTranspose: negative output size");
    d->in[slot] = in;
    d->out[slot] = out;
    d->k[slot] = k;
    d->s[slot] = s;
    d->dl[slot] = dl;
    d->pb[slot] = pb;
    dims[2 + i] = out;
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "ConvTranspose: output overflows");
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const ConvTData* d = ctx->data<ConvTData>();
  const Tensor* x = ctx->input(0);
  const Tensor* w = ctx->input(1);
  const T* in = x->data_as<const T>();
  const T* wt = w->data_as<const T>();
  const T* bias = ctx->input(2) != nullptr ? ctx->input(2)->data_as<const T>() : nullptr;
  Tensor* y = ctx->output(0);
  T* out = y->data_as<T>();
  const int64_t n = x->dims[0], c = x->dims[1], m = y->dims[1];
  const int64_t cg = c / d->group, mg = m / d->group;
  const int64_t in_size = d->in[0] * d->in[1] * d->in[2], out_size = d->out[0] * d->out[1] * d->out[2];
  const int64_t ksize = d->k[0] * d->k[1] * d->k[2];
  for (int64_t b = 0; b < n; ++b)
    for (int64_t oc = 0; oc < m; ++oc)
      for (int64_t i = 0; i < out_size; ++i) out[(b * m + oc) * out_size + i] = bias != nullptr ? bias[oc] : T(0);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ic = 0; ic < c; ++ic) {
      const int64_t g = ic / cg;
      const T* plane = in + (b * c + ic) * in_size;
      for (int64_t ocg = 0; ocg < mg; ++ocg) {
        const int64_t oc = g * mg + ocg;
        const T* kern = wt + (ic * mg + ocg) * ksize;
        T* o = out + (b * m + oc) * out_size;
        for (int64_t z = 0; z < d->in[0]; ++z)
          for (int64_t yy = 0; yy < d->in[1]; ++yy)
            for (int64_t xx = 0; xx < d->in[2]; ++xx) {
              const T v = plane[(z * d->in[1] + yy) * d->in[2] + xx];
              for (int64_t kz = 0; kz < d->k[0]; ++kz) {
                const int64_t oz = z * d->s[0] - d->pb[0] + kz * d->dl[0];
                if (oz < 0 || oz >= d->out[0]) continue;
                for (int64_t ky = 0; ky < d->k[1]; ++ky) {
                  const int64_t oy = yy * d->s[1] - d->pb[1] + ky * d->dl[1];
                  if (oy < 0 || oy >= d->out[1]) continue;
                  for (int64_t kx = 0; kx < d->k[2]; ++kx) {
                    const int64_t ox = xx * d->s[2] - d->pb[2] + kx * d->dl[2];
                    if (ox < 0 || ox >= d->out[2]) continue;
                    o[(oz * d->out[1] + oy) * d->out[2] + ox] += v * kern[(kz * d->k[1] + ky) * d->k[2] + kx];
                  }
                }
              }
            }
      }
    }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kConvTransposeFloat32 = {"", "ConvTranspose", 1, 11, dtype_bit(DType::kFloat32), 0, sizeof(ConvTData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kConvTransposeFloat64 = {"", "ConvTranspose", 1, 11, dtype_bit(DType::kFloat64), 0, sizeof(ConvTData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
