// CastLike: Cast to the type of the second input (its values are unused).
#include "cast_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const Tensor* like = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && like != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "CastLike: needs input, target_type and one output");
  SPUD_CHECK_OR_RETURN(castable(like->dtype), kUnsupported, "CastLike: the target type is not supported");
  copy_type_and_shape(*x, ctx->output(0));
  ctx->output(0)->dtype = like->dtype;
  return Status::Ok();
}

template <typename From>
Status eval(KernelContext* ctx) {
  return convert_tensor<From>(*ctx->input(0), ctx->output(0));
}

Status eval_half(KernelContext* ctx) { return convert_half_tensor(*ctx->input(0), ctx->output(0)); }

#define SPUD_CAST_LIKE_DEF(T, dtype) \
  {"", "CastLike", 15, 21, dtype_bit(DType::dtype), 0, 0, nullptr, prepare, eval<T>}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kCastLikeFromFloat32 = SPUD_CAST_LIKE_DEF(float, kFloat32);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kCastLikeFromFloat64 = SPUD_CAST_LIKE_DEF(double, kFloat64);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kCastLikeFromInt8 = SPUD_CAST_LIKE_DEF(int8_t, kInt8);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kCastLikeFromInt16 = SPUD_CAST_LIKE_DEF(int16_t, kInt16);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kCastLikeFromInt32 = SPUD_CAST_LIKE_DEF(int32_t, kInt32);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kCastLikeFromInt64 = SPUD_CAST_LIKE_DEF(int64_t, kInt64);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kCastLikeFromUInt8 = SPUD_CAST_LIKE_DEF(uint8_t, kUInt8);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kCastLikeFromUInt16 = SPUD_CAST_LIKE_DEF(uint16_t, kUInt16);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kCastLikeFromUInt32 = SPUD_CAST_LIKE_DEF(uint32_t, kUInt32);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kCastLikeFromUInt64 = SPUD_CAST_LIKE_DEF(uint64_t, kUInt64);
#endif
#if SPUD_TYPE_ENABLED(kBool)
extern const KernelDef kCastLikeFromBool = SPUD_CAST_LIKE_DEF(uint8_t, kBool);
#endif

#if SPUD_TYPE_ENABLED(kFloat16)
extern const KernelDef kCastLikeFromFloat16 = {"", "CastLike", 15, 21, dtype_bit(DType::kFloat16), 0, 0, nullptr, prepare, eval_half};
#endif
#if SPUD_TYPE_ENABLED(kBFloat16)
extern const KernelDef kCastLikeFromBFloat16 = {"", "CastLike", 15, 21, dtype_bit(DType::kBFloat16), 0, 0, nullptr, prepare, eval_half};
#endif

}  // namespace kernels
}  // namespace spud
