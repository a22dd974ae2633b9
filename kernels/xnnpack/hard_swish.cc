// HardSwish on XNNPACK: x * max(0, min(1, x / 6 + 1 / 2)) over float32.
#include "elementwise.h"

namespace spud {
namespace kernels {
namespace {

enum xnn_status create(xnn_operator_t* op) { return xnn_create_hardswish_nc_f32(1, 1, 1, 0, op); }

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kHardSwishXnnpackFloat32 = SPUD_XNNPACK_UNARY_DEF("HardSwish", 14, 14, create,
                                                                        xnn_setup_hardswish_nc_f32);
#endif

}  // namespace kernels
}  // namespace spud
