// Gemm: Y = alpha * op(A) * op(B) + beta * C, op = optional transpose, C
// optional and broadcast (unidirectionally) to (M, N); see gemm_util.h.
#include "gemm_util.h"

namespace spud {
namespace kernels {

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGemmFloat32 = {"", "Gemm", 7, 13, dtype_bit(DType::kFloat32), 0,
                                       sizeof(GemmData), init_gemm, prepare_gemm, eval_gemm<float, false>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kGemmFloat64 = {"", "Gemm", 7, 13, dtype_bit(DType::kFloat64), 0,
                                       sizeof(GemmData), init_gemm, prepare_gemm, eval_gemm<double, false>};
#endif
// Integers arrived with opset 9.
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kGemmInt32 = {"", "Gemm", 9, 13, dtype_bit(DType::kInt32), 0,
                                    sizeof(GemmData), init_gemm, prepare_gemm, eval_gemm<int32_t, false>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kGemmInt64 = {"", "Gemm", 9, 13, dtype_bit(DType::kInt64), 0,
                                    sizeof(GemmData), init_gemm, prepare_gemm, eval_gemm<int64_t, false>};
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kGemmUInt32 = {"", "Gemm", 9, 13, dtype_bit(DType::kUInt32), 0,
                                    sizeof(GemmData), init_gemm, prepare_gemm, eval_gemm<uint32_t, false>};
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kGemmUInt64 = {"", "Gemm", 9, 13, dtype_bit(DType::kUInt64), 0,
                                    sizeof(GemmData), init_gemm, prepare_gemm, eval_gemm<uint64_t, false>};
#endif

}  // namespace kernels
}  // namespace spud
