#include "packed_gemm.h"

#include <stdio.h>
#include <string.h>

#include "xnnpack_support.h"

#if defined(__x86_64__)
#include <immintrin.h>
// GCC 12's _mm512_max_ps/_mm512_min_ps pass an undefined vector as the
// unused merge source, which -Wmaybe-uninitialized reports.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace spud {
namespace kernels {

namespace {

bool g_enabled = true;

#if defined(__x86_64__)
#define SPUD_AVX512 __attribute__((target("avx512f")))

// MR rows of C, one panel of W = 32 or 16 columns (`cols` of them real):
// accumulators start at the bias, take K rank-1 updates (one load of the
// panel's row, MR broadcasts of A), are clamped and stored, a short
// panel's masked.
template <int MR, int W>
SPUD_AVX512 void micro_kernel(const float* a, size_t lda, const float* panel, const float* bias, size_t k, float* c,
                              size_t ldc, size_t cols, float lo, float hi) {
  constexpr int V = W / 16;  // vectors per row
  __m512 acc[MR][V];
  for (int m = 0; m < MR; ++m)
    for (int v = 0; v < V; ++v) acc[m][v] = _mm512_load_ps(bias + 16 * v);
  for (size_t kk = 0; kk < k; ++kk) {
    __m512 w[V];
    for (int v = 0; v < V; ++v) w[v] = _mm512_load_ps(panel + 16 * v);
    panel += W;
#pragma GCC unroll 8
    for (int m = 0; m < MR; ++m) {
      const __m512 x = _mm512_set1_ps(a[static_cast<size_t>(m) * lda + kk]);
      for (int v = 0; v < V; ++v) acc[m][v] = _mm512_fmadd_ps(x, w[v], acc[m][v]);
    }
  }
  // max(lo, x) and min(hi, x) give x when it is NaN: NaN goes through.
  const __m512 vlo = _mm512_set1_ps(lo), vhi = _mm512_set1_ps(hi);
  __mmask16 mask[V];
  for (int v = 0; v < V; ++v) {
    const size_t left = cols > 16u * v ? cols - 16u * v : 0;
    mask[v] = static_cast<__mmask16>(left >= 16 ? 0xFFFF : (1u << left) - 1);
  }
  for (int m = 0; m < MR; ++m) {
    float* row = c + static_cast<size_t>(m) * ldc;
    for (int v = 0; v < V; ++v) {
      const __m512 y = _mm512_min_ps(vhi, _mm512_max_ps(vlo, acc[m][v]));
      if (cols == static_cast<size_t>(W)) _mm512_storeu_ps(row + 16 * v, y);
      else _mm512_mask_storeu_ps(row + 16 * v, mask[v], y);
    }
  }
}

// The same over gathered rows of A: row m is `taps` pieces of `piece`
// floats, at rows[m * taps + t] (a convolution's input pixels under its
// window, or a zero row for the padding), in the order the panel's K runs.
template <int MR, int W>
SPUD_AVX512 void indirect_kernel(const float* const* rows, size_t taps, size_t piece, const float* panel,
                                 const float* bias, float* c, size_t ldc, size_t cols, float lo, float hi) {
  constexpr int V = W / 16;
  __m512 acc[MR][V];
  for (int m = 0; m < MR; ++m)
    for (int v = 0; v < V; ++v) acc[m][v] = _mm512_load_ps(bias + 16 * v);
  for (size_t t = 0; t < taps; ++t) {
    const float* a[MR];
    for (int m = 0; m < MR; ++m) a[m] = rows[static_cast<size_t>(m) * taps + t];
    for (size_t kk = 0; kk < piece; ++kk) {
      __m512 w[V];
      for (int v = 0; v < V; ++v) w[v] = _mm512_load_ps(panel + 16 * v);
      panel += W;
#pragma GCC unroll 8
      for (int m = 0; m < MR; ++m) {
        const __m512 x = _mm512_set1_ps(a[m][kk]);
        for (int v = 0; v < V; ++v) acc[m][v] = _mm512_fmadd_ps(x, w[v], acc[m][v]);
      }
    }
  }
  const __m512 vlo = _mm512_set1_ps(lo), vhi = _mm512_set1_ps(hi);
  for (int m = 0; m < MR; ++m) {
    float* row = c + static_cast<size_t>(m) * ldc;
    for (int v = 0; v < V; ++v) {
      const __m512 y = _mm512_min_ps(vhi, _mm512_max_ps(vlo, acc[m][v]));
      const size_t left = cols > 16u * v ? cols - 16u * v : 0;
      if (left >= 16) _mm512_storeu_ps(row + 16 * v, y);
      else _mm512_mask_storeu_ps(row + 16 * v, static_cast<__mmask16>((1u << left) - 1), y);
    }
  }
}

using IndirectKernel = void (*)(const float* const*, size_t, size_t, const float*, const float*, float*, size_t,
                                size_t, float, float);
template <int W>
constexpr IndirectKernel kIndirect[9] = {nullptr,               indirect_kernel<1, W>, indirect_kernel<2, W>,
                                         indirect_kernel<3, W>, indirect_kernel<4, W>, indirect_kernel<5, W>,
                                         indirect_kernel<6, W>, indirect_kernel<7, W>, indirect_kernel<8, W>};

using MicroKernel = void (*)(const float*, size_t, const float*, const float*, size_t, float*, size_t, size_t, float,
                             float);
template <int W>
constexpr MicroKernel kKernels[9] = {nullptr,            micro_kernel<1, W>, micro_kernel<2, W>,
                                     micro_kernel<3, W>, micro_kernel<4, W>, micro_kernel<5, W>,
                                     micro_kernel<6, W>, micro_kernel<7, W>, micro_kernel<8, W>};
#endif

}  // namespace

bool packed_gemm_available() {
#if defined(__x86_64__)
  static const bool cpu = __builtin_cpu_supports("avx512f");
  return cpu && g_enabled;
#else
  return false;
#endif
}

void set_packed_gemm_enabled_for_tests(bool enabled) { g_enabled = enabled; }

namespace {

size_t panel_count(size_t n) { return (n + kGemmPanel - 1) / kGemmPanel; }

size_t last_panel_width(size_t n) {
  return n - (panel_count(n) - 1) * kGemmPanel <= kGemmPanel / 2 ? kGemmPanel / 2 : kGemmPanel;
}

size_t panel_floats(size_t k, size_t n) { return ((panel_count(n) - 1) * kGemmPanel + last_panel_width(n)) * k; }

}  // namespace

size_t packed_gemm_bytes(size_t k, size_t n) {
  return (panel_floats(k, n) + panel_count(n) * kGemmPanel) * sizeof(float);
}

void pack_gemm_nk(const float* b, size_t k, size_t n, const float* bias, void* dst) {
  const size_t panels = panel_count(n), last_width = last_panel_width(n);
  float* block = static_cast<float*>(dst);
  for (size_t p = 0; p < panels; ++p) {
    float* panel = block + p * k * kGemmPanel;
    const size_t width = p + 1 == panels ? last_width : kGemmPanel;
    const size_t first = p * kGemmPanel;
    const size_t cols = n - first < width ? n - first : width;
    // Written in order, read from `cols` rows of B side by side.
    const float* src = b + first * k;
    for (size_t kk = 0; kk < k; ++kk, panel += width) {
      for (size_t j = 0; j < cols; ++j) panel[j] = src[j * k + kk];
      for (size_t j = cols; j < width; ++j) panel[j] = 0.f;
    }
  }
  float* packed_bias = block + panel_floats(k, n);
  memset(packed_bias, 0, panels * kGemmPanel * sizeof(float));
  if (bias != nullptr) memcpy(packed_bias, bias, n * sizeof(float));
}

PackedGemm packed_gemm_view(const void* bytes, size_t k, size_t n) {
  PackedGemm p;
  p.panels = static_cast<const float*>(bytes);
  p.bias = p.panels + panel_floats(k, n);
  p.k = k;
  p.n = n;
  p.num_panels = panel_count(n);
  p.last_width = last_panel_width(n);
  return p;
}

void packed_gemm_kind(char (&out)[64], const char* layout, size_t k, size_t n) {
  snprintf(out, sizeof(out), "spud.%s.panels32.v1 k=%zu n=%zu", layout, k, n);
}

Status prepare_packed_gemm(KernelContext* ctx, const char* layout, const float* w, size_t k, size_t n,
                           const float* bias, PackedState* state, PackedGemm* out) {
  char kind[64];
  packed_gemm_kind(kind, layout, k, n);
  const size_t size = packed_gemm_bytes(k, n);
  SPUD_RETURN_IF_ERROR(begin_packed(ctx, kind, size, state));
  if (state->made != nullptr) {
    pack_gemm_nk(w, k, n, bias, state->made);
    share_packed(ctx, kind, *state, size);
  }
  *out = packed_gemm_view(state->bytes, k, n);
  return Status::Ok();
}

void packed_gemm_rows(const PackedGemm& p, const float* a, size_t lda, float* c, size_t ldc, size_t m0, size_t m1,
                      float lo, float hi, size_t q0, size_t q1) {
#if defined(__x86_64__)
  if (q1 > p.num_panels) q1 = p.num_panels;
  // A block of rows goes across the panels while it is in cache.
  for (size_t first = m0; first < m1; first += kGemmBlockRows) {
    const size_t last = first + kGemmBlockRows < m1 ? first + kGemmBlockRows : m1;
    for (size_t q = q0; q < q1; ++q) {
      const size_t col = q * kGemmPanel;
      const size_t cols = p.n - col < kGemmPanel ? p.n - col : kGemmPanel;
      const float* panel = p.panels + q * p.k * kGemmPanel;
      const MicroKernel* kernels = q + 1 == p.num_panels && p.last_width < kGemmPanel ? kKernels<16> : kKernels<32>;
      for (size_t m = first; m < last; m += 8) {
        const size_t rows = last - m < 8 ? last - m : 8;
        kernels[rows](a + m * lda, lda, panel, p.bias + col, p.k, c + m * ldc + col, ldc, cols, lo, hi);
      }
    }
  }
#else
  (void)p, (void)a, (void)lda, (void)c, (void)ldc, (void)m0, (void)m1, (void)lo, (void)hi, (void)q0, (void)q1;
#endif
}

size_t panels_per_task(const PackedGemm& p, size_t rows, size_t threads) {
  const size_t blocks = (rows + kGemmBlockRows - 1) / kGemmBlockRows;
  const size_t wanted = 4 * threads;  // tasks, for the pool to balance
  if (blocks >= wanted || p.num_panels <= 1) return p.num_panels;
  const size_t groups = (wanted + blocks - 1) / blocks;
  const size_t per = (p.num_panels + groups - 1) / groups;
  return per > 0 ? per : 1;
}

void packed_gemm_indirect(const PackedGemm& p, const float* const* rows, size_t taps, size_t piece, float* c,
                          size_t ldc, size_t count, float lo, float hi, size_t q0, size_t q1) {
#if defined(__x86_64__)
  if (q1 > p.num_panels) q1 = p.num_panels;
  for (size_t q = q0; q < q1; ++q) {
    const size_t col = q * kGemmPanel;
    const size_t cols = p.n - col < kGemmPanel ? p.n - col : kGemmPanel;
    const float* panel = p.panels + q * p.k * kGemmPanel;
    const IndirectKernel* kernels = q + 1 == p.num_panels && p.last_width < kGemmPanel ? kIndirect<16> : kIndirect<32>;
    for (size_t m = 0; m < count; m += 8) {
      const size_t n = count - m < 8 ? count - m : 8;
      kernels[n](rows + m * taps, taps, piece, panel, p.bias + col, c + m * ldc + col, ldc, cols, lo, hi);
    }
  }
#else
  (void)p, (void)rows, (void)taps, (void)piece, (void)c, (void)ldc, (void)count, (void)lo, (void)hi, (void)q0,
      (void)q1;
#endif
}

}  // namespace kernels
}  // namespace spud
