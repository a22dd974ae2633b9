// Min: the element-wise minimum (NaN wins) of 1 to 8 broadcast inputs (see variadic.h).
#include "variadic.h"

namespace spud {
namespace kernels {
namespace {

struct MinFold {
  template <typename T>
  T operator()(T acc, T v) const {
    return (v < acc || isnan(static_cast<double>(v))) ? v : acc;
  }
  template <typename T>
  T finish(T acc, int count) const {
    (void)count;
    return acc;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMinFloat32 = SPUD_VARIADIC_DEF("Min", float, kFloat32, MinFold);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kMinFloat64 = SPUD_VARIADIC_DEF("Min", double, kFloat64, MinFold);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kMinInt8 = SPUD_VARIADIC_DEF("Min", int8_t, kInt8, MinFold);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kMinInt16 = SPUD_VARIADIC_DEF("Min", int16_t, kInt16, MinFold);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kMinInt32 = SPUD_VARIADIC_DEF("Min", int32_t, kInt32, MinFold);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kMinInt64 = SPUD_VARIADIC_DEF("Min", int64_t, kInt64, MinFold);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kMinUInt8 = SPUD_VARIADIC_DEF("Min", uint8_t, kUInt8, MinFold);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kMinUInt16 = SPUD_VARIADIC_DEF("Min", uint16_t, kUInt16, MinFold);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kMinUInt32 = SPUD_VARIADIC_DEF("Min", uint32_t, kUInt32, MinFold);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kMinUInt64 = SPUD_VARIADIC_DEF("Min", uint64_t, kUInt64, MinFold);
#endif
#if SPUD_TYPE_ENABLED(kFloat16)
extern const KernelDef kMinFloat16 = {"", "Min", 12, 13, dtype_bit(DType::kFloat16), 0, sizeof(BroadcastN), nullptr, prepare_variadic, eval_variadic_half<MinFold>};
#endif

}  // namespace kernels
}  // namespace spud
