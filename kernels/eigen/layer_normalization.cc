// LayerNormalization (opset 17) on Eigen's vectorized reductions: each row
// of the normalized axes is y = (x - mean) / sqrt(var + epsilon) * Scale + B,
// with the optional Mean and InvStdDev outputs, as the reference kernel.
#include <math.h>

#include "eigen_support.h"
#include "reference/layer_norm_util.h"

namespace spud {
namespace kernels {
namespace {

template <typename T>
Status eval(KernelContext* ctx) {
  const LayerNormData* d = ctx->data<LayerNormData>();
  const int64_t rows = d->inner == 0 ? 0 : d->outer, inner = d->inner;
  const T* in = ctx->input(0)->data_as<const T>();
  EigenConstArray<T> scale(ctx->input(1)->data_as<const T>(), inner);
  const T* bias = ctx->input(2) != nullptr ? ctx->input(2)->data_as<const T>() : nullptr;
  T* out = ctx->output(0)->data_as<T>();
  T* mean_out = ctx->output(1) != nullptr ? ctx->output(1)->data_as<T>() : nullptr;
  T* inv_out = ctx->output(2) != nullptr ? ctx->output(2)->data_as<T>() : nullptr;
  size_t tasks = elementwise_tasks(ctx, rows * inner);
  if (static_cast<int64_t>(tasks) > rows) tasks = 1;
  const T epsilon = static_cast<T>(d->epsilon);
  run_tasks(ctx, tasks, [&](size_t t) {
    int64_t begin = 0, end = 0;
    task_range(rows, tasks, t, &begin, &end);
    for (int64_t r = begin; r < end; ++r) {
      EigenConstArray<T> x(in + r * inner, inner);
      EigenArray<T> y(out + r * inner, inner);
      const T mean = x.mean();
      // Two passes, as the reference: var of (x - mean), not E[x^2] - mean^2.
      const T var = (x - mean).square().mean();
      const T inv = T(1) / sqrt(var + epsilon);
      if (bias != nullptr) y = (x - mean) * (inv * scale) + EigenConstArray<T>(bias, inner);
      else y = (x - mean) * (inv * scale);
      if (mean_out != nullptr) mean_out[r] = mean;
      if (inv_out != nullptr) inv_out[r] = inv;
    }
  });
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kLayerNormalizationEigenFloat32 = {"", "LayerNormalization", 17, 17, dtype_bit(DType::kFloat32), 0,
                                                          sizeof(LayerNormData), init_layer_norm, prepare_layer_norm,
                                                          eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kLayerNormalizationEigenFloat64 = {"", "LayerNormalization", 17, 17, dtype_bit(DType::kFloat64), 0,
                                                          sizeof(LayerNormData), init_layer_norm, prepare_layer_norm,
                                                          eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
