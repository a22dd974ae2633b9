// ArgMin: the index of the smallest element along `axis` (see arg_extreme.h).
#include "arg_extreme.h"

namespace spud {
namespace kernels {
namespace {

struct ArgMinBetter {
  template <typename T>
  bool operator()(T a, T b) const {
    return a < b;
  }
};

}  // namespace

extern const KernelDef kArgMinFloat32 = SPUD_ARG_DEF("ArgMin", float, kFloat32, ArgMinBetter);
extern const KernelDef kArgMinFloat64 = SPUD_ARG_DEF("ArgMin", double, kFloat64, ArgMinBetter);
extern const KernelDef kArgMinInt32 = SPUD_ARG_DEF("ArgMin", int32_t, kInt32, ArgMinBetter);
extern const KernelDef kArgMinInt64 = SPUD_ARG_DEF("ArgMin", int64_t, kInt64, ArgMinBetter);
extern const KernelDef kArgMinUInt8 = SPUD_ARG_DEF("ArgMin", uint8_t, kUInt8, ArgMinBetter);
extern const KernelDef kArgMinInt8 = SPUD_ARG_DEF("ArgMin", int8_t, kInt8, ArgMinBetter);

}  // namespace kernels
}  // namespace spud
