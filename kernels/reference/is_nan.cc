// IsNaN: whether each element is NaN, as bool.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct IsNaNOp {
  template <typename T>
  uint8_t operator()(T x, const UnaryParams&) const {
    return isnan(x) ? 1 : 0;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kIsNaNFloat32 = {"", "IsNaN", 9, 20, dtype_bit(DType::kFloat32), 0, sizeof(UnaryParams),
                                        nullptr, prepare_unary_to_bool, eval_unary<float, uint8_t, IsNaNOp>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kIsNaNFloat64 = {"", "IsNaN", 9, 20, dtype_bit(DType::kFloat64), 0, sizeof(UnaryParams),
                                        nullptr, prepare_unary_to_bool, eval_unary<double, uint8_t, IsNaNOp>};
#endif

}  // namespace kernels
}  // namespace spud
