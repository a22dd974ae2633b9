// Div: element-wise with numpy broadcasting. Integer division truncates
// toward zero, as ONNX specifies; an integer division by zero yields 0
// instead of trapping (ONNX leaves it undefined).
#include <type_traits>

#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct DivOp {
  float operator()(float a, float b) const { return a / b; }
  double operator()(double a, double b) const { return a / b; }
  template <typename T>
  T operator()(T a, T b) const {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>) {
      if (b == -1) return wrapping_neg(a);  // INT_MIN / -1 overflows
    }
    return static_cast<T>(a / b);
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kDivFloat32 = SPUD_ARITH_DEF("Div", float, kFloat32, DivOp);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kDivFloat64 = SPUD_ARITH_DEF("Div", double, kFloat64, DivOp);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kDivInt32 = SPUD_ARITH_DEF("Div", int32_t, kInt32, DivOp);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kDivInt64 = SPUD_ARITH_DEF("Div", int64_t, kInt64, DivOp);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kDivInt8 = SPUD_ARITH_DEF("Div", int8_t, kInt8, DivOp);
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kDivInt16 = SPUD_ARITH_DEF("Div", int16_t, kInt16, DivOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kDivUInt8 = SPUD_ARITH_DEF("Div", uint8_t, kUInt8, DivOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kDivUInt16 = SPUD_ARITH_DEF("Div", uint16_t, kUInt16, DivOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kDivUInt32 = SPUD_ARITH_DEF("Div", uint32_t, kUInt32, DivOp);
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kDivUInt64 = SPUD_ARITH_DEF("Div", uint64_t, kUInt64, DivOp);
#endif

}  // namespace kernels
}  // namespace spud
