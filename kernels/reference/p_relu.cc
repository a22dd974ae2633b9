// PRelu: x for x >= 0, slope * x below, with slope broadcast to x.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct PReluOp {
  template <typename T>
  T operator()(T x, T slope) const {
    return x < T(0) ? static_cast<T>(slope * x) : x;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kPReluFloat32 = {"", "PRelu", 7, 16, dtype_bit(DType::kFloat32), 0, sizeof(BinaryData),
                                        nullptr, prepare_arith, eval_arith<float, PReluOp>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kPReluFloat64 = {"", "PRelu", 7, 16, dtype_bit(DType::kFloat64), 0, sizeof(BinaryData),
                                        nullptr, prepare_arith, eval_arith<double, PReluOp>};
#endif

}  // namespace kernels
}  // namespace spud
