// Small helpers shared by kernels. Header-only, no allocation.
#ifndef SPUD_KERNELS_KERNEL_UTIL_H_
#define SPUD_KERNELS_KERNEL_UTIL_H_

#include <string.h>

#include <type_traits>

#include "spud/kernel.h"

// Type reduction. A build from an operator config compiles each kernel file
// with SPUD_OP_TYPES set to the dtype_bit mask its operator may use, and a
// definition made for one element type is compiled only when that type is in:
//   #if SPUD_TYPE_ENABLED(kInt64)
//   extern const KernelDef kAddInt64 = ...;
//   #endif
// (cmake/kernel_registry.cmake reads these #if lines, and the numbers
// below, to build the table.)
// Without a config every type is in.
#ifndef SPUD_OP_TYPES
#define SPUD_OP_TYPES 0xFFFFFFFF
#endif
#define SPUD_DTYPE_NUMBER_kFloat32 1
#define SPUD_DTYPE_NUMBER_kUInt8 2
#define SPUD_DTYPE_NUMBER_kInt8 3
#define SPUD_DTYPE_NUMBER_kUInt16 4
#define SPUD_DTYPE_NUMBER_kInt16 5
#define SPUD_DTYPE_NUMBER_kInt32 6
#define SPUD_DTYPE_NUMBER_kInt64 7
#define SPUD_DTYPE_NUMBER_kString 8
#define SPUD_DTYPE_NUMBER_kBool 9
#define SPUD_DTYPE_NUMBER_kFloat16 10
#define SPUD_DTYPE_NUMBER_kFloat64 11
#define SPUD_DTYPE_NUMBER_kUInt32 12
#define SPUD_DTYPE_NUMBER_kUInt64 13
#define SPUD_DTYPE_NUMBER_kBFloat16 16
#define SPUD_TYPE_ENABLED(t) ((((SPUD_OP_TYPES) >> SPUD_DTYPE_NUMBER_##t) & 1) != 0)

namespace spud {
namespace kernels {

static_assert(SPUD_DTYPE_NUMBER_kFloat32 == static_cast<int>(DType::kFloat32) &&
                  SPUD_DTYPE_NUMBER_kUInt8 == static_cast<int>(DType::kUInt8) &&
                  SPUD_DTYPE_NUMBER_kInt8 == static_cast<int>(DType::kInt8) &&
                  SPUD_DTYPE_NUMBER_kUInt16 == static_cast<int>(DType::kUInt16) &&
                  SPUD_DTYPE_NUMBER_kInt16 == static_cast<int>(DType::kInt16) &&
                  SPUD_DTYPE_NUMBER_kInt32 == static_cast<int>(DType::kInt32) &&
                  SPUD_DTYPE_NUMBER_kInt64 == static_cast<int>(DType::kInt64) &&
                  SPUD_DTYPE_NUMBER_kString == static_cast<int>(DType::kString) &&
                  SPUD_DTYPE_NUMBER_kBool == static_cast<int>(DType::kBool) &&
                  SPUD_DTYPE_NUMBER_kFloat16 == static_cast<int>(DType::kFloat16) &&
                  SPUD_DTYPE_NUMBER_kFloat64 == static_cast<int>(DType::kFloat64) &&
                  SPUD_DTYPE_NUMBER_kUInt32 == static_cast<int>(DType::kUInt32) &&
                  SPUD_DTYPE_NUMBER_kUInt64 == static_cast<int>(DType::kUInt64) &&
                  SPUD_DTYPE_NUMBER_kBFloat16 == static_cast<int>(DType::kBFloat16),
              "SPUD_DTYPE_NUMBER_* must match DType");

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

// *product *= factor for non-negative values; false, leaving it unchanged,
// when the result would pass INT64_MAX (shape values read from tensors or
// attributes, before set_shape can check them).
inline bool multiply_fits(int64_t* product, int64_t factor) {
  if (factor != 0 && *product > INT64_MAX / factor) return false;
  *product *= factor;
  return true;
}

// *sum = a + b; false, leaving it unchanged, when that would leave int64.
inline bool add_fits(int64_t a, int64_t b, int64_t* sum) {
  if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b)) return false;
  *sum = a + b;
  return true;
}

// Whether a double converts to int64 without undefined behaviour (finite,
// and within range once truncated): check before every such cast of a value
// computed from a file's or an input's numbers.
inline bool fits_int64(double v) { return v >= -9223372036854775808.0 && v < 9223372036854775808.0; }

// If, Loop and Scan carry values of every fixed-size type; their first input
// (Loop's M, opset-8 Scan's sequence_lens) may be omitted.
constexpr uint32_t kControlFlowTypes = kAllFixedSizeTypes | dtype_bit(DType::kUndefined);

// prepare and eval of If, Loop and Scan's registry entries: the session runs
// those nodes itself and never calls these.
inline Status control_flow_marker(KernelContext*) {
  return SPUD_ERROR(kInternal, "control flow is run by the session, not by a kernel");
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

// Element i of a numeric tensor as an int64: integers exactly, floats
// truncated toward zero. False when it has no int64 value (NaN, beyond the
// range, a uint64 above INT64_MAX).
inline bool element_as_int64(const Tensor& t, int64_t i, int64_t* out) {
  switch (t.dtype) {
    case DType::kInt64: *out = t.data_as<const int64_t>()[i]; return true;
    case DType::kUInt64: {
      const uint64_t v = t.data_as<const uint64_t>()[i];
      *out = static_cast<int64_t>(v);
      return v <= static_cast<uint64_t>(INT64_MAX);
    }
    case DType::kFloat32:
    case DType::kFloat64: {
      const double v = element_as_double(t, i);
      if (!fits_int64(v)) return false;
      *out = static_cast<int64_t>(v);
      return true;
    }
    default: *out = static_cast<int64_t>(element_as_double(t, i)); return true;  // narrower integers: exact
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
