// Element conversions shared by Cast and CastLike, between float32/64,
// int8..64, uint8..64 and bool. Float to integer truncates toward zero;
// values outside the destination's range (ONNX leaves them undefined)
// saturate and NaN becomes 0, so no conversion is C++ undefined behaviour.
// Bools are read as bytes. float16 (IEEE binary16) and bfloat16 go through
// float32, rounding to nearest even.
#ifndef SPUD_KERNELS_REFERENCE_CAST_UTIL_H_
#define SPUD_KERNELS_REFERENCE_CAST_UTIL_H_

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <limits>
#include <type_traits>

#include "kernel_util.h"

namespace spud {
namespace kernels {

inline bool castable(DType t) {
  switch (t) {
    case DType::kFloat32: case DType::kFloat64: case DType::kInt8: case DType::kInt16:
    case DType::kInt32: case DType::kInt64: case DType::kUInt8: case DType::kUInt16:
    case DType::kUInt32: case DType::kUInt64: case DType::kBool: case DType::kFloat16:
    case DType::kBFloat16: return true;
    default: return false;
  }
}

inline float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t mant = h & 0x3ffu;
  uint32_t bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);  // infinity or NaN
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (mant << 13);  // rebias 15 -> 127
  } else if (mant == 0) {
    bits = sign;
  } else {
    // Subnormal: shift until the implicit bit appears, lowering the exponent.
    int32_t e = -1;
    do {
      mant <<= 1;
      ++e;
    } while ((mant & 0x400u) == 0);
    bits = sign | (static_cast<uint32_t>(127 - 15 - e) << 23) | ((mant & 0x3ffu) << 13);
  }
  float f;
  memcpy(&f, &bits, 4);
  return f;
}

inline uint16_t float_to_half(float f) {
  uint32_t x;
  memcpy(&x, &f, 4);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t exp = (x >> 23) & 0xffu;
  uint32_t mant = x & 0x7fffffu;
  if (exp == 0xff) return static_cast<uint16_t>(sign | 0x7c00u | (mant != 0 ? 0x200u : 0));
  const int32_t e = static_cast<int32_t>(exp) - 127 + 15;
  if (e >= 0x1f) return static_cast<uint16_t>(sign | 0x7c00u);  // overflows to infinity
  uint32_t h, rem, halfway;
  if (e <= 0) {  // a half subnormal, or zero
    if (e < -10) return static_cast<uint16_t>(sign);
    mant |= 0x800000u;
    const int shift = 14 - e;
    h = mant >> shift;
    rem = mant & ((1u << shift) - 1);
    halfway = 1u << (shift - 1);
  } else {
    h = (static_cast<uint32_t>(e) << 10) | (mant >> 13);
    rem = mant & 0x1fffu;
    halfway = 0x1000u;
  }
  if (rem > halfway || (rem == halfway && (h & 1u))) ++h;  // a carry may reach infinity: correct
  return static_cast<uint16_t>(sign | h);
}

inline float bfloat16_to_float(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  memcpy(&f, &bits, 4);
  return f;
}

inline uint16_t float_to_bfloat16(float f) {
  uint32_t x;
  memcpy(&x, &f, 4);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // quiet NaN
  x += 0x7fffu + ((x >> 16) & 1u);  // round to nearest even
  return static_cast<uint16_t>(x >> 16);
}

template <typename To, typename From>
To convert_element(From v) {
  if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);
  } else if constexpr (std::is_floating_point_v<To> || !std::is_floating_point_v<From>) {
    return static_cast<To>(v);  // integer wrap-around, or exact/rounded float
  } else {
    if (isnan(v)) return To(0);
    if (v <= static_cast<From>(std::numeric_limits<To>::lowest())) return std::numeric_limits<To>::lowest();
    if (v >= static_cast<From>(std::numeric_limits<To>::max())) return std::numeric_limits<To>::max();
    return static_cast<To>(v);
  }
}

template <typename To, typename From>
void convert_all(const From* in, void* out, int64_t n) {
  To* o = static_cast<To*>(out);
  for (int64_t i = 0; i < n; ++i) o[i] = convert_element<To>(in[i]);
}

// Writes n converted elements, read as read(i) -> From, into `y`, whose
// dtype is the destination.
template <typename From, typename Read>
Status convert_elements(Read read, int64_t n, Tensor* y) {
  switch (y->dtype) {
    case DType::kFloat32: { auto* o = y->data_as<float>(); for (int64_t i = 0; i < n; ++i) o[i] = convert_element<float>(read(i)); break; }
    case DType::kFloat64: { auto* o = y->data_as<double>(); for (int64_t i = 0; i < n; ++i) o[i] = convert_element<double>(read(i)); break; }
    case DType::kInt8: { auto* o = y->data_as<int8_t>(); for (int64_t i = 0; i < n; ++i) o[i] = convert_element<int8_t>(read(i)); break; }
    case DType::kInt16: { auto* o = y->data_as<int16_t>(); for (int64_t i = 0; i < n; ++i) o[i] = convert_element<int16_t>(read(i)); break; }
    case DType::kInt32: { auto* o = y->data_as<int32_t>(); for (int64_t i = 0; i < n; ++i) o[i] = convert_element<int32_t>(read(i)); break; }
    case DType::kInt64: { auto* o = y->data_as<int64_t>(); for (int64_t i = 0; i < n; ++i) o[i] = convert_element<int64_t>(read(i)); break; }
    case DType::kUInt8: { auto* o = y->data_as<uint8_t>(); for (int64_t i = 0; i < n; ++i) o[i] = convert_element<uint8_t>(read(i)); break; }
    case DType::kUInt16: { auto* o = y->data_as<uint16_t>(); for (int64_t i = 0; i < n; ++i) o[i] = convert_element<uint16_t>(read(i)); break; }
    case DType::kUInt32: { auto* o = y->data_as<uint32_t>(); for (int64_t i = 0; i < n; ++i) o[i] = convert_element<uint32_t>(read(i)); break; }
    case DType::kUInt64: { auto* o = y->data_as<uint64_t>(); for (int64_t i = 0; i < n; ++i) o[i] = convert_element<uint64_t>(read(i)); break; }
    case DType::kBool: { auto* o = y->data_as<bool>(); for (int64_t i = 0; i < n; ++i) o[i] = convert_element<bool>(read(i)); break; }
    case DType::kFloat16: { auto* o = y->data_as<uint16_t>(); for (int64_t i = 0; i < n; ++i) o[i] = float_to_half(convert_element<float>(read(i))); break; }
    case DType::kBFloat16: { auto* o = y->data_as<uint16_t>(); for (int64_t i = 0; i < n; ++i) o[i] = float_to_bfloat16(convert_element<float>(read(i))); break; }
    default: return SPUD_ERROR(kInternal, "Cast: target type passed prepare unchecked");
  }
  return Status::Ok();
}

// Converts every element of `x` (stored as From) into `y`.
template <typename From>
Status convert_tensor(const Tensor& x, Tensor* y) {
  const From* in = x.data_as<const From>();
  return convert_elements<From>([in](int64_t i) { return in[i]; }, x.num_elements(), y);
}

// float16 and bfloat16 sources are decoded to float32 element by element.
inline Status convert_half_tensor(const Tensor& x, Tensor* y) {
  const uint16_t* in = x.data_as<const uint16_t>();
  if (x.dtype == DType::kBFloat16)
    return convert_elements<float>([in](int64_t i) { return bfloat16_to_float(in[i]); }, x.num_elements(), y);
  return convert_elements<float>([in](int64_t i) { return half_to_float(in[i]); }, x.num_elements(), y);
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_CAST_UTIL_H_
