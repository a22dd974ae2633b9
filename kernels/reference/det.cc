// Det: the determinant of each square matrix in the last two dims, by LU
// decomposition with partial pivoting, in double, in place in the output's
// scratch.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank >= 2, kInvalidModel, "Det: needs [..., M, M]");
  const int64_t m = x->dims[x->rank - 1];
  SPUD_CHECK_OR_RETURN(x->dims[x->rank - 2] == m, kInvalidModel, "Det: matrices must be square");
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank - 2, x->dims), kInvalidModel, "Det: bad shape");
  ctx->scratch_size = static_cast<size_t>(m * m) * sizeof(double);
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const int64_t m = x->dims[x->rank - 1];
  const int64_t count = ctx->output(0)->num_elements();
  double* a = static_cast<double*>(ctx->scratch);
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for (int64_t b = 0; b < count; ++b) {
    for (int64_t i = 0; i < m * m; ++i) a[i] = static_cast<double>(in[b * m * m + i]);
    double det = 1;
    for (int64_t c = 0; c < m; ++c) {
      int64_t pivot = c;
      for (int64_t r = c + 1; r < m; ++r)
        if (fabs(a[r * m + c]) > fabs(a[pivot * m + c])) pivot = r;
      if (a[pivot * m + c] == 0) {
        det = 0;
        break;
      }
      if (pivot != c) {
        for (int64_t k = 0; k < m; ++k) {
          const double t = a[c * m + k];
          a[c * m + k] = a[pivot * m + k];
          a[pivot * m + k] = t;
        }
        det = -det;
      }
      det *= a[c * m + c];
      for (int64_t r = c + 1; r < m; ++r) {
        const double f = a[r * m + c] / a[c * m + c];
        for (int64_t k = c; k < m; ++k) a[r * m + k] -= f * a[c * m + k];
      }
    }
    out[b] = static_cast<T>(det);
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kDetFloat32 = {"", "Det", 11, 11, dtype_bit(DType::kFloat32), 0, 0, nullptr, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kDetFloat64 = {"", "Det", 11, 11, dtype_bit(DType::kFloat64), 0, 0, nullptr, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
