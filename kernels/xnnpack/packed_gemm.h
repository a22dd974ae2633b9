// spud's own float32 matrix product for AVX-512 CPUs, beside XNNPACK:
// C[M, N] = A[M, K] * B[K, N] + bias, clamped, with B constant and packed
// once. This XNNPACK's AVX-512 micro-kernel keeps 7 rows of 16 columns (7
// accumulators for 2 FMA pipes of latency 4) and reaches 145-158 GFLOP/s
// on a 228 GFLOP/s core; 8 rows of 32 columns (16 accumulators) reach
// 215-224 on the same products. The tier's Conv kernels use it for 1x1
// convolutions and for Winograd's 16 products where the CPU has AVX-512F,
// and XNNPACK's fully connected operator elsewhere.
//
// B is packed in panels of 32 columns, [N/32][K][32], so the micro-kernel
// reads it in order; a last panel of 16 columns or fewer is [K][16] and has
// a 16-column micro-kernel (the 16 or 24 channels of a MobileNet's
// projections would otherwise waste half of every FMA); the last panel is
// zero padded. Every panel is read once per block of kGemmBlockRows rows of
// A, which stay in cache across them.
#ifndef SPUD_KERNELS_XNNPACK_PACKED_GEMM_H_
#define SPUD_KERNELS_XNNPACK_PACKED_GEMM_H_

#include <stddef.h>
#include <stdint.h>

#include "spud/kernel.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {

constexpr size_t kGemmPanel = 32;      // columns per panel
constexpr size_t kGemmBlockRows = 96;  // rows of A per task: 12 micro-kernel tiles

// A packed B: a view of bytes pack_gemm_nk wrote, in a block the kernel
// holds or in the model file (spud convert --prepack).
struct PackedGemm {
  const float* panels = nullptr;  // [panels][k][32], 64-byte aligned
  const float* bias = nullptr;    // [panels * 32], right after the panels
  size_t k = 0, n = 0, num_panels = 0;
  size_t last_width = 0;  // 32, or 16 when the last panel has 16 columns or fewer
};

// Whether this CPU runs the packed product (AVX-512F), unless a test has
// turned it off to reach the XNNPACK path.
bool packed_gemm_available();
void set_packed_gemm_enabled_for_tests(bool enabled);
// Whether a kernel should take its packed-product path: on this CPU, or in
// the converter's --prepack session, which packs for the CPUs that have it.
inline bool use_packed_gemm(const KernelContext* ctx) {
  return packed_gemm_available() || ctx->pack_sink != nullptr;
}

// Bytes B [N][K] and its bias take packed (a multiple of 64).
size_t packed_gemm_bytes(size_t k, size_t n);
// Packs B, given as [N][K] (a fully connected layer's or an OHWI 1x1
// convolution's weights: row j is output column j), and bias [N] (may be
// null: zeros) into `dst`: packed_gemm_bytes(k, n) bytes, 64-byte aligned.
void pack_gemm_nk(const float* b, size_t k, size_t n, const float* bias, void* dst);
// The product over bytes pack_gemm_nk wrote for these k and n.
PackedGemm packed_gemm_view(const void* bytes, size_t k, size_t n);
// The name of that layout for these dimensions, as packed state's kind
// (`layout` tells apart products packed from different weights).
void packed_gemm_kind(char (&out)[64], const char* layout, size_t k, size_t n);

// W [N][K] and bias as one packed product for a kernel's prepare: the
// file's pre-packed bytes when it has them, else packed now into a block
// `state` holds (and shared with the converter when it asked). `layout`
// names what W is, for the kind.
Status prepare_packed_gemm(KernelContext* ctx, const char* layout, const float* w, size_t k, size_t n,
                           const float* bias, PackedState* state, PackedGemm* out);

// Rows [m0, m1) of C = A * B + bias, each clamped to [lo, hi], in the
// columns of panels [q0, q1) (all of them by default); row m of A at
// a + m * lda, of C at c + m * ldc. Needs packed_gemm_available().
void packed_gemm_rows(const PackedGemm& p, const float* a, size_t lda, float* c, size_t ldc, size_t m0, size_t m1,
                      float lo, float hi, size_t q0 = 0, size_t q1 = SIZE_MAX);

// `count` rows of C (at c, ldc apart) from gathered rows of A: row m is
// `taps` pieces of `piece` floats, at rows[m * taps + t], with
// taps * piece = K (a convolution's window over OHWI weights, packed as
// [N][K]). Every panel goes over the rows while they are in cache.
void packed_gemm_indirect(const PackedGemm& p, const float* const* rows, size_t taps, size_t piece, float* c,
                          size_t ldc, size_t count, float lo, float hi, size_t q0 = 0, size_t q1 = SIZE_MAX);

// How many panels one task of a thread pool should take, for `rows` rows
// over `threads` threads: all of them while the row blocks alone give each
// thread several tasks, fewer when the rows are few (a 7x7 image's 49).
size_t panels_per_task(const PackedGemm& p, size_t rows, size_t threads);

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_XNNPACK_PACKED_GEMM_H_
