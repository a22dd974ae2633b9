// Unsqueeze: insert size-1 axes. Axes come from an attribute (opsets 1, 11)
// or a constant input (13+).
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct AxesData {
  int64_t axes[kMaxRank];
  int num_axes;
};

Status init(KernelContext* ctx) {
  AxesData* d = ctx->data<AxesData>();
  d->num_axes = ctx->since_version < 13 ? ctx->attributes->get_ints("axes", d->axes, kMaxRank) : -1;
  SPUD_CHECK_OR_RETURN(d->num_axes <= kMaxRank, kUnsupported, "Unsqueeze: too many axes");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  AxesData* d = ctx->data<AxesData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Unsqueeze: needs data and one output");
  int64_t axes[kMaxRank];
  int n = d->num_axes;
  if (ctx->since_version >= 13) {
    SPUD_CHECK_OR_RETURN(ctx->input(1) != nullptr, kInvalidModel, "Unsqueeze: the axes input is required");
    SPUD_CHECK_OR_RETURN(ctx->input(1)->data != nullptr, kDataDependent, "Unsqueeze: the axes input is not known yet");
    n = read_int_list(ctx->input(1), axes, kMaxRank);
  } else {
    memcpy(axes, d->axes, sizeof(axes));
  }
  SPUD_CHECK_OR_RETURN(n >= 0, kInvalidModel, "Unsqueeze: axes must be a 1-D int64 list");
  const int rank = x->rank + n;
  SPUD_CHECK_OR_RETURN(rank <= kMaxRank, kUnsupported, "Unsqueeze: output rank above 8");
  bool inserted[kMaxRank] = {};
  for (int i = 0; i < n; ++i) {
    int a = 0;
    SPUD_CHECK_OR_RETURN(normalize_axis(axes[i], rank, &a) && !inserted[a], kInvalidModel,
                         "Unsqueeze: axes out of range or repeated");
    inserted[a] = true;
  }
  int64_t dims[kMaxRank];
  for (int i = 0, src = 0; i < rank; ++i) dims[i] = inserted[i] ? 1 : x->dims[src++];
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "Unsqueeze: bad shape");
  return Status::Ok();
}


}  // namespace

extern const KernelDef kUnsqueezeAll = {"", "Unsqueeze", 1, 21, kAllFixedSizeTypes, 0, sizeof(AxesData), init,
                                        prepare, copy_input_to_output};

}  // namespace kernels
}  // namespace spud
