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
// Integers arrived with opset 9.
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kPReluInt32 = {"", "PRelu", 9, 16, dtype_bit(DType::kInt32), 0, sizeof(BinaryData),
                                      nullptr, prepare_arith, eval_arith<int32_t, PReluOp>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kPReluInt64 = {"", "PRelu", 9, 16, dtype_bit(DType::kInt64), 0, sizeof(BinaryData),
                                      nullptr, prepare_arith, eval_arith<int64_t, PReluOp>};
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kPReluUInt32 = {"", "PRelu", 9, 16, dtype_bit(DType::kUInt32), 0, sizeof(BinaryData),
                                      nullptr, prepare_arith, eval_arith<uint32_t, PReluOp>};
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kPReluUInt64 = {"", "PRelu", 9, 16, dtype_bit(DType::kUInt64), 0, sizeof(BinaryData),
                                      nullptr, prepare_arith, eval_arith<uint64_t, PReluOp>};
#endif

}  // namespace kernels
}  // namespace spud
