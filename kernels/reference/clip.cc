// Clip: y = min(max(x, lo), hi). Opset 6 takes min/max attributes; 11+ takes
// optional min/max scalar inputs.
#include <float.h>

#include <limits>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct ClipData {
  float lo, hi;  // attribute form (opset 6)
};

Status init(KernelContext* ctx) {
  ClipData* d = ctx->data<ClipData>();
  d->lo = ctx->attributes->get_float("min", -FLT_MAX);
  d->hi = ctx->attributes->get_float("max", FLT_MAX);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Clip: needs X and Y");
  for (int i = 1; i <= 2; ++i) {
    const Tensor* bound = ctx->input(i);
    if (bound == nullptr) continue;
    SPUD_CHECK_OR_RETURN(ctx->since_version >= 11, kInvalidModel, "Clip: min/max inputs need opset 11");
    SPUD_CHECK_OR_RETURN(bound->dtype == x->dtype && bound->num_elements() == 1, kInvalidModel,
                         "Clip: min and max must be scalars of X's type");
  }
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const ClipData* d = ctx->data<ClipData>();
  const Tensor* x = ctx->input(0);
  T lo = std::numeric_limits<T>::lowest(), hi = std::numeric_limits<T>::max();
  if (ctx->since_version < 11) {
    lo = static_cast<T>(d->lo);  // attribute form: float32 only
    hi = static_cast<T>(d->hi);
  } else {
    if (ctx->input(1) != nullptr) lo = *ctx->input(1)->data_as<const T>();
    if (ctx->input(2) != nullptr) hi = *ctx->input(2)->data_as<const T>();
  }
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  const int64_t n = x->num_elements();
  for (int64_t i = 0; i < n; ++i) {
    const T v = in[i] < lo ? lo : in[i];
    out[i] = v > hi ? hi : v;
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kClipFloat32 = {"", "Clip", 6, 13, dtype_bit(DType::kFloat32), 0,
                                       sizeof(ClipData), init, prepare, eval<float>};
#endif
// Other numeric types arrived with opset 12 (min/max inputs only).
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kClipFloat64 = {"", "Clip", 12, 13, dtype_bit(DType::kFloat64), 0, sizeof(ClipData), init, prepare, eval<double>};
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kClipInt8 = {"", "Clip", 12, 13, dtype_bit(DType::kInt8), 0, sizeof(ClipData), init, prepare, eval<int8_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kClipInt16 = {"", "Clip", 12, 13, dtype_bit(DType::kInt16), 0, sizeof(ClipData), init, prepare, eval<int16_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kClipInt32 = {"", "Clip", 12, 13, dtype_bit(DType::kInt32), 0, sizeof(ClipData), init, prepare, eval<int32_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kClipInt64 = {"", "Clip", 12, 13, dtype_bit(DType::kInt64), 0, sizeof(ClipData), init, prepare, eval<int64_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kClipUInt8 = {"", "Clip", 12, 13, dtype_bit(DType::kUInt8), 0, sizeof(ClipData), init, prepare, eval<uint8_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kClipUInt16 = {"", "Clip", 12, 13, dtype_bit(DType::kUInt16), 0, sizeof(ClipData), init, prepare, eval<uint16_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kClipUInt32 = {"", "Clip", 12, 13, dtype_bit(DType::kUInt32), 0, sizeof(ClipData), init, prepare, eval<uint32_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kClipUInt64 = {"", "Clip", 12, 13, dtype_bit(DType::kUInt64), 0, sizeof(ClipData), init, prepare, eval<uint64_t>};
#endif

}  // namespace kernels
}  // namespace spud
