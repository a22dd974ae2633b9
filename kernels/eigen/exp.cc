// Exp: e^x, element-wise, on Eigen's vectorized exp.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct ExpEigen {
  template <typename A>
  static auto apply(const A& x) {
    return x.exp();
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kExpEigenFloat32 = SPUD_EIGEN_UNARY_DEF("Exp", 6, 13, float, kFloat32, ExpEigen);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kExpEigenFloat64 = SPUD_EIGEN_UNARY_DEF("Exp", 6, 13, double, kFloat64, ExpEigen);
#endif

}  // namespace kernels
}  // namespace spud
