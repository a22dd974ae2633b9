// MaxUnpool: a zero tensor of the unpooled shape, (in - 1) * stride + kernel
// - pads per spatial axis, with each X value written where its flat index in
// I points. With an output_shape input the output is that shape and each
// index keeps its coordinates (decomposed against the unpooled shape).
// Indices are data: out-of-range ones fail eval. A non-constant output_shape
// makes the node dynamic.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct UnpoolData {
  int64_t kernel[kMaxRank], stride[kMaxRank], pads[2 * kMaxRank];
  int spatial;
  int64_t unpooled[kMaxRank];  // the shape indices refer to
};

Status init(KernelContext* ctx) {
  UnpoolData* d = ctx->data<UnpoolData>();
  d->spatial = ctx->attributes->get_ints("kernel_shape", d->kernel, kMaxRank);
  SPUD_CHECK_OR_RETURN(d->spatial >= 1 && d->spatial <= kMaxRank - 2, kInvalidModel, "MaxUnpool: kernel_shape is required");
  for (int i = 0; i < kMaxRank; ++i) d->stride[i] = 1;
  for (int i = 0; i < 2 * kMaxRank; ++i) d->pads[i] = 0;
  SPUD_CHECK_OR_RETURN(ctx->attributes->get_ints("strides", d->stride, kMaxRank) <= d->spatial &&
                           ctx->attributes->get_ints("pads", d->pads, 2 * kMaxRank) <= 2 * d->spatial,
                       kInvalidModel, "MaxUnpool: strides/pads do not match kernel_shape");
  for (int i = 0; i < d->spatial; ++i)
    SPUD_CHECK_OR_RETURN(d->kernel[i] >= 1 && d->stride[i] >= 1 && d->pads[i] >= 0 && d->pads[d->spatial + i] >= 0,
                         kInvalidModel, "MaxUnpool: kernel_shape and strides must be >= 1, pads >= 0");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const UnpoolData* d = ctx->data<UnpoolData>();
  const Tensor* x = ctx->input(0);
  const Tensor* idx = ctx->input(1);
  const Tensor* shape = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x == nullptr || x->rank <= kMaxRank, kInvalidModel, "MaxUnpool: rank too large");
  SPUD_CHECK_OR_RETURN(x != nullptr && idx != nullptr && ctx->num_outputs == 1 && x->rank == d->spatial + 2, kInvalidModel,
                       "MaxUnpool: needs X (rank = kernel dims + 2), I and one output");
  SPUD_CHECK_OR_RETURN(idx->dtype == DType::kInt64 && same_shape(*x, *idx), kInvalidModel, "MaxUnpool: I must be int64 shaped like X");
  UnpoolData* dm = ctx->data<UnpoolData>();
  dm->unpooled[0] = x->dims[0];
  dm->unpooled[1] = x->dims[1];
  // Every step checked: the attributes are any int64 the file holds. The
  // unpooled shape's product must fit too (eval's indices are checked
  // against it).
  int64_t unpooled_elements = dm->unpooled[0];
  bool fits = multiply_fits(&unpooled_elements, dm->unpooled[1]);
  for (int i = 0; i < d->spatial && fits; ++i) {
    int64_t v = x->dims[2 + i] - 1;  // -1 for an empty axis: -stride, no overflow
    fits = multiply_fits(&v, d->stride[i]) && add_fits(v, d->kernel[i], &v) && add_fits(v, -d->pads[i], &v) &&
           add_fits(v, -d->pads[d->spatial + i], &v) && v >= 0;
    dm->unpooled[2 + i] = v;
    fits = fits && multiply_fits(&unpooled_elements, v);
  }
  SPUD_CHECK_OR_RETURN(fits, kInvalidModel, "MaxUnpool: the unpooled shape is negative or overflows (check kernel_shape, strides, pads)");
  int64_t dims[kMaxRank];
  for (int i = 0; i < x->rank; ++i) dims[i] = dm->unpooled[i];
  if (shape != nullptr) {
    SPUD_CHECK_OR_RETURN(shape->data != nullptr, kDataDependent, "MaxUnpool: output_shape is not known yet");
    SPUD_CHECK_OR_RETURN(read_int_list(shape, dims, kMaxRank) == x->rank, kInvalidModel, "MaxUnpool: output_shape has the wrong length");
    for (int i = 0; i < x->rank; ++i)
      SPUD_CHECK_OR_RETURN(dims[i] >= dm->unpooled[i], kInvalidModel, "MaxUnpool: output_shape is smaller than the unpooled shape");
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "MaxUnpool: invalid output shape");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const UnpoolData* d = ctx->data<UnpoolData>();
  const Tensor* x = ctx->input(0);
  const int64_t* idx = ctx->input(1)->data_as<const int64_t>();
  Tensor* y = ctx->output(0);
  const size_t elem = dtype_size(x->dtype);
  memset(y->data, 0, y->size_bytes());
  int64_t total = 1;
  for (int i = 0; i < x->rank; ++i) total *= d->unpooled[i];
  const int64_t n = x->num_elements();
  for (int64_t i = 0; i < n; ++i) {
    if (idx[i] < 0 || idx[i] >= total) return SPUD_ERROR(kInvalidArgument, "MaxUnpool: an index is out of range");
    // Coordinates in the unpooled shape, then the offset in the output's.
    int64_t rem = idx[i], coord[kMaxRank];
    for (int a = x->rank - 1; a >= 0; --a) {
      coord[a] = rem % d->unpooled[a];
      rem /= d->unpooled[a];
    }
    int64_t dst = 0;
    for (int a = 0; a < x->rank; ++a) dst = dst * y->dims[a] + coord[a];
    memcpy(y->data_as<uint8_t>() + dst * elem, x->data_as<const uint8_t>() + i * elem, elem);
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kMaxUnpoolAll = {"", "MaxUnpool", 9, 11, kAllFixedSizeTypes, 0, sizeof(UnpoolData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
