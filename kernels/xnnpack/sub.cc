// Sub on XNNPACK: the float32 difference of two tensors, numpy-broadcast.
#include "elementwise.h"

namespace spud {
namespace kernels {

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSubXnnpackFloat32 = SPUD_XNNPACK_BINARY_DEF("Sub", 7, 14, xnn_create_subtract_nd_f32, xnn_setup_subtract_nd_f32);
#endif

}  // namespace kernels
}  // namespace spud
