// Small helpers shared by kernels. Header-only, no allocation.
#ifndef SPUD_KERNELS_KERNEL_UTIL_H_
#define SPUD_KERNELS_KERNEL_UTIL_H_

#include "spud/kernel.h"

namespace spud {
namespace kernels {

// Sets `out` to `in`'s dtype and shape.
inline void copy_type_and_shape(const Tensor& in, Tensor* out) {
  out->dtype = in.dtype;
  out->rank = in.rank;
  for (int i = 0; i < in.rank; ++i) out->dims[i] = in.dims[i];
}

// Normalizes a possibly negative axis against `rank`; false when out of range.
inline bool normalize_axis(int64_t axis, int rank, int* out) {
  if (axis < -rank || axis >= rank) return false;
  *out = static_cast<int>(axis < 0 ? axis + rank : axis);
  return true;
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_KERNEL_UTIL_H_
