// Gemm in spud's own domain com.spud: ONNX's Gemm with the clamp of a
// fused Relu or Clip applied as each output is written (activation_min,
// activation_max; none when absent). The converter makes it from a Gemm (or
// a MatMul+Add) whose only reader is the activation.
#include "gemm_util.h"

namespace spud {
namespace kernels {

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGemmSpudFloat32 = {"com.spud", "Gemm", 1, 1, dtype_bit(DType::kFloat32), 0,
                                           sizeof(GemmData), init_gemm, prepare_gemm, eval_gemm<float, true>};
#endif

}  // namespace kernels
}  // namespace spud
