// DFT (opset 17): the discrete Fourier transform of X [batch, n1, ..., nk,
// 1 or 2] (real, or complex as real and imaginary parts) along `axis`,
// truncated or zero-padded to dft_length; inverse transforms divide by the
// length; onesided keeps the floor(n/2) + 1 bins real input determines.
// Output [..., 2]. A dft_length that is not constant makes the node dynamic.
#include "dft_util.h"
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct DftData {
  int64_t axis_attr;
  bool inverse, onesided;
  bool complex_in;
  int64_t outer, in_len, inner, n, bins;
};

Status init(KernelContext* ctx) {
  DftData* d = ctx->data<DftData>();
  d->axis_attr = ctx->attributes->get_int("axis", 1);
  const int64_t inv = ctx->attributes->get_int("inverse", 0), one = ctx->attributes->get_int("onesided", 0);
  SPUD_CHECK_OR_RETURN(inv == 0 || inv == 1, kInvalidModel, "DFT: inverse must be 0 or 1");
  SPUD_CHECK_OR_RETURN(one == 0 || one == 1, kInvalidModel, "DFT: onesided must be 0 or 1");
  d->inverse = inv == 1;
  d->onesided = one == 1;
  SPUD_CHECK_OR_RETURN(!(d->inverse && d->onesided), kUnsupported, "DFT: an inverse onesided transform is not supported");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  DftData* d = ctx->data<DftData>();
  const Tensor* x = ctx->input(0);
  const Tensor* len = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "DFT: needs input and one output");
  SPUD_CHECK_OR_RETURN(x->rank >= 3 && (x->dims[x->rank - 1] == 1 || x->dims[x->rank - 1] == 2), kInvalidModel,
                       "DFT: input must be [batch, n1, ..., nk, 1 or 2] (rank 3 or more)");
  const int64_t axis = d->axis_attr < 0 ? d->axis_attr + x->rank : d->axis_attr;
  SPUD_CHECK_OR_RETURN(axis >= 0 && axis <= x->rank - 2, kInvalidModel, "DFT: axis must be in [-rank, -2] or [0, rank - 2]");
  d->complex_in = x->dims[x->rank - 1] == 2;
  SPUD_CHECK_OR_RETURN(!(d->complex_in && d->onesided), kInvalidModel, "DFT: onesided needs real input (last dimension 1)");
  d->in_len = x->dims[axis];
  d->n = d->in_len;
  if (len != nullptr) {
    SPUD_CHECK_OR_RETURN((len->dtype == DType::kInt64 || len->dtype == DType::kInt32) && len->num_elements() == 1,
                         kInvalidModel, "DFT: dft_length must be one int32 or int64");
    SPUD_CHECK_OR_RETURN(len->data != nullptr, kDataDependent, "DFT: dft_length is not known yet");
    SPUD_CHECK_OR_RETURN(element_as_int64(*len, 0, &d->n), kInvalidArgument, "DFT: dft_length is out of range");
    SPUD_CHECK_OR_RETURN(d->n > 0, kInvalidArgument, "DFT: dft_length must be positive");
  }
  d->bins = d->onesided ? d->n / 2 + 1 : d->n;
  d->outer = d->inner = 1;
  for (int64_t i = 0; i < axis; ++i) d->outer *= x->dims[i];
  for (int64_t i = axis + 1; i < x->rank - 1; ++i) d->inner *= x->dims[i];
  Tensor* y = ctx->output(0);
  copy_type_and_shape(*x, y);
  y->dims[axis] = d->bins;
  y->dims[x->rank - 1] = 2;
  SPUD_CHECK_OR_RETURN(set_shape(y, y->rank, y->dims), kInvalidModel, "DFT: bad output shape");
  ctx->scratch_size = static_cast<size_t>(d->n) * 2 * sizeof(double);
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const DftData* d = ctx->data<DftData>();
  const T* x = ctx->input(0)->data_as<const T>();
  T* y = ctx->output(0)->data_as<T>();
  double* table = static_cast<double*>(ctx->scratch);
  twiddle_table(d->n, table);
  const int64_t comps = d->complex_in ? 2 : 1;
  for (int64_t o = 0; o < d->outer; ++o)
    for (int64_t i = 0; i < d->inner; ++i)
      dft_lane(x + (o * d->in_len * d->inner + i) * comps, d->in_len, d->inner * comps, d->complex_in, static_cast<const T*>(nullptr),
               table, d->n, d->bins, d->inverse, y + (o * d->bins * d->inner + i) * 2, d->inner * 2);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kDftFloat32 = {"", "DFT", 17, 17, dtype_bit(DType::kFloat32), 0, sizeof(DftData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kDftFloat64 = {"", "DFT", 17, 17, dtype_bit(DType::kFloat64), 0, sizeof(DftData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
