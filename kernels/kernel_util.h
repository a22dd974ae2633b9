// Small helpers shared by kernels. Header-only, no allocation.
#ifndef SPUD_KERNELS_KERNEL_UTIL_H_
#define SPUD_KERNELS_KERNEL_UTIL_H_

#include <string.h>

#include <type_traits>

#include "spud/kernel.h"

namespace spud {
namespace kernels {

// Every type with a fixed element size, for kernels that only move bytes.
constexpr uint32_t kAllFixedSizeTypes =
    dtype_bit(DType::kFloat32) | dtype_bit(DType::kUInt8) | dtype_bit(DType::kInt8) |
    dtype_bit(DType::kUInt16) | dtype_bit(DType::kInt16) | dtype_bit(DType::kInt32) |
    dtype_bit(DType::kInt64) | dtype_bit(DType::kBool) | dtype_bit(DType::kFloat16) |
    dtype_bit(DType::kFloat64) | dtype_bit(DType::kUInt32) | dtype_bit(DType::kUInt64) |
    dtype_bit(DType::kBFloat16);

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

// eval of ops that only relabel the shape (Reshape, Flatten, Squeeze,
// Unsqueeze, Identity): copy the bytes unless the planner placed output and
// input at the same address.
inline Status copy_input_to_output(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  Tensor* y = ctx->output(0);
  if (y->data != x->data) memcpy(y->data, x->data, x->size_bytes());
  return Status::Ok();
}

// -x, defined for the most negative integer too: signed integers are negated
// in unsigned arithmetic and wrap, as two's complement hardware does.
template <typename T>
T wrapping_neg(T x) {
  if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    return static_cast<T>(0u - static_cast<std::make_unsigned_t<T>>(x));
  } else {
    return static_cast<T>(-x);
  }
}

// Element i of a numeric tensor of any fixed-size type, as a double (for
// operators whose index or count inputs may be of many types).
inline double element_as_double(const Tensor& t, int64_t i) {
  switch (t.dtype) {
    case DType::kFloat32: return t.data_as<const float>()[i];
    case DType::kFloat64: return t.data_as<const double>()[i];
    case DType::kInt8: return t.data_as<const int8_t>()[i];
    case DType::kInt16: return t.data_as<const int16_t>()[i];
    case DType::kInt32: return t.data_as<const int32_t>()[i];
    case DType::kInt64: return static_cast<double>(t.data_as<const int64_t>()[i]);
    case DType::kUInt8:
    case DType::kBool: return t.data_as<const uint8_t>()[i];
    case DType::kUInt16: return t.data_as<const uint16_t>()[i];
    case DType::kUInt32: return t.data_as<const uint32_t>()[i];
    case DType::kUInt64: return static_cast<double>(t.data_as<const uint64_t>()[i]);
    default: return 0;
  }
}

// Reads a 1-D (or scalar) int64/int32 input holding shape values or axes.
// Returns the count, or -1 when the tensor is absent, not constant yet
// (data is null during prepare), of another type, or has more than `max`
// values.
inline int read_int_list(const Tensor* t, int64_t* out, int max) {
  if (t == nullptr || t->data == nullptr || t->rank > 1) return -1;
  const int64_t n = t->num_elements();
  if (n > max) return -1;
  for (int64_t i = 0; i < n; ++i) {
    if (t->dtype == DType::kInt64) out[i] = t->data_as<const int64_t>()[i];
    else if (t->dtype == DType::kInt32) out[i] = t->data_as<const int32_t>()[i];
    else return -1;
  }
  return static_cast<int>(n);
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_KERNEL_UTIL_H_
