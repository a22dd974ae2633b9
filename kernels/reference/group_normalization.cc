// GroupNormalization (opsets 18, 21): the C channels of X [N, C, ...] fall
// into num_groups groups; each (n, group) is normalized by its own mean and
// variance, y = scale * (x - mean) / sqrt(var + epsilon) + bias. scale and
// bias hold one value per group in opset 18, one per channel in 21, whose
// stash_type picks the type of the first stage (1: float32, 11: float64).
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct GroupNormData {
  float epsilon;
  int64_t groups;
  bool stash_double;
  bool per_channel;
};

Status init(KernelContext* ctx) {
  GroupNormData* d = ctx->data<GroupNormData>();
  d->epsilon = ctx->attributes->get_float("epsilon", 1e-5f);
  d->groups = ctx->attributes->get_int("num_groups", 0);
  SPUD_CHECK_OR_RETURN(d->groups >= 1, kInvalidModel, "GroupNormalization: num_groups must be >= 1");
  d->per_channel = ctx->since_version >= 21;
  const int64_t stash = d->per_channel ? ctx->attributes->get_int("stash_type", 1) : 1;
  SPUD_CHECK_OR_RETURN(stash == 1 || stash == 11, kUnsupported,
                       "GroupNormalization: stash_type must be 1 (float32) or 11 (float64)");
  d->stash_double = stash == 11;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const GroupNormData* d = ctx->data<GroupNormData>();
  const Tensor* x = ctx->input(0);
  const Tensor* s = ctx->input(1);
  const Tensor* b = ctx->input(2);
  SPUD_CHECK_OR_RETURN(x != nullptr && s != nullptr && b != nullptr && ctx->num_outputs == 1 && x->rank >= 2,
                       kInvalidModel, "GroupNormalization: needs X (rank >= 2), scale, bias and one output");
  SPUD_CHECK_OR_RETURN(x->dims[1] % d->groups == 0, kInvalidModel,
                       "GroupNormalization: num_groups must divide the channels");
  const int64_t len = d->per_channel ? x->dims[1] : d->groups;
  SPUD_CHECK_OR_RETURN(s->rank == 1 && b->rank == 1 && s->dims[0] == len && b->dims[0] == len &&
                           s->dtype == x->dtype && b->dtype == x->dtype,
                       kInvalidModel,
                       d->per_channel ? "GroupNormalization: scale and bias must be [C] of X's type"
                                      : "GroupNormalization: scale and bias must be [num_groups] of X's type (opset 18)");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

// S: the first stage's type (stash_type).
template <typename T, typename S>
void normalize(const GroupNormData& d, const Tensor& x, const T* scale, const T* bias, T* out) {
  const int64_t n = x.dims[0], c = x.dims[1];
  const int64_t per_channel = n * c == 0 ? 0 : x.num_elements() / (n * c);
  const int64_t channels = c / d.groups, size = channels * per_channel;
  const T* in = x.data_as<const T>();
  for (int64_t g = 0; g < n * d.groups; ++g) {
    const T* v = in + g * size;
    S mean = 0, var = 0;
    for (int64_t i = 0; i < size; ++i) mean += static_cast<S>(v[i]);
    mean /= static_cast<S>(size > 0 ? size : 1);
    for (int64_t i = 0; i < size; ++i) var += (static_cast<S>(v[i]) - mean) * (static_cast<S>(v[i]) - mean);
    var /= static_cast<S>(size > 0 ? size : 1);
    const S inv = static_cast<S>(1) / static_cast<S>(sqrt(static_cast<double>(var) + d.epsilon));
    const int64_t group = g % d.groups;
    for (int64_t i = 0; i < size; ++i) {
      const int64_t k = d.per_channel ? group * channels + i / per_channel : group;
      const T normalized = static_cast<T>((static_cast<S>(v[i]) - mean) * inv);
      out[g * size + i] = static_cast<T>(scale[k] * normalized + bias[k]);
    }
  }
}

template <typename T>
Status eval(KernelContext* ctx) {
  const GroupNormData& d = *ctx->data<GroupNormData>();
  const Tensor& x = *ctx->input(0);
  const T* scale = ctx->input(1)->data_as<const T>();
  const T* bias = ctx->input(2)->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  if (d.stash_double) normalize<T, double>(d, x, scale, bias, out);
  else normalize<T, float>(d, x, scale, bias, out);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kGroupNormalizationFloat32 = {"", "GroupNormalization", 18, 21, dtype_bit(DType::kFloat32), 0,
                                                     sizeof(GroupNormData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kGroupNormalizationFloat64 = {"", "GroupNormalization", 18, 21, dtype_bit(DType::kFloat64), 0,
                                                     sizeof(GroupNormData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
