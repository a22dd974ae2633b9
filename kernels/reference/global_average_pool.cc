// GlobalAveragePool: the mean over every spatial position, per (n, c).
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "GlobalAveragePool: needs X and Y");
  SPUD_CHECK_OR_RETURN(x->rank >= 3, kInvalidModel, "GlobalAveragePool: X must have rank >= 3");
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  int64_t dims[kMaxRank];
  for (int i = 0; i < x->rank; ++i) dims[i] = i < 2 ? x->dims[i] : 1;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "GlobalAveragePool: bad shape");
  return Status::Ok();
}

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

extern const KernelDef kGlobalAveragePoolFloat32 = {
    "", "GlobalAveragePool", 1, 1, dtype_bit(DType::kFloat32), 0, 0, nullptr, prepare, eval<float>};

}  // namespace kernels
}  // namespace spud
