// BitwiseAnd (opset 18): a & b on integers, element-wise with numpy
// broadcasting.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct BitwiseAndOp {
  template <typename T>
  T operator()(T a, T b) const {
    return static_cast<T>(a & b);
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kBitwiseAndInt8 = {"", "BitwiseAnd", 18, 18, dtype_bit(DType::kInt8), 0, sizeof(BinaryData),
                                         nullptr, prepare_arith, eval_arith<int8_t, BitwiseAndOp>};
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kBitwiseAndInt16 = {"", "BitwiseAnd", 18, 18, dtype_bit(DType::kInt16), 0, sizeof(BinaryData),
                                         nullptr, prepare_arith, eval_arith<int16_t, BitwiseAndOp>};
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kBitwiseAndInt32 = {"", "BitwiseAnd", 18, 18, dtype_bit(DType::kInt32), 0, sizeof(BinaryData),
                                         nullptr, prepare_arith, eval_arith<int32_t, BitwiseAndOp>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kBitwiseAndInt64 = {"", "BitwiseAnd", 18, 18, dtype_bit(DType::kInt64), 0, sizeof(BinaryData),
                                         nullptr, prepare_arith, eval_arith<int64_t, BitwiseAndOp>};
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kBitwiseAndUInt8 = {"", "BitwiseAnd", 18, 18, dtype_bit(DType::kUInt8), 0, sizeof(BinaryData),
                                         nullptr, prepare_arith, eval_arith<uint8_t, BitwiseAndOp>};
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kBitwiseAndUInt16 = {"", "BitwiseAnd", 18, 18, dtype_bit(DType::kUInt16), 0, sizeof(BinaryData),
                                         nullptr, prepare_arith, eval_arith<uint16_t, BitwiseAndOp>};
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kBitwiseAndUInt32 = {"", "BitwiseAnd", 18, 18, dtype_bit(DType::kUInt32), 0, sizeof(BinaryData),
                                         nullptr, prepare_arith, eval_arith<uint32_t, BitwiseAndOp>};
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kBitwiseAndUInt64 = {"", "BitwiseAnd", 18, 18, dtype_bit(DType::kUInt64), 0, sizeof(BinaryData),
                                         nullptr, prepare_arith, eval_arith<uint64_t, BitwiseAndOp>};
#endif

}  // namespace kernels
}  // namespace spud
