// GlobalAveragePool in spud's NHWC domain: the mean over H and W of X
// [N,H,W,C], per (n, c), as Y [N,1,1,C].
#include "nhwc_util.h"

namespace spud {
namespace kernels {
namespace {

Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const int64_t batch = x->dims[0], pixels = x->dims[1] * x->dims[2], c = x->dims[3];
  const float* in = x->data_as<const float>();
  float* out = ctx->output(0)->data_as<float>();
  for (int64_t n = 0; n < batch; ++n) {
    float* o = out + n * c;
    for (int64_t ch = 0; ch < c; ++ch) o[ch] = 0.f;
    for (int64_t p = 0; p < pixels; ++p)
      for (int64_t ch = 0; ch < c; ++ch) o[ch] += in[(n * pixels + p) * c + ch];
    const float scale = pixels > 0 ? 1.f / static_cast<float>(pixels) : 0.f;
    for (int64_t ch = 0; ch < c; ++ch) o[ch] *= scale;
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGlobalAveragePoolNhwcFloat32 = {
    "com.spud.nhwc", "GlobalAveragePool", 1, 1, dtype_bit(DType::kFloat32), 0, 0, nullptr,
    prepare_global_pool_nhwc, eval};
#endif

}  // namespace kernels
}  // namespace spud
