// BatchNormalization: y = (x - mean) / sqrt(var + eps) * scale + B per
// channel (axis 1). Inference form: the given mean and var. Training mode
// (opset 14+, training_mode=1): the batch's own mean and population
// variance, with the optional running_mean/running_var outputs updated as
// input * momentum + batch * (1 - momentum). The converter folds the
// inference form into a preceding Conv when it can.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct BnData {
  float epsilon, momentum;
  bool training;
};

Status init(KernelContext* ctx) {
  BnData* d = ctx->data<BnData>();
  d->epsilon = ctx->attributes->get_float("epsilon", 1e-5f);
  d->momentum = ctx->attributes->get_float("momentum", 0.9f);
  d->training = ctx->attributes->get_int("training_mode", 0) != 0;
  SPUD_CHECK_OR_RETURN(!d->training || ctx->since_version >= 14, kInvalidModel,
                       "BatchNormalization: training_mode needs opset 14");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const bool training = ctx->data<BnData>()->training;
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_inputs == 5 && (ctx->num_outputs == 1 || (training && ctx->num_outputs <= 3)),
                       kInvalidModel, "BatchNormalization: needs X, scale, B, mean, var; one output (three in training mode)");
  SPUD_CHECK_OR_RETURN(x->rank >= 2, kInvalidModel, "BatchNormalization: X must have rank >= 2");
  for (int i = 1; i < 5; ++i) {
    const Tensor* p = ctx->input(i);
    SPUD_CHECK_OR_RETURN(p != nullptr && p->dtype == x->dtype && p->rank == 1 && p->dims[0] == x->dims[1],
                         kInvalidModel, "BatchNormalization: scale, B, mean and var must be [C] of X's type");
  }
  copy_type_and_shape(*x, ctx->output(0));
  for (int k = 1; k <= 2; ++k)
    if (Tensor* t = ctx->output(k)) copy_type_and_shape(*ctx->input(3), t);
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const T* scale = ctx->input(1)->data_as<const T>();
  const T* bias = ctx->input(2)->data_as<const T>();
  const T* mean = ctx->input(3)->data_as<const T>();
  const T* var = ctx->input(4)->data_as<const T>();
  const BnData* d = ctx->data<BnData>();
  const T eps = static_cast<T>(d->epsilon);
  const int64_t n = x->dims[0], c = x->dims[1];
  const int64_t size = n * c == 0 ? 0 : x->num_elements() / (n * c);
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for (int64_t ch = 0; ch < c && d->training; ++ch) {
    // This channel's batch statistics replace mean/var below.
    double sum = 0, sq = 0;
    for (int64_t b = 0; b < n; ++b)
      for (int64_t i = 0; i < size; ++i) {
        const double v = in[(b * c + ch) * size + i];
        sum += v;
        sq += v * v;
      }
    const double count = static_cast<double>(n * size > 0 ? n * size : 1);
    const double bm = sum / count, bv = sq / count - bm * bm;
    const double s = scale[ch] / sqrt(bv + d->epsilon);
    for (int64_t b = 0; b < n; ++b)
      for (int64_t i = 0; i < size; ++i) {
        const int64_t at = (b * c + ch) * size + i;
        out[at] = static_cast<T>((in[at] - bm) * s + bias[ch]);
      }
    const double m = d->momentum;
    if (Tensor* rm = ctx->output(1)) rm->data_as<T>()[ch] = static_cast<T>(mean[ch] * m + bm * (1 - m));
    if (Tensor* rv = ctx->output(2)) rv->data_as<T>()[ch] = static_cast<T>(var[ch] * m + bv * (1 - m));
  }
  if (d->training) return Status::Ok();
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

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kBatchNormalizationFloat32 = {
    "", "BatchNormalization", 9, 15, dtype_bit(DType::kFloat32), 0, sizeof(BnData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kBatchNormalizationFloat64 = {
    "", "BatchNormalization", 9, 15, dtype_bit(DType::kFloat64), 0, sizeof(BnData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
