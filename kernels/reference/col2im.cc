// Col2Im (opset 18): the inverse of im2col. input [N, C * prod(block_shape),
// L] holds, for each of the L sliding-block positions, one block of C
// channels; every block element is added into the image [N, C,
// *image_shape] at its position, given dilations, pads (begins, then ends)
// and strides. image_shape and block_shape are inputs (data: non-constant
// ones make the node dynamic). 1-D to 6-D images.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

constexpr int kMaxImage = kMaxRank - 2;

struct Col2ImData {
  int spatial;
  int64_t dilation[kMaxImage], stride[kMaxImage], pads[2 * kMaxImage];
  int num_dilations, num_strides, num_pads;
  int64_t image[kMaxImage], block[kMaxImage], blocks[kMaxImage];  // blocks: positions per axis
};

Status init(KernelContext* ctx) {
  Col2ImData* d = ctx->data<Col2ImData>();
  d->num_dilations = ctx->attributes->get_ints("dilations", d->dilation, kMaxImage);
  d->num_strides = ctx->attributes->get_ints("strides", d->stride, kMaxImage);
  d->num_pads = ctx->attributes->get_ints("pads", d->pads, 2 * kMaxImage);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  Col2ImData* d = ctx->data<Col2ImData>();
  const Tensor* x = ctx->input(0);
  const Tensor* image = ctx->input(1);
  const Tensor* block = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && image != nullptr && block != nullptr && ctx->num_outputs == 1 && x->rank == 3,
                       kInvalidModel, "Col2Im: needs input [N, C*prod(block_shape), L], image_shape, block_shape");
  SPUD_CHECK_OR_RETURN(image->data != nullptr && block->data != nullptr, kDataDependent,
                       "Col2Im: image_shape or block_shape is not known yet");
  const int n = read_int_list(image, d->image, kMaxImage);
  SPUD_CHECK_OR_RETURN(n >= 1 && read_int_list(block, d->block, kMaxImage) == n, kInvalidModel,
                       "Col2Im: image_shape and block_shape must hold the same number (1 to 6) of sizes");
  SPUD_CHECK_OR_RETURN((d->num_dilations <= 0 || d->num_dilations == n) && (d->num_strides <= 0 || d->num_strides == n) &&
                           (d->num_pads <= 0 || d->num_pads == 2 * n),
                       kInvalidModel, "Col2Im: dilations, strides and pads must match image_shape's length");
  d->spatial = n;
  int64_t block_size = 1, positions = 1;
  for (int i = 0; i < n; ++i) {
    if (d->num_dilations <= 0) d->dilation[i] = 1;
    if (d->num_strides <= 0) d->stride[i] = 1;
    const int64_t pb = d->num_pads > 0 ? d->pads[i] : 0, pe = d->num_pads > 0 ? d->pads[n + i] : 0;
    SPUD_CHECK_OR_RETURN(d->dilation[i] >= 1 && d->stride[i] >= 1 && pb >= 0 && pe >= 0 && d->block[i] >= 1 &&
                             d->image[i] >= 0,
                         kInvalidModel, "Col2Im: sizes, dilations and strides must be >= 1, pads >= 0");
    // Every term is checked: the attributes and image_shape are the file's.
    int64_t padded = 0, reach = d->block[i] - 1;
    SPUD_CHECK_OR_RETURN(add_fits(d->image[i], pb, &padded) && add_fits(padded, pe, &padded) &&
                             multiply_fits(&reach, d->dilation[i]) && add_fits(reach, 1, &reach) &&
                             multiply_fits(&block_size, d->block[i]),
                         kInvalidModel, "Col2Im: image_shape, block_shape, pads or dilations overflow");
    const int64_t span = padded - reach;
    SPUD_CHECK_OR_RETURN(span >= 0, kInvalidModel, "Col2Im: the block is larger than the padded image");
    d->blocks[i] = span / d->stride[i] + 1;
    SPUD_CHECK_OR_RETURN(multiply_fits(&positions, d->blocks[i]), kInvalidModel, "Col2Im: the number of blocks overflows");
  }
  SPUD_CHECK_OR_RETURN(x->dims[1] % block_size == 0 && x->dims[2] == positions, kInvalidModel,
                       "Col2Im: the input's dims 1 and 2 must be C * prod(block_shape) and the number of blocks");
  int64_t dims[kMaxRank] = {x->dims[0], x->dims[1] / block_size};
  for (int i = 0; i < n; ++i) dims[2 + i] = d->image[i];
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, n + 2, dims), kInvalidModel, "Col2Im: output overflows");
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const Col2ImData* d = ctx->data<Col2ImData>();
  const Tensor* x = ctx->input(0);
  const Tensor& y = *ctx->output(0);
  const T* in = x->data_as<const T>();
  T* out = y.data_as<T>();
  const int n = d->spatial;
  int64_t image_size = 1, block_size = 1;
  for (int i = 0; i < n; ++i) {
    image_size *= d->image[i];
    block_size *= d->block[i];
  }
  const int64_t total = y.num_elements();
  for (int64_t i = 0; i < total; ++i) out[i] = T(0);
  const int64_t planes = y.dims[0] * y.dims[1], positions = x->dims[2];
  for (int64_t p = 0; p < planes; ++p) {
    for (int64_t k = 0; k < block_size; ++k) {
      int64_t koff[kMaxImage];  // k as a multi-index over block_shape
      for (int64_t rest = k, i = n - 1; i >= 0; --i) {
        koff[i] = rest % d->block[i];
        rest /= d->block[i];
      }
      const T* row = in + (p * block_size + k) * positions;
      for (int64_t l = 0; l < positions; ++l) {
        int64_t at = 0;
        bool inside = true;
        for (int64_t rest = l, i = n - 1; i >= 0; --i) {
          const int64_t pos = rest % d->blocks[i];
          rest /= d->blocks[i];
          const int64_t pb = d->num_pads > 0 ? d->pads[i] : 0;
          const int64_t c = pos * d->stride[i] - pb + koff[i] * d->dilation[i];
          inside = inside && c >= 0 && c < d->image[i];
          int64_t inner = 1;
          for (int j = static_cast<int>(i) + 1; j < n; ++j) inner *= d->image[j];
          at += c * inner;
        }
        if (inside) out[p * image_size + at] += row[l];
      }
    }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kCol2ImFloat32 = {"", "Col2Im", 18, 18, dtype_bit(DType::kFloat32), 0, sizeof(Col2ImData),
                                         init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kCol2ImFloat64 = {"", "Col2Im", 18, 18, dtype_bit(DType::kFloat64), 0, sizeof(Col2ImData),
                                         init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
