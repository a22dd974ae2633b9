// Sigmoid: 1 / (1 + e^-x), element-wise, on Eigen's vectorized logistic.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct SigmoidEigen {
  template <typename A>
  static auto apply(const A& x) {
    return x.logistic();
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSigmoidEigenFloat32 = SPUD_EIGEN_UNARY_DEF("Sigmoid", 6, 13, float, kFloat32, SigmoidEigen);
#endif

}  // namespace kernels
}  // namespace spud
