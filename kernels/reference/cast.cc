// Cast between float32/64, int8..64, uint8..64 and bool. One definition per
// source type; the destination type is a switch. Float to integer truncates
// toward zero; values outside the destination's range (ONNX leaves them
// undefined) saturate, and NaN becomes 0, so no conversion is C++ undefined
// behaviour. float16/bfloat16 are not supported yet.
#include <math.h>
#include <stdint.h>

#include <limits>
#include <type_traits>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct CastData {
  DType to;
};

bool castable(DType t) {
  switch (t) {
    case DType::kFloat32: case DType::kFloat64: case DType::kInt8: case DType::kInt16:
    case DType::kInt32: case DType::kInt64: case DType::kUInt8: case DType::kUInt16:
    case DType::kUInt32: case DType::kUInt64: case DType::kBool: return true;
    default: return false;
  }
}

Status init(KernelContext* ctx) {
  const int64_t to = ctx->attributes->get_int("to", 0);
  ctx->data<CastData>()->to = static_cast<DType>(to);
  SPUD_CHECK_OR_RETURN(to > 0 && to <= 16 && castable(static_cast<DType>(to)), kUnsupported,
                       "Cast: the target type is not supported");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Cast: needs input and one output");
  copy_type_and_shape(*x, ctx->output(0));
  ctx->output(0)->dtype = ctx->data<CastData>()->to;
  return Status::Ok();
}

template <typename To, typename From>
To convert(From v) {
  if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);
  } else if constexpr (std::is_floating_point_v<To> || !std::is_floating_point_v<From>) {
    return static_cast<To>(v);  // integer wrap-around, or exact/rounded float
  } else {
    if (isnan(v)) return To(0);
    if (v <= static_cast<From>(std::numeric_limits<To>::lowest())) return std::numeric_limits<To>::lowest();
    if (v >= static_cast<From>(std::numeric_limits<To>::max())) return std::numeric_limits<To>::max();
    return static_cast<To>(v);
  }
}

template <typename To, typename From>
void cast_all(const From* in, void* out, int64_t n) {
  To* o = static_cast<To*>(out);
  for (int64_t i = 0; i < n; ++i) o[i] = convert<To>(in[i]);
}

template <typename From>
Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const From* in = x->data_as<const From>();
  void* out = ctx->output(0)->data;
  const int64_t n = x->num_elements();
  switch (ctx->data<CastData>()->to) {
    case DType::kFloat32: cast_all<float>(in, out, n); break;
    case DType::kFloat64: cast_all<double>(in, out, n); break;
    case DType::kInt8: cast_all<int8_t>(in, out, n); break;
    case DType::kInt16: cast_all<int16_t>(in, out, n); break;
    case DType::kInt32: cast_all<int32_t>(in, out, n); break;
    case DType::kInt64: cast_all<int64_t>(in, out, n); break;
    case DType::kUInt8: cast_all<uint8_t>(in, out, n); break;
    case DType::kUInt16: cast_all<uint16_t>(in, out, n); break;
    case DType::kUInt32: cast_all<uint32_t>(in, out, n); break;
    case DType::kUInt64: cast_all<uint64_t>(in, out, n); break;
    case DType::kBool: cast_all<bool>(in, out, n); break;
    default: return SPUD_ERROR(kInternal, "Cast: target type passed init unchecked");
  }
  return Status::Ok();
}

#define SPUD_CAST_DEF(T, dtype) \
  {"", "Cast", 6, 13, dtype_bit(DType::dtype), 0, sizeof(CastData), init, prepare, eval<T>}

}  // namespace

extern const KernelDef kCastFromFloat32 = SPUD_CAST_DEF(float, kFloat32);
extern const KernelDef kCastFromFloat64 = SPUD_CAST_DEF(double, kFloat64);
extern const KernelDef kCastFromInt8 = SPUD_CAST_DEF(int8_t, kInt8);
extern const KernelDef kCastFromInt16 = SPUD_CAST_DEF(int16_t, kInt16);
extern const KernelDef kCastFromInt32 = SPUD_CAST_DEF(int32_t, kInt32);
extern const KernelDef kCastFromInt64 = SPUD_CAST_DEF(int64_t, kInt64);
extern const KernelDef kCastFromUInt8 = SPUD_CAST_DEF(uint8_t, kUInt8);
extern const KernelDef kCastFromUInt16 = SPUD_CAST_DEF(uint16_t, kUInt16);
extern const KernelDef kCastFromUInt32 = SPUD_CAST_DEF(uint32_t, kUInt32);
extern const KernelDef kCastFromUInt64 = SPUD_CAST_DEF(uint64_t, kUInt64);
// Bools are read as bytes: a byte other than 0 or 1 in an untrusted file must
// not be undefined behaviour.
extern const KernelDef kCastFromBool = SPUD_CAST_DEF(uint8_t, kBool);

}  // namespace kernels
}  // namespace spud
