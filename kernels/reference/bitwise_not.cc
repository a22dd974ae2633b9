// BitwiseNot (opset 18): ~x on integers, element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct BitwiseNotOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(~x);
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kBitwiseNotInt8 = SPUD_UNARY_DEF("BitwiseNot", 18, 18, int8_t, kInt8, BitwiseNotOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kBitwiseNotInt16 = SPUD_UNARY_DEF("BitwiseNot", 18, 18, int16_t, kInt16, BitwiseNotOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kBitwiseNotInt32 = SPUD_UNARY_DEF("BitwiseNot", 18, 18, int32_t, kInt32, BitwiseNotOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kBitwiseNotInt64 = SPUD_UNARY_DEF("BitwiseNot", 18, 18, int64_t, kInt64, BitwiseNotOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kBitwiseNotUInt8 = SPUD_UNARY_DEF("BitwiseNot", 18, 18, uint8_t, kUInt8, BitwiseNotOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kBitwiseNotUInt16 = SPUD_UNARY_DEF("BitwiseNot", 18, 18, uint16_t, kUInt16, BitwiseNotOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kBitwiseNotUInt32 = SPUD_UNARY_DEF("BitwiseNot", 18, 18, uint32_t, kUInt32, BitwiseNotOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kBitwiseNotUInt64 = SPUD_UNARY_DEF("BitwiseNot", 18, 18, uint64_t, kUInt64, BitwiseNotOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
