// Writing one element into another for the Scatter kernels: a copy, or (the
// `reduction` attribute of opset 16) an add or multiply in the element type,
// or (opset 18) the greater or the lesser of the two.
#ifndef SPUD_KERNELS_REFERENCE_SCATTER_UTIL_H_
#define SPUD_KERNELS_REFERENCE_SCATTER_UTIL_H_

#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {

enum class ScatterReduction : uint8_t { kNone, kAdd, kMul, kMax, kMin };

inline Status parse_scatter_reduction(const NodeAttributes& a, int since_version, ScatterReduction* out) {
  const std::string_view r = a.get_string("reduction");
  if (r.empty() || r == "none") *out = ScatterReduction::kNone;
  else if (r == "add") *out = ScatterReduction::kAdd;
  else if (r == "mul") *out = ScatterReduction::kMul;
  else if (r == "max" && since_version >= 18) *out = ScatterReduction::kMax;
  else if (r == "min" && since_version >= 18) *out = ScatterReduction::kMin;
  else return SPUD_ERROR(kUnsupported, "Scatter: reduction must be none, add, mul or (from opset 18) max or min");
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
  switch (r) {
    case ScatterReduction::kAdd: a = static_cast<T>(a + b); break;
    case ScatterReduction::kMul: a = static_cast<T>(a * b); break;
    case ScatterReduction::kMax: a = b > a ? b : a; break;
    default: a = b < a ? b : a; break;
  }
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
