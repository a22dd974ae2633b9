// Pad (opset 11+): pads [begin..., end...] from an input (dynamic when not
// constant; negative values crop), mode constant (with the optional
// constant_value), reflect or edge; from opset 18 the optional `axes` input
// names the axes the pads are for, from 19 mode wrap (a circular pad).
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

enum class PadMode : uint8_t { kConstant, kReflect, kEdge, kWrap };

struct PadData {
  PadMode mode;
  int64_t begin[kMaxRank];
};

Status init(KernelContext* ctx) {
  const std::string_view m = ctx->attributes->get_string("mode");
  PadData* d = ctx->data<PadData>();
  if (m.empty() || m == "constant") d->mode = PadMode::kConstant;
  else if (m == "reflect") d->mode = PadMode::kReflect;
  else if (m == "edge") d->mode = PadMode::kEdge;
  else if (m == "wrap" && ctx->since_version >= 19) d->mode = PadMode::kWrap;
  else return SPUD_ERROR(kUnsupported, "Pad: mode must be constant, reflect, edge or (from opset 19) wrap");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  PadData* d = ctx->data<PadData>();
  const Tensor* x = ctx->input(0);
  const Tensor* pads = ctx->input(1);
  const Tensor* value = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && pads != nullptr && ctx->num_outputs == 1, kInvalidModel, "Pad: needs data, pads and one output");
  SPUD_CHECK_OR_RETURN(value == nullptr || (value->dtype == x->dtype && value->num_elements() == 1), kInvalidModel,
                       "Pad: constant_value must be one element of data's type");
  SPUD_CHECK_OR_RETURN(pads->data != nullptr, kDataDependent, "Pad: the pads are not known yet");
  int64_t p[2 * kMaxRank] = {};
  const Tensor* axes = ctx->since_version >= 18 ? ctx->input(3) : nullptr;
  if (axes == nullptr) {
    SPUD_CHECK_OR_RETURN(read_int_list(pads, p, 2 * kMaxRank) == 2 * x->rank, kInvalidModel,
                         "Pad: pads needs 2 values per axis");
  } else {
    SPUD_CHECK_OR_RETURN(axes->data != nullptr, kDataDependent, "Pad: the axes are not known yet");
    int64_t a[kMaxRank], given[2 * kMaxRank];
    const int na = read_int_list(axes, a, kMaxRank);
    SPUD_CHECK_OR_RETURN(na >= 0, kInvalidModel, "Pad: axes must be a 1-D integer list of at most 8 axes");
    SPUD_CHECK_OR_RETURN(read_int_list(pads, given, 2 * kMaxRank) == 2 * na, kInvalidModel,
                         "Pad: pads needs 2 values per axis in axes");
    bool seen[kMaxRank] = {};
    for (int i = 0; i < na; ++i) {
      int axis = 0;
      SPUD_CHECK_OR_RETURN(normalize_axis(a[i], x->rank, &axis), kInvalidModel, "Pad: an axis is out of range");
      SPUD_CHECK_OR_RETURN(!seen[axis], kInvalidModel, "Pad: an axis is repeated");
      seen[axis] = true;
      p[axis] = given[i];
      p[x->rank + axis] = given[na + i];
    }
  }
  int64_t dims[kMaxRank];
  for (int i = 0; i < x->rank; ++i) {
    d->begin[i] = p[i];
    SPUD_CHECK_OR_RETURN(add_fits(x->dims[i], p[i], &dims[i]) && add_fits(dims[i], p[x->rank + i], &dims[i]),
                         kInvalidModel, "Pad: output overflows");
    SPUD_CHECK_OR_RETURN(dims[i] >= 0, kInvalidModel, "Pad: negative pads crop more than the axis");
    SPUD_CHECK_OR_RETURN(d->mode == PadMode::kConstant || x->dims[i] > 0 || dims[i] == 0, kInvalidModel,
                         "Pad: reflect and edge need a non-empty axis");
    SPUD_CHECK_OR_RETURN(d->mode != PadMode::kReflect || (p[i] < x->dims[i] && p[x->rank + i] < x->dims[i]), kInvalidModel,
                         "Pad: reflect pads must be smaller than the axis");
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "Pad: output overflows");
  return Status::Ok();
}

// The source coordinate for output coordinate `o` along one axis, or -1 for
// constant padding.
int64_t source(int64_t o, int64_t begin, int64_t size, PadMode mode) {
  int64_t i = o - begin;
  if (i >= 0 && i < size) return i;
  if (mode == PadMode::kConstant) return -1;
  if (mode == PadMode::kEdge) return i < 0 ? 0 : size - 1;
  if (mode == PadMode::kWrap) return ((i % size) + size) % size;
  if (size == 1) return 0;
  const int64_t period = 2 * (size - 1);  // reflect without repeating the edge
  i %= period;
  if (i < 0) i += period;
  return i < size ? i : period - i;
}

Status eval(KernelContext* ctx) {
  const PadData* d = ctx->data<PadData>();
  const Tensor* x = ctx->input(0);
  const Tensor& y = *ctx->output(0);
  const size_t elem = dtype_size(x->dtype);
  uint8_t zero[8] = {};
  const uint8_t* fill = ctx->input(2) != nullptr ? ctx->input(2)->data_as<const uint8_t>() : zero;
  int64_t stride[kMaxRank];
  int64_t s = 1;
  for (int i = x->rank - 1; i >= 0; --i) {
    stride[i] = s;
    s *= x->dims[i];
  }
  const int64_t n = y.num_elements();
  int64_t idx[kMaxRank] = {};
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = y.data_as<uint8_t>();
  for (int64_t e = 0; e < n; ++e) {
    int64_t src = 0;
    bool inside = true;
    for (int a = 0; a < y.rank && inside; ++a) {
      const int64_t c = source(idx[a], d->begin[a], x->dims[a], d->mode);
      inside = c >= 0;
      src += c * stride[a];
    }
    memcpy(out + e * elem, inside ? in + src * elem : fill, elem);
    for (int a = y.rank - 1; a >= 0; --a) {
      if (++idx[a] < y.dims[a]) break;
      idx[a] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kPadAll = {"", "Pad", 11, 21, kAllFixedSizeTypes, 0, sizeof(PadData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
