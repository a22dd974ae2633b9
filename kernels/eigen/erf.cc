// Erf: the error function, element-wise, on Eigen's vectorized erf.
// (Eigen's erf lives with its special functions.)
#include <unsupported/Eigen/SpecialFunctions>

#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct ErfEigen {
  template <typename A>
  static auto apply(const A& x) {
    return x.erf();
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kErfEigenFloat32 = SPUD_EIGEN_UNARY_DEF("Erf", 9, 13, float, kFloat32, ErfEigen);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kErfEigenFloat64 = SPUD_EIGEN_UNARY_DEF("Erf", 9, 13, double, kFloat64, ErfEigen);
#endif

}  // namespace kernels
}  // namespace spud
