// Softsign: x / (1 + |x|), element-wise.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct SoftsignOp {
  template <typename T>
  T operator()(T x, const UnaryParams&) const {
    return static_cast<T>(x / (T(1) + (x < T(0) ? -x : x)));
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSoftsignFloat32 = SPUD_UNARY_DEF("Softsign", 1, 1, float, kFloat32, SoftsignOp, nullptr);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSoftsignFloat64 = SPUD_UNARY_DEF("Softsign", 1, 1, double, kFloat64, SoftsignOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
