// ChannelShuffle in spud's NHWC domain: per pixel, the C channels seen as
// [group, C/group] come out as [C/group, group] (ShuffleNet's shuffle, which
// ONNX spells Reshape -> Transpose -> Reshape). Any fixed-size element type.
#include "nhwc_util.h"

namespace spud {
namespace kernels {
namespace {

struct ShuffleData {
  int64_t group;
};

Status init(KernelContext* ctx) {
  ShuffleData* d = ctx->data<ShuffleData>();
  d->group = ctx->attributes->get_int("group", 0);
  SPUD_CHECK_OR_RETURN(d->group >= 1, kInvalidModel, "ChannelShuffle (NHWC): group must be >= 1");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank >= 1 && dtype_size(x->dtype) > 0,
                       kInvalidModel, "ChannelShuffle (NHWC): needs X and one output");
  SPUD_CHECK_OR_RETURN(x->dims[x->rank - 1] % ctx->data<ShuffleData>()->group == 0, kInvalidModel,
                       "ChannelShuffle (NHWC): channels must be divisible by group");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const int64_t group = ctx->data<ShuffleData>()->group;
  const int64_t c = x->dims[x->rank - 1], per_group = c / group;
  const int64_t pixels = c == 0 ? 0 : x->num_elements() / c;
  const size_t esize = dtype_size(x->dtype);
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = ctx->output(0)->data_as<uint8_t>();
  for (int64_t p = 0; p < pixels; ++p)
    for (int64_t g = 0; g < group; ++g)
      for (int64_t j = 0; j < per_group; ++j)
        memcpy(out + static_cast<size_t>(p * c + j * group + g) * esize,
               in + static_cast<size_t>(p * c + g * per_group + j) * esize, esize);
  return Status::Ok();
}

}  // namespace

extern const KernelDef kChannelShuffleNhwc = {"com.spud.nhwc", "ChannelShuffle", 1, 1, kAllFixedSizeTypes, 0,
                                              sizeof(ShuffleData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
