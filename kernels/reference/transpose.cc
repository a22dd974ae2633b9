// Transpose by `perm` (default: reverse the axes), by element size.
#include <string.h>

#include "transpose_util.h"

namespace spud {
namespace kernels {
namespace {

// The last two output axes go in 16x16 tiles, so that reads along the
// input's rows and writes along the output's stay within a few cache lines
// (NCHW -> NHWC reads W contiguously and writes C contiguously); an
// odometer walks the axes before them.
template <typename T>
void permute(const Tensor& y, const int64_t* in_stride, const T* in, T* out) {
  constexpr int64_t kTile = 16;
  if (y.rank < 2) {
    const int64_t n = y.num_elements();
    for (int64_t i = 0; i < n; ++i) out[i] = in[y.rank == 1 ? i * in_stride[0] : 0];
    return;
  }
  const int64_t rows = y.dims[y.rank - 2], cols = y.dims[y.rank - 1];
  const int64_t row_stride = in_stride[y.rank - 2], col_stride = in_stride[y.rank - 1];
  const int64_t planes = rows * cols == 0 ? 0 : y.num_elements() / (rows * cols);
  int64_t idx[kMaxRank] = {};
  int64_t src = 0;
  for (int64_t p = 0; p < planes; ++p) {
    T* plane = out + p * rows * cols;
    for (int64_t r0 = 0; r0 < rows; r0 += kTile)
      for (int64_t c0 = 0; c0 < cols; c0 += kTile) {
        const int64_t r1 = r0 + kTile < rows ? r0 + kTile : rows, c1 = c0 + kTile < cols ? c0 + kTile : cols;
        for (int64_t r = r0; r < r1; ++r)
          for (int64_t c = c0; c < c1; ++c) plane[r * cols + c] = in[src + r * row_stride + c * col_stride];
      }
    for (int a = y.rank - 3; a >= 0; --a) {
      ++idx[a];
      src += in_stride[a];
      if (idx[a] < y.dims[a]) break;
      src -= in_stride[a] * idx[a];
      idx[a] = 0;
    }
  }
}

Status eval(KernelContext* ctx) {
  const int64_t* st = ctx->data<TransposeData>()->in_stride;
  const Tensor* x = ctx->input(0);
  const Tensor& y = *ctx->output(0);
  switch (dtype_size(x->dtype)) {
    case 1: permute(y, st, x->data_as<const uint8_t>(), y.data_as<uint8_t>()); break;
    case 2: permute(y, st, x->data_as<const uint16_t>(), y.data_as<uint16_t>()); break;
    case 4: permute(y, st, x->data_as<const uint32_t>(), y.data_as<uint32_t>()); break;
    default: permute(y, st, x->data_as<const uint64_t>(), y.data_as<uint64_t>()); break;
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kTransposeAll = {"", "Transpose", 1, 21, kAllFixedSizeTypes, 0, sizeof(TransposeData),
                                        init_transpose, prepare_transpose, eval};

}  // namespace kernels
}  // namespace spud
