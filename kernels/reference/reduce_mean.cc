// ReduceMean with an `axes` attribute (opsets 1-17): the mean over the given
// axes (all when none), keeping them as size 1 when keepdims (default 1).
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct ReduceData {
  int64_t axes[kMaxRank];
  int num_axes;  // -1: reduce every axis
  bool keepdims;
  bool reduced[kMaxRank];  // resolved in prepare
};

Status init(KernelContext* ctx) {
  ReduceData* d = ctx->data<ReduceData>();
  d->num_axes = ctx->attributes->get_ints("axes", d->axes, kMaxRank);
  SPUD_CHECK_OR_RETURN(d->num_axes <= kMaxRank, kInvalidModel, "ReduceMean: too many axes");
  d->keepdims = ctx->attributes->get_int("keepdims", 1) != 0;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ReduceData* d = ctx->data<ReduceData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "ReduceMean: needs X and Y");
  for (int i = 0; i < kMaxRank; ++i) d->reduced[i] = d->num_axes <= 0;
  for (int i = 0; i < d->num_axes; ++i) {
    int axis = 0;
    SPUD_CHECK_OR_RETURN(normalize_axis(d->axes[i], x->rank, &axis), kInvalidModel, "ReduceMean: axis out of range");
    SPUD_CHECK_OR_RETURN(!d->reduced[axis], kInvalidModel, "ReduceMean: an axis is repeated");
    d->reduced[axis] = true;
  }
  int64_t dims[kMaxRank];
  int rank = 0;
  for (int i = 0; i < x->rank; ++i) {
    if (!d->reduced[i]) dims[rank++] = x->dims[i];
    else if (d->keepdims) dims[rank++] = 1;
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "ReduceMean: bad shape");
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const ReduceData* d = ctx->data<ReduceData>();
  const Tensor* x = ctx->input(0);
  Tensor* y = ctx->output(0);
  const T* in = x->data_as<const T>();
  T* out = y->data_as<T>();
  const int64_t total_out = y->num_elements();
  for (int64_t i = 0; i < total_out; ++i) out[i] = T(0);
  // Walk every input element once, adding it to the output it reduces into.
  int64_t out_stride[kMaxRank];
  int64_t stride = 1;
  for (int i = x->rank - 1; i >= 0; --i) {
    out_stride[i] = d->reduced[i] ? 0 : stride;
    if (!d->reduced[i]) stride *= x->dims[i];
  }
  int64_t idx[kMaxRank] = {};
  const int64_t n = x->num_elements();
  int64_t o = 0;
  for (int64_t i = 0; i < n; ++i) {
    out[o] += in[i];
    for (int a = x->rank - 1; a >= 0; --a) {
      ++idx[a];
      o += out_stride[a];
      if (idx[a] < x->dims[a]) break;
      o -= out_stride[a] * idx[a];
      idx[a] = 0;
    }
  }
  const int64_t count = total_out == 0 ? 1 : n / total_out;
  for (int64_t i = 0; i < total_out; ++i) out[i] /= static_cast<T>(count == 0 ? 1 : count);
  return Status::Ok();
}

}  // namespace

extern const KernelDef kReduceMeanFloat32 = {"", "ReduceMean", 1, 13, dtype_bit(DType::kFloat32), 0,
                                             sizeof(ReduceData), init, prepare, eval<float>};

}  // namespace kernels
}  // namespace spud
