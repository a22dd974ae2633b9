// Sum: the element-wise sum of 1 to 8 broadcast inputs (see variadic.h).
#include "variadic.h"

namespace spud {
namespace kernels {
namespace {

struct SumFold {
  template <typename T>
  T operator()(T acc, T v) const {
    return static_cast<T>(acc + v);
  }
  template <typename T>
  T finish(T acc, int count) const {
    (void)count;
    return acc;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSumFloat32 = SPUD_VARIADIC_DEF("Sum", float, kFloat32, SumFold);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSumFloat64 = SPUD_VARIADIC_DEF("Sum", double, kFloat64, SumFold);
#endif

}  // namespace kernels
}  // namespace spud
