// The discrete Fourier transform of one lane, shared by DFT and STFT: a
// direct O(N^2) sum in double precision over a table of the N twiddle
// factors (kept in the kernel's scratch), indexed by (j * k) mod N so that
// large N lose no accuracy to the angle.
#ifndef SPUD_KERNELS_REFERENCE_DFT_UTIL_H_
#define SPUD_KERNELS_REFERENCE_DFT_UTIL_H_

#include <math.h>
#include <stdint.h>

namespace spud {
namespace kernels {

// table[2k], table[2k + 1] = cos, sin of 2 pi k / n.
inline void twiddle_table(int64_t n, double* table) {
  const double pi = 3.14159265358979323846;
  for (int64_t k = 0; k < n; ++k) {
    const double a = 2 * pi * static_cast<double>(k) / static_cast<double>(n);
    table[2 * k] = cos(a);
    table[2 * k + 1] = sin(a);
  }
}

// out[k * out_stride] (real, then imaginary at +1) for k < bins, of the
// n-point transform of the lane's first `count` values (zeros after them):
// value j is in[j * stride], its imaginary part at +1 when `complex_in`,
// multiplied by window[j] when there is a window. The inverse transform
// takes exp(+i...) and divides by n.
template <typename T>
void dft_lane(const T* in, int64_t count, int64_t stride, bool complex_in, const T* window, const double* table, int64_t n,
              int64_t bins, bool inverse, T* out, int64_t out_stride) {
  if (count > n) count = n;
  for (int64_t k = 0; k < bins; ++k) {
    double re = 0, im = 0;
    for (int64_t j = 0; j < count; ++j) {
      double a = in[j * stride], b = complex_in ? static_cast<double>(in[j * stride + 1]) : 0.0;
      if (window != nullptr) {
        a *= window[j];
        b *= window[j];
      }
      const int64_t t = (j * k) % n;
      const double c = table[2 * t], s = table[2 * t + 1];
      if (inverse) {
        re += a * c - b * s;
        im += b * c + a * s;
      } else {
        re += a * c + b * s;
        im += b * c - a * s;
      }
    }
    if (inverse) {
      re /= static_cast<double>(n);
      im /= static_cast<double>(n);
    }
    out[k * out_stride] = static_cast<T>(re);
    out[k * out_stride + 1] = static_cast<T>(im);
  }
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_DFT_UTIL_H_
