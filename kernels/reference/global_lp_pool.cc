// GlobalLpPool: the Lp norm, (sum |x|^p)^(1/p), over every spatial
// position, per (n, c). p is a float attribute in opset 1, an int from 2.
#include <math.h>

#include "pool_util.h"

namespace spud {
namespace kernels {
namespace {

struct GlobalLpPoolData {
  double p;
};

Status init(KernelContext* ctx) {
  return read_lp_pool_p(*ctx->attributes, ctx->since_version, &ctx->data<GlobalLpPoolData>()->p);
}

template <typename T>
Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const double p_attr = ctx->data<GlobalLpPoolData>()->p;
  const T p = static_cast<T>(p_attr), inv_p = static_cast<T>(1.0 / p_attr);
  const int64_t planes = x->dims[0] * x->dims[1];
  const int64_t size = planes == 0 ? 0 : x->num_elements() / planes;
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for (int64_t c = 0; c < planes; ++c) {
    T sum = T(0);
    for (int64_t i = 0; i < size; ++i) sum += static_cast<T>(pow(fabs(in[c * size + i]), p));
    out[c] = static_cast<T>(pow(sum, inv_p));
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGlobalLpPoolFloat32 = {"", "GlobalLpPool", 1, 2, dtype_bit(DType::kFloat32), 0,
                                               sizeof(GlobalLpPoolData), init, prepare_global_pool, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kGlobalLpPoolFloat64 = {"", "GlobalLpPool", 1, 2, dtype_bit(DType::kFloat64), 0,
                                               sizeof(GlobalLpPoolData), init, prepare_global_pool, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
