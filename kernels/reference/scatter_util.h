// Writing one element into another for the Scatter kernels: a copy, or (the
// `reduction` attribute of opset 16) an add or multiply in the element type.
#ifndef SPUD_KERNELS_REFERENCE_SCATTER_UTIL_H_
#define SPUD_KERNELS_REFERENCE_SCATTER_UTIL_H_

#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {

enum class ScatterReduction : uint8_t { kNone, kAdd, kMul };

inline Status parse_scatter_reduction(const NodeAttributes& a, ScatterReduction* out) {
  const std::string_view r = a.get_string("reduction");
  if (r.empty() || r == "none") *out = ScatterReduction::kNone;
  else if (r == "add") *out = ScatterReduction::kAdd;
  else if (r == "mul") *out = ScatterReduction::kMul;
  else return SPUD_ERROR(kUnsupported, "Scatter: reduction must be none, add or mul");
  return Status::Ok();
}

// Whether `type` supports add/mul reductions here.
inline bool scatter_reducible(DType type) {
  return type == DType::kFloat32 || type == DType::kFloat64 || type == DType::kInt32 || type == DType::kInt64;
}

template <typename T>
void combine_as(uint8_t* dst, const uint8_t* src, ScatterReduction r) {
  T a, b;
  memcpy(&a, dst, sizeof(T));
  memcpy(&b, src, sizeof(T));
  a = r == ScatterReduction::kAdd ? static_cast<T>(a + b) : static_cast<T>(a * b);
  memcpy(dst, &a, sizeof(T));
}

inline void scatter_element(DType type, uint8_t* dst, const uint8_t* src, size_t elem, ScatterReduction r) {
  if (r == ScatterReduction::kNone) {
    memcpy(dst, src, elem);
    return;
  }
  switch (type) {
    case DType::kFloat32: combine_as<float>(dst, src, r); break;
    case DType::kFloat64: combine_as<double>(dst, src, r); break;
    case DType::kInt32: combine_as<int32_t>(dst, src, r); break;
    default: combine_as<int64_t>(dst, src, r); break;
  }
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_SCATTER_UTIL_H_
