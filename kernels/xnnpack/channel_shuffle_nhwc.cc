// ChannelShuffle in spud's NHWC domain on XNNPACK, for 32-bit elements.
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

struct ShuffleData {
  XnnpackOperator x;  // first: the shared helpers find it there
  int64_t group;
};

Status init(KernelContext* ctx) {
  ShuffleData* d = ctx->data<ShuffleData>();
  d->group = ctx->attributes->get_int("group", 0);
  SPUD_CHECK_OR_RETURN(d->group >= 1, kInvalidModel, "ChannelShuffle (NHWC): group must be >= 1");
  return Status::Ok();
}

Status setup(KernelContext* ctx) {
  ShuffleData* d = ctx->data<ShuffleData>();
  const Tensor* x = ctx->input(0);
  const int64_t c = x->dims[x->rank - 1];
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_channel_shuffle_nc_x32(
      d->x.op, static_cast<size_t>(x->num_elements() / c), x->data, ctx->output(0)->data, xnnpack_pool(ctx))));
  remember_pointers(ctx);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ShuffleData* d = ctx->data<ShuffleData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank >= 1, kInvalidModel,
                       "ChannelShuffle (NHWC): needs X and one output");
  const int64_t c = x->dims[x->rank - 1];
  SPUD_CHECK_OR_RETURN(c % d->group == 0, kInvalidModel, "ChannelShuffle (NHWC): channels must be divisible by group");
  copy_type_and_shape(*x, ctx->output(0));
  // XNNPACK shuffles at least two groups of at least one channel.
  if (!xnnpack_available() || dtype_size(x->dtype) != 4 || d->group < 2 || x->num_elements() == 0)
    return SPUD_ERROR(kDeclined, "XNNPACK ChannelShuffle: 32-bit elements, two groups or more");
  const size_t per_group = static_cast<size_t>(c / d->group);
  xnnpack_delete(&d->x.op);
  PersistentBytes held(ctx);
  SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_create_channel_shuffle_nc_x32(
      static_cast<size_t>(d->group), per_group, static_cast<size_t>(c), static_cast<size_t>(c), 0, &d->x.op)));
  return setup_when_bound<setup>(ctx);
}

}  // namespace

extern const KernelDef kChannelShuffleNhwcXnnpack = {
    "com.spud.nhwc", "ChannelShuffle", 1, 1, dtype_bit(DType::kFloat32) | dtype_bit(DType::kInt32) |
                                                 dtype_bit(DType::kUInt32),
    0, sizeof(ShuffleData), init, prepare, run_operator<setup>, release_operator};

}  // namespace kernels
}  // namespace spud
