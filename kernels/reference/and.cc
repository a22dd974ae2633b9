// And: logical and, element-wise with numpy broadcasting; a bool output.
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct AndOp {
  template <typename T>
  bool operator()(T a, T b) const {
    return a != 0 && b != 0;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kBool)
extern const KernelDef kAndBool = SPUD_COMPARE_DEF("And", 7, 7, uint8_t, kBool, AndOp);
#endif

}  // namespace kernels
}  // namespace spud
