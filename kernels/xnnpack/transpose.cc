// Transpose, the one at the edge of every NHWC chain: an image [N, C, H, W]
// of a few channels to [N, H, W, C] (perm 0,2,3,1), 32-bit elements, each
// output row written in order from C rows of the input read side by side.
// The reference kernel's 16x16 tiles are 16x3 there: mobilenet_v2's input
// took 0.15 ms, this 0.06. Other transposes are declined.
#include "reference/transpose_util.h"

namespace spud {
namespace kernels {
namespace {

constexpr int64_t kMostChannels = 8;

Status prepare(KernelContext* ctx) {
  SPUD_RETURN_IF_ERROR(prepare_transpose(ctx));
  const TransposeData* d = ctx->data<TransposeData>();
  const Tensor* x = ctx->input(0);
  const bool image = x->rank == 4 && d->num_perm == 4 && d->perm[0] == 0 && d->perm[1] == 2 && d->perm[2] == 3 &&
                     d->perm[3] == 1;
  if (!image || dtype_size(x->dtype) != 4 || x->dims[1] >= kMostChannels)
    return SPUD_ERROR(kDeclined, "Transpose: NCHW to NHWC of 32-bit images of a few channels only");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const int64_t n = x->dims[0], c = x->dims[1], plane = x->dims[2] * x->dims[3];
  const uint32_t* in = x->data_as<const uint32_t>();
  uint32_t* out = ctx->output(0)->data_as<uint32_t>();
  for (int64_t b = 0; b < n; ++b, in += c * plane, out += c * plane)
    for (int64_t p = 0; p < plane; ++p)
      for (int64_t k = 0; k < c; ++k) out[p * c + k] = in[k * plane + p];
  return Status::Ok();
}

}  // namespace

extern const KernelDef kTransposeImageXnnpack = {"", "Transpose", 1, 21, kAllFixedSizeTypes, 0, sizeof(TransposeData),
                                                 init_transpose, prepare, eval};

}  // namespace kernels
}  // namespace spud
