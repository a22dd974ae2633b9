// InstanceNormalization: per (n, c), y = scale[c] * (x - mean) /
// sqrt(var + epsilon) + B[c], mean and variance over the spatial positions.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct NormData {
  float epsilon;
};

Status init(KernelContext* ctx) {
  ctx->data<NormData>()->epsilon = ctx->attributes->get_float("epsilon", 1e-5f);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const Tensor* s = ctx->input(1);
  const Tensor* b = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && s != nullptr && b != nullptr && ctx->num_outputs == 1 && x->rank >= 3,
                       kInvalidModel, "InstanceNormalization: needs X (rank >= 3), scale, B and one output");
  SPUD_CHECK_OR_RETURN(s->rank == 1 && b->rank == 1 && s->dims[0] == x->dims[1] && b->dims[0] == x->dims[1] &&
                           s->dtype == x->dtype && b->dtype == x->dtype,
                       kInvalidModel, "InstanceNormalization: scale and B must be [C] of X's type");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const T* scale = ctx->input(1)->data_as<const T>();
  const T* bias = ctx->input(2)->data_as<const T>();
  const double eps = ctx->data<NormData>()->epsilon;
  const int64_t n = x->dims[0], c = x->dims[1];
  const int64_t size = n * c == 0 ? 0 : x->num_elements() / (n * c);
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for (int64_t p = 0; p < n * c; ++p) {
    const T* v = in + p * size;
    double mean = 0, var = 0;
    for (int64_t i = 0; i < size; ++i) mean += v[i];
    mean /= static_cast<double>(size > 0 ? size : 1);
    for (int64_t i = 0; i < size; ++i) var += (v[i] - mean) * (v[i] - mean);
    var /= static_cast<double>(size > 0 ? size : 1);
    const double k = scale[p % c] / sqrt(var + eps);
    for (int64_t i = 0; i < size; ++i) out[p * size + i] = static_cast<T>((v[i] - mean) * k + bias[p % c]);
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kInstanceNormalizationFloat32 = {"", "InstanceNormalization", 6, 6, dtype_bit(DType::kFloat32), 0, sizeof(NormData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kInstanceNormalizationFloat64 = {"", "InstanceNormalization", 6, 6, dtype_bit(DType::kFloat64), 0, sizeof(NormData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
