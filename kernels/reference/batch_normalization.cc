// BatchNormalization in inference form: y = (x - mean) / sqrt(var + eps) *
// scale + B per channel (axis 1). The converter folds it into a preceding
// Conv when it can; this kernel covers the rest.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct BnData {
  float epsilon;
};

Status init(KernelContext* ctx) {
  ctx->data<BnData>()->epsilon = ctx->attributes->get_float("epsilon", 1e-5f);
  SPUD_CHECK_OR_RETURN(ctx->attributes->get_int("training_mode", 0) == 0, kUnsupported,
                       "BatchNormalization: training_mode=1 is not supported");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_inputs == 5 && ctx->num_outputs == 1, kInvalidModel,
                       "BatchNormalization: needs X, scale, B, mean, var and one output (inference form)");
  SPUD_CHECK_OR_RETURN(x->rank >= 2, kInvalidModel, "BatchNormalization: X must have rank >= 2");
  for (int i = 1; i < 5; ++i) {
    const Tensor* p = ctx->input(i);
    SPUD_CHECK_OR_RETURN(p != nullptr && p->dtype == x->dtype && p->rank == 1 && p->dims[0] == x->dims[1],
                         kInvalidModel, "BatchNormalization: scale, B, mean and var must be [C] of X's type");
  }
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const T* scale = ctx->input(1)->data_as<const T>();
  const T* bias = ctx->input(2)->data_as<const T>();
  const T* mean = ctx->input(3)->data_as<const T>();
  const T* var = ctx->input(4)->data_as<const T>();
  const T eps = static_cast<T>(ctx->data<BnData>()->epsilon);
  const int64_t n = x->dims[0], c = x->dims[1];
  const int64_t size = n * c == 0 ? 0 : x->num_elements() / (n * c);
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for (int64_t b = 0; b < n; ++b) {
    for (int64_t ch = 0; ch < c; ++ch) {
      const T s = scale[ch] / static_cast<T>(sqrt(var[ch] + eps));
      const T shift = bias[ch] - mean[ch] * s;
      const int64_t base = (b * c + ch) * size;
      for (int64_t i = 0; i < size; ++i) out[base + i] = in[base + i] * s + shift;
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kBatchNormalizationFloat32 = {
    "", "BatchNormalization", 9, 15, dtype_bit(DType::kFloat32), 0, sizeof(BnData), init, prepare, eval<float>};

}  // namespace kernels
}  // namespace spud
