// Mean: the element-wise mean of 1 to 8 broadcast inputs (see variadic.h).
#include "variadic.h"

namespace spud {
namespace kernels {
namespace {

struct MeanFold {
  template <typename T>
  T operator()(T acc, T v) const {
    return static_cast<T>(acc + v);
  }
  template <typename T>
  T finish(T acc, int count) const {
    (void)count;
    return static_cast<T>(acc / static_cast<T>(count));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMeanFloat32 = SPUD_VARIADIC_DEF("Mean", float, kFloat32, MeanFold);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kMeanFloat64 = SPUD_VARIADIC_DEF("Mean", double, kFloat64, MeanFold);
#endif

}  // namespace kernels
}  // namespace spud
