// Cast to the `to` attribute's type (see cast_util.h for the conversions).
// One definition per source type.
#include "cast_util.h"

namespace spud {
namespace kernels {
namespace {

struct CastData {
  DType to;
};

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

template <typename From>
Status eval(KernelContext* ctx) {
  return convert_tensor<From>(*ctx->input(0), ctx->output(0));
}

Status eval_half(KernelContext* ctx) { return convert_half_tensor(*ctx->input(0), ctx->output(0)); }

#define SPUD_CAST_DEF(T, dtype) \
  {"", "Cast", 6, 21, dtype_bit(DType::dtype), 0, sizeof(CastData), init, prepare, eval<T>}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kCastFromFloat32 = SPUD_CAST_DEF(float, kFloat32);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kCastFromFloat64 = SPUD_CAST_DEF(double, kFloat64);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kCastFromInt8 = SPUD_CAST_DEF(int8_t, kInt8);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kCastFromInt16 = SPUD_CAST_DEF(int16_t, kInt16);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kCastFromInt32 = SPUD_CAST_DEF(int32_t, kInt32);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kCastFromInt64 = SPUD_CAST_DEF(int64_t, kInt64);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kCastFromUInt8 = SPUD_CAST_DEF(uint8_t, kUInt8);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kCastFromUInt16 = SPUD_CAST_DEF(uint16_t, kUInt16);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kCastFromUInt32 = SPUD_CAST_DEF(uint32_t, kUInt32);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kCastFromUInt64 = SPUD_CAST_DEF(uint64_t, kUInt64);
#endif
// Bools are read as bytes: a byte other than 0 or 1 in an untrusted file must
// not be undefined behaviour.
#if SPUD_TYPE_ENABLED(kBool)
extern const KernelDef kCastFromBool = SPUD_CAST_DEF(uint8_t, kBool);
#endif

#if SPUD_TYPE_ENABLED(kFloat16)
extern const KernelDef kCastFromFloat16 = {"", "Cast", 6, 21, dtype_bit(DType::kFloat16), 0, sizeof(CastData), init, prepare, eval_half};
#endif
#if SPUD_TYPE_ENABLED(kBFloat16)
extern const KernelDef kCastFromBFloat16 = {"", "Cast", 6, 21, dtype_bit(DType::kBFloat16), 0, sizeof(CastData), init, prepare, eval_half};
#endif

}  // namespace kernels
}  // namespace spud
