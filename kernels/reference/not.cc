// Not: logical negation of a bool tensor.
#include "unary.h"

namespace spud {
namespace kernels {
namespace {

struct NotOp {
  uint8_t operator()(uint8_t x, const UnaryParams&) const { return x != 0 ? 0 : 1; }
};

}  // namespace

// Bools are read as bytes so a stray byte in a file is not undefined behaviour.
#if SPUD_TYPE_ENABLED(kBool)
extern const KernelDef kNotBool = SPUD_UNARY_DEF("Not", 1, 1, uint8_t, kBool, NotOp, nullptr);
#endif

}  // namespace kernels
}  // namespace spud
