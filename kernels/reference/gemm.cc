// Gemm: Y = alpha * op(A) * op(B) + beta * C, op = optional transpose, C
// optional and broadcast (unidirectionally) to (M, N); see gemm_util.h.
#include "gemm_util.h"

namespace spud {
namespace kernels {

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGemmFloat32 = {"", "Gemm", 7, 13, dtype_bit(DType::kFloat32), 0,
                                       sizeof(GemmData), init_gemm, prepare_gemm, eval_gemm<float, false>};
#endif

}  // namespace kernels
}  // namespace spud
