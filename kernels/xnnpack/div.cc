// Div on XNNPACK: the float32 quotient of two tensors, numpy-broadcast.
#include "elementwise.h"

namespace spud {
namespace kernels {

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kDivXnnpackFloat32 = SPUD_XNNPACK_BINARY_DEF("Div", 7, 14, xnn_create_divide_nd_f32, xnn_setup_divide_nd_f32);
#endif

}  // namespace kernels
}  // namespace spud
