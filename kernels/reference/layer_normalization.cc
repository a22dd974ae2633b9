// LayerNormalization (opset 17): normalize over the axes from `axis` on,
// y = (x - mean) / sqrt(var + epsilon) * Scale + B, with the optional Mean
// and InvStdDev outputs shaped like X with those axes set to 1.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct LayerNormData {
  int64_t axis_attr;
  float epsilon;
  int64_t outer, inner;
};

Status init(KernelContext* ctx) {
  LayerNormData* d = ctx->data<LayerNormData>();
  d->axis_attr = ctx->attributes->get_int("axis", -1);
  d->epsilon = ctx->attributes->get_float("epsilon", 1e-5f);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  LayerNormData* d = ctx->data<LayerNormData>();
  const Tensor* x = ctx->input(0);
  const Tensor* scale = ctx->input(1);
  const Tensor* bias = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && scale != nullptr && ctx->num_outputs >= 1, kInvalidModel,
                       "LayerNormalization: needs X, Scale and Y");
  int axis = 0;
  SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &axis), kInvalidModel, "LayerNormalization: axis out of range");
  d->outer = d->inner = 1;
  for (int i = 0; i < x->rank; ++i) (i < axis ? d->outer : d->inner) *= x->dims[i];
  SPUD_CHECK_OR_RETURN(scale->dtype == x->dtype && scale->num_elements() == d->inner &&
                           (bias == nullptr || (bias->dtype == x->dtype && bias->num_elements() == d->inner)),
                       kInvalidModel, "LayerNormalization: Scale and B must cover the normalized axes");
  copy_type_and_shape(*x, ctx->output(0));
  for (int k = 1; k <= 2; ++k) {
    Tensor* t = ctx->output(k);
    if (t == nullptr) continue;
    copy_type_and_shape(*x, t);
    for (int i = axis; i < x->rank; ++i) t->dims[i] = 1;
  }
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const LayerNormData* d = ctx->data<LayerNormData>();
  const T* in = ctx->input(0)->data_as<const T>();
  const T* scale = ctx->input(1)->data_as<const T>();
  const T* bias = ctx->input(2) != nullptr ? ctx->input(2)->data_as<const T>() : nullptr;
  T* out = ctx->output(0)->data_as<T>();
  T* mean_out = ctx->output(1) != nullptr ? ctx->output(1)->data_as<T>() : nullptr;
  T* inv_out = ctx->output(2) != nullptr ? ctx->output(2)->data_as<T>() : nullptr;
  for (int64_t o = 0; o < d->outer; ++o) {
    const T* v = in + o * d->inner;
    double mean = 0, var = 0;
    for (int64_t i = 0; i < d->inner; ++i) mean += v[i];
    mean /= static_cast<double>(d->inner);
    for (int64_t i = 0; i < d->inner; ++i) var += (v[i] - mean) * (v[i] - mean);
    var /= static_cast<double>(d->inner);
    const double inv = 1.0 / sqrt(var + d->epsilon);
    for (int64_t i = 0; i < d->inner; ++i)
      out[o * d->inner + i] = static_cast<T>((v[i] - mean) * inv * scale[i] + (bias != nullptr ? bias[i] : T(0)));
    if (mean_out != nullptr) mean_out[o] = static_cast<T>(mean);
    if (inv_out != nullptr) inv_out[o] = static_cast<T>(inv);
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kLayerNormalizationFloat32 = {"", "LayerNormalization", 17, 17, dtype_bit(DType::kFloat32), 0, sizeof(LayerNormData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kLayerNormalizationFloat64 = {"", "LayerNormalization", 17, 17, dtype_bit(DType::kFloat64), 0, sizeof(LayerNormData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
