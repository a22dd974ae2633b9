// Relu on XNNPACK: max(x, 0) over float32, as XNNPACK's clamp.
#include "elementwise.h"

namespace spud {
namespace kernels {
namespace {

enum xnn_status create(xnn_operator_t* op) {
  return xnn_create_clamp_nc_f32(1, 1, 1, 0.f, __builtin_inff(), 0, op);
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReluXnnpackFloat32 = SPUD_XNNPACK_UNARY_DEF("Relu", 6, 14, create, xnn_setup_clamp_nc_f32);
#endif

}  // namespace kernels
}  // namespace spud
