// ArgMax: the index of the largest element along `axis` (see arg_extreme.h).
#include "arg_extreme.h"

namespace spud {
namespace kernels {
namespace {

struct ArgMaxBetter {
  template <typename T>
  bool operator()(T a, T b) const {
    return a > b;
  }
};

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kArgMaxFloat32 = SPUD_ARG_DEF("ArgMax", float, kFloat32, ArgMaxBetter);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kArgMaxFloat64 = SPUD_ARG_DEF("ArgMax", double, kFloat64, ArgMaxBetter);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kArgMaxInt32 = SPUD_ARG_DEF("ArgMax", int32_t, kInt32, ArgMaxBetter);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kArgMaxInt64 = SPUD_ARG_DEF("ArgMax", int64_t, kInt64, ArgMaxBetter);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kArgMaxUInt8 = SPUD_ARG_DEF("ArgMax", uint8_t, kUInt8, ArgMaxBetter);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kArgMaxInt8 = SPUD_ARG_DEF("ArgMax", int8_t, kInt8, ArgMaxBetter);
#endif

}  // namespace kernels
}  // namespace spud
