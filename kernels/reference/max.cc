// Max: the element-wise maximum (NaN wins) of 1 to 8 broadcast inputs (see variadic.h).
#include "variadic.h"

namespace spud {
namespace kernels {
namespace {

struct MaxFold {
  template <typename T>
  T operator()(T acc, T v) const {
    return (v > acc || isnan(static_cast<double>(v))) ? v : acc;
  }
  template <typename T>
  T finish(T acc, int count) const {
    (void)count;
    return acc;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMaxFloat32 = SPUD_VARIADIC_DEF("Max", float, kFloat32, MaxFold);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kMaxFloat64 = SPUD_VARIADIC_DEF("Max", double, kFloat64, MaxFold);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kMaxInt8 = SPUD_VARIADIC_DEF("Max", int8_t, kInt8, MaxFold);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kMaxInt16 = SPUD_VARIADIC_DEF("Max", int16_t, kInt16, MaxFold);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kMaxInt32 = SPUD_VARIADIC_DEF("Max", int32_t, kInt32, MaxFold);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kMaxInt64 = SPUD_VARIADIC_DEF("Max", int64_t, kInt64, MaxFold);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kMaxUInt8 = SPUD_VARIADIC_DEF("Max", uint8_t, kUInt8, MaxFold);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kMaxUInt16 = SPUD_VARIADIC_DEF("Max", uint16_t, kUInt16, MaxFold);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kMaxUInt32 = SPUD_VARIADIC_DEF("Max", uint32_t, kUInt32, MaxFold);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kMaxUInt64 = SPUD_VARIADIC_DEF("Max", uint64_t, kUInt64, MaxFold);
#endif
#if SPUD_TYPE_ENABLED(kFloat16)
extern const KernelDef kMaxFloat16 = {"", "Max", 12, 13, dtype_bit(DType::kFloat16), 0, sizeof(BroadcastN), nullptr, prepare_variadic, eval_variadic_half<MaxFold>};
#endif

}  // namespace kernels
}  // namespace spud
