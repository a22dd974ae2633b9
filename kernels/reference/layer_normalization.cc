// LayerNormalization (opset 17): normalize over the axes from `axis` on,
// y = (x - mean) / sqrt(var + epsilon) * Scale + B, with the optional Mean
// and InvStdDev outputs shaped like X with those axes set to 1.
#include <math.h>

#include "kernel_util.h"
#include "layer_norm_util.h"

namespace spud {
namespace kernels {
namespace {

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
extern const KernelDef kLayerNormalizationFloat32 = {"", "LayerNormalization", 17, 17, dtype_bit(DType::kFloat32), 0,
                                                     sizeof(LayerNormData), init_layer_norm, prepare_layer_norm,
                                                     eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kLayerNormalizationFloat64 = {"", "LayerNormalization", 17, 17, dtype_bit(DType::kFloat64), 0,
                                                     sizeof(LayerNormData), init_layer_norm, prepare_layer_norm,
                                                     eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
