// GlobalMaxPool: the maximum over every spatial position, per (n, c).
#include "pool_util.h"

namespace spud {
namespace kernels {
namespace {

template <typename T>
Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const int64_t planes = x->dims[0] * x->dims[1];
  const int64_t size = planes == 0 ? 0 : x->num_elements() / planes;
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for (int64_t p = 0; p < planes; ++p) {
    T best = size > 0 ? in[p * size] : T(0);
    for (int64_t i = 1; i < size; ++i) best = in[p * size + i] > best ? in[p * size + i] : best;
    out[p] = best;
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGlobalMaxPoolFloat32 = {"", "GlobalMaxPool", 1, 1, dtype_bit(DType::kFloat32), 0, 0, nullptr, prepare_global_pool, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kGlobalMaxPoolFloat64 = {"", "GlobalMaxPool", 1, 1, dtype_bit(DType::kFloat64), 0, 0, nullptr, prepare_global_pool, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
