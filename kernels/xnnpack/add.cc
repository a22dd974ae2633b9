// Add on XNNPACK: the float32 sum of two tensors, numpy-broadcast.
#include "elementwise.h"

namespace spud {
namespace kernels {

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kAddXnnpackFloat32 = SPUD_XNNPACK_BINARY_DEF("Add", 7, 14, xnn_create_add_nd_f32, xnn_setup_add_nd_f32);
#endif

}  // namespace kernels
}  // namespace spud
