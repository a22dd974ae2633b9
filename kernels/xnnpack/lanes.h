// The XNNPACK tier's own vector code (Winograd's transforms, Silu): 16
// float32 lanes as a GCC/Clang vector (one AVX-512 register, two AVX ones,
// four SSE or NEON ones), and SPUD_LANE_CLONES, which on x86-64 compiles a
// function for AVX-512 and AVX2 besides the baseline and picks one when the
// library loads (ifunc). Functions taking Lanes must be inlined into such a
// function; they are never called across the ABI. They take and give them by
// reference: a vector passed or returned by value changes the ABI in the
// baseline and AVX2 clones, which clang refuses even for an inlined call.
#ifndef SPUD_KERNELS_XNNPACK_LANES_H_
#define SPUD_KERNELS_XNNPACK_LANES_H_

#include <stdint.h>

#pragma GCC diagnostic ignored "-Wpsabi"

namespace spud {
namespace kernels {

typedef float Lanes __attribute__((vector_size(64)));
typedef int32_t IntLanes __attribute__((vector_size(64)));
constexpr int64_t kLanes = 16;

// Not under ThreadSanitizer: an ifunc resolver runs while the program is
// relocated, before the sanitizer's runtime is up, and crashes there
// (tests/threads/tsan_build.sh); that build takes the baseline code.
#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
#define SPUD_LANE_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SPUD_LANE_CLONES
#endif
#define SPUD_LANE_INLINE __attribute__((always_inline)) inline

SPUD_LANE_INLINE void load_lanes(Lanes& v, const float* p) { __builtin_memcpy(&v, p, sizeof v); }
SPUD_LANE_INLINE void store_lanes(float* p, const Lanes& v) { __builtin_memcpy(p, &v, sizeof v); }
// The same for one float, so that templates serve a tail element by element.
SPUD_LANE_INLINE void load_lanes1(float& v, const float* p) { v = *p; }
SPUD_LANE_INLINE void store_lanes1(float* p, const float& v) { *p = v; }

// exp(t) for t in [-87, 0] (callers clamp): t = n ln2 + r with |r| <= ln2/2
// (ln2 in two parts, so r keeps its bits), exp(r) by its Taylor polynomial to
// r^6 (relative error below 2e-7 there), times 2^n made from n's bits. In
// place.
SPUD_LANE_INLINE void exp_lanes(Lanes& t) {
  const Lanes round = t * 1.44269504f + 12582912.f;  // 1.5 * 2^23: rounds to the nearest integer
  const Lanes n = round - 12582912.f;
  const Lanes r = (t - n * 0.693145752f) - n * 1.42860677e-6f;
  Lanes p = r * (1.f / 720) + (1.f / 120);
  p = p * r + (1.f / 24);
  p = p * r + (1.f / 6);
  p = p * r + 0.5f;
  p = p * r + 1.f;
  p = p * r + 1.f;
  const IntLanes bits = (__builtin_convertvector(n, IntLanes) + 127) << 23;
  t = p * (Lanes)bits;  // the same bits as floats
}

// x * sigmoid(x), with e = exp(-|x|) so nothing overflows: sigmoid is
// 1 / (1 + e) for x >= 0 and e / (1 + e) below. |x| beyond 87 saturates.
// In place.
SPUD_LANE_INLINE void silu_lanes(Lanes& x) {
  Lanes a = x < 0.f ? -x : x;
  a = a > 87.f ? 87.f : a;
  Lanes e = -a;
  exp_lanes(e);
  const Lanes s = (x < 0.f ? e : Lanes{} + 1.f) / (1.f + e);
  x = x * s;
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_XNNPACK_LANES_H_
