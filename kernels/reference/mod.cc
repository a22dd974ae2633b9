// Mod with numpy broadcasting. fmod=0 (integers only): the result takes the
// divisor's sign, as Python's %. fmod=1: C's fmod/%, the dividend's sign.
// An integer modulo by zero yields 0 instead of trapping.
#include <math.h>

#include <type_traits>

#include "broadcast.h"
#include "cast_util.h"

namespace spud {
namespace kernels {
namespace {

struct ModData {
  BinaryData binary;  // first: prepare_arith's data
  bool fmod;
};

Status init(KernelContext* ctx) {
  ctx->data<ModData>()->fmod = ctx->attributes->get_int("fmod", 0) != 0;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* a = ctx->input(0);
  SPUD_CHECK_OR_RETURN(a == nullptr || ctx->data<ModData>()->fmod ||
                           !(a->dtype == DType::kFloat32 || a->dtype == DType::kFloat64 || a->dtype == DType::kFloat16),
                       kInvalidModel, "Mod: floating-point inputs need fmod=1");
  return prepare_binary(ctx, &ctx->data<ModData>()->binary.bc, a != nullptr ? a->dtype : DType::kUndefined);
}

template <typename T>
T mod(T a, T b, bool c_style) {
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(fmod(a, b));
  } else {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>) {
      if (b == -1) return 0;  // also avoids INT_MIN % -1
    }
    const T r = static_cast<T>(a % b);
    if (c_style || r == 0 || ((r < 0) == (b < 0))) return r;
    return static_cast<T>(r + b);
  }
}

template <typename T>
Status eval(KernelContext* ctx) {
  const ModData* d = ctx->data<ModData>();
  const bool c_style = d->fmod;
  broadcast_apply(d->binary.bc, ctx->input(0)->data_as<const T>(), ctx->input(1)->data_as<const T>(),
                  ctx->output(0)->data_as<T>(), [c_style](T a, T b) { return mod(a, b, c_style); });
  return Status::Ok();
}

// float16 (fmod=1): computed in float32 and rounded back.
Status eval_half(KernelContext* ctx) {
  const ModData* d = ctx->data<ModData>();
  broadcast_apply(d->binary.bc, ctx->input(0)->data_as<const uint16_t>(), ctx->input(1)->data_as<const uint16_t>(),
                  ctx->output(0)->data_as<uint16_t>(), [](uint16_t a, uint16_t b) {
                    return float_to_half(static_cast<float>(fmod(half_to_float(a), half_to_float(b))));
                  });
  return Status::Ok();
}

#define SPUD_MOD_DEF(T, dtype) \
  {"", "Mod", 10, 13, dtype_bit(DType::dtype), 0, sizeof(ModData), init, prepare, eval<T>}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kModFloat32 = SPUD_MOD_DEF(float, kFloat32);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kModFloat64 = SPUD_MOD_DEF(double, kFloat64);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kModInt8 = SPUD_MOD_DEF(int8_t, kInt8);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kModInt16 = SPUD_MOD_DEF(int16_t, kInt16);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kModInt32 = SPUD_MOD_DEF(int32_t, kInt32);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kModInt64 = SPUD_MOD_DEF(int64_t, kInt64);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kModUInt8 = SPUD_MOD_DEF(uint8_t, kUInt8);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kModUInt16 = SPUD_MOD_DEF(uint16_t, kUInt16);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kModUInt32 = SPUD_MOD_DEF(uint32_t, kUInt32);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kModUInt64 = SPUD_MOD_DEF(uint64_t, kUInt64);
#endif
#if SPUD_TYPE_ENABLED(kFloat16)
extern const KernelDef kModFloat16 = {"", "Mod", 10, 13, dtype_bit(DType::kFloat16), 0, sizeof(ModData), init, prepare, eval_half};
#endif

}  // namespace kernels
}  // namespace spud
