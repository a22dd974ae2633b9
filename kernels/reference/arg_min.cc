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

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kArgMinFloat32 = SPUD_ARG_DEF("ArgMin", float, kFloat32, ArgMinBetter);
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kArgMinFloat64 = SPUD_ARG_DEF("ArgMin", double, kFloat64, ArgMinBetter);
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kArgMinInt32 = SPUD_ARG_DEF("ArgMin", int32_t, kInt32, ArgMinBetter);
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kArgMinInt64 = SPUD_ARG_DEF("ArgMin", int64_t, kInt64, ArgMinBetter);
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kArgMinUInt8 = SPUD_ARG_DEF("ArgMin", uint8_t, kUInt8, ArgMinBetter);
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kArgMinInt8 = SPUD_ARG_DEF("ArgMin", int8_t, kInt8, ArgMinBetter);
#endif

}  // namespace kernels
}  // namespace spud
