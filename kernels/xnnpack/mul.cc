// Mul on XNNPACK: the float32 product of two tensors, numpy-broadcast.
#include "elementwise.h"

namespace spud {
namespace kernels {

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMulXnnpackFloat32 = SPUD_XNNPACK_BINARY_DEF("Mul", 7, 14, xnn_create_multiply_nd_f32, xnn_setup_multiply_nd_f32);
#endif

}  // namespace kernels
}  // namespace spud
