// LRN: local response normalization across channels,
// y = x / (bias + alpha / size * sum(x^2 over the `size` nearest channels))^beta.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct LrnData {
  float alpha, beta, bias;
  int64_t size;
};

Status init(KernelContext* ctx) {
  LrnData* d = ctx->data<LrnData>();
  d->alpha = ctx->attributes->get_float("alpha", 1e-4f);
  d->beta = ctx->attributes->get_float("beta", 0.75f);
  d->bias = ctx->attributes->get_float("bias", 1.f);
  d->size = ctx->attributes->get_int("size", 0);
  SPUD_CHECK_OR_RETURN(d->size >= 1, kInvalidModel, "LRN: size must be >= 1");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank >= 2, kInvalidModel, "LRN: needs X of rank >= 2");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const LrnData* d = ctx->data<LrnData>();
  const Tensor* x = ctx->input(0);
  const int64_t n = x->dims[0], c = x->dims[1];
  const int64_t size = n * c == 0 ? 0 : x->num_elements() / (n * c);
  const int64_t before = (d->size - 1) / 2, after = d->size - 1 - before;  // floor / ceil halves
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t i = 0; i < size; ++i) {
        double sq = 0;
        const int64_t lo = ch - before < 0 ? 0 : ch - before, hi = ch + after >= c ? c - 1 : ch + after;
        for (int64_t k = lo; k <= hi; ++k) {
          const double v = in[(b * c + k) * size + i];
          sq += v * v;
        }
        const int64_t at = (b * c + ch) * size + i;
        out[at] = static_cast<T>(in[at] / pow(d->bias + d->alpha / static_cast<double>(d->size) * sq, d->beta));
      }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kLRNFloat32 = {"", "LRN", 1, 13, dtype_bit(DType::kFloat32), 0, sizeof(LrnData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kLRNFloat64 = {"", "LRN", 1, 13, dtype_bit(DType::kFloat64), 0, sizeof(LrnData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
