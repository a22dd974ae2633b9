// Squeeze: remove size-1 axes, the listed ones or all. Axes come from an
// attribute (opsets 1, 11) or an optional constant input (13+).
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct AxesData {
  int64_t axes[kMaxRank];
  int num_axes;  // -1: every size-1 axis
};

Status init(KernelContext* ctx) {
  AxesData* d = ctx->data<AxesData>();
  d->num_axes = ctx->since_version < 13 ? ctx->attributes->get_ints("axes", d->axes, kMaxRank) : -1;
  SPUD_CHECK_OR_RETURN(d->num_axes <= kMaxRank, kUnsupported, "Squeeze: too many axes");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  AxesData* d = ctx->data<AxesData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Squeeze: needs data and one output");
  int64_t axes[kMaxRank];
  int n = d->num_axes;
  memcpy(axes, d->axes, sizeof(axes));
  if (ctx->since_version >= 13 && ctx->input(1) != nullptr) {
    SPUD_CHECK_OR_RETURN(ctx->input(1)->data != nullptr, kDataDependent, "Squeeze: the axes input is not known yet");
    n = read_int_list(ctx->input(1), axes, kMaxRank);
    SPUD_CHECK_OR_RETURN(n >= 0, kInvalidModel, "Squeeze: axes must be a 1-D int64 list");
  }
  bool removed[kMaxRank] = {};
  if (n < 0) {
    for (int i = 0; i < x->rank; ++i) removed[i] = x->dims[i] == 1;
  }
  for (int i = 0; i < n; ++i) {
    int a = 0;
    SPUD_CHECK_OR_RETURN(normalize_axis(axes[i], x->rank, &a), kInvalidModel, "Squeeze: axis out of range");
    SPUD_CHECK_OR_RETURN(x->dims[a] == 1, kInvalidModel, "Squeeze: a listed axis is not of size 1");
    removed[a] = true;
  }
  int64_t dims[kMaxRank];
  int rank = 0;
  for (int i = 0; i < x->rank; ++i)
    if (!removed[i]) dims[rank++] = x->dims[i];
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "Squeeze: bad shape");
  return Status::Ok();
}


}  // namespace

extern const KernelDef kSqueezeAll = {"", "Squeeze", 1, 21, kAllFixedSizeTypes, 0, sizeof(AxesData), init,
                                      prepare, copy_input_to_output};

}  // namespace kernels
}  // namespace spud
