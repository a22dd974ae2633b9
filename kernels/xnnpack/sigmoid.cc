// Sigmoid on XNNPACK: 1 / (1 + exp(-x)) over float32.
#include "elementwise.h"

namespace spud {
namespace kernels {
namespace {

enum xnn_status create(xnn_operator_t* op) { return xnn_create_sigmoid_nc_f32(1, 1, 1, 0, op); }

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSigmoidXnnpackFloat32 = SPUD_XNNPACK_UNARY_DEF("Sigmoid", 6, 13, create,
                                                                      xnn_setup_sigmoid_nc_f32);
#endif

}  // namespace kernels
}  // namespace spud
