// Tanh: hyperbolic tangent, element-wise, on Eigen's vectorized tanh.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct TanhEigen {
  template <typename A>
  static auto apply(const A& x) {
    return x.tanh();
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kTanhEigenFloat32 = SPUD_EIGEN_UNARY_DEF("Tanh", 6, 13, float, kFloat32, TanhEigen);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kTanhEigenFloat64 = SPUD_EIGEN_UNARY_DEF("Tanh", 6, 13, double, kFloat64, TanhEigen);
#endif

}  // namespace kernels
}  // namespace spud
