// GlobalAveragePool: the mean over every spatial position, per (n, c).
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
    T sum = T(0);
    for (int64_t i = 0; i < size; ++i) sum += in[p * size + i];
    out[p] = size > 0 ? sum / static_cast<T>(size) : T(0);
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGlobalAveragePoolFloat32 = {
    "", "GlobalAveragePool", 1, 1, dtype_bit(DType::kFloat32), 0, 0, nullptr, prepare_global_pool, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kGlobalAveragePoolFloat64 = {
    "", "GlobalAveragePool", 1, 1, dtype_bit(DType::kFloat64), 0, 0, nullptr, prepare_global_pool, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
