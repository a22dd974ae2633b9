// Softmax. Opset 13+: along one axis (default -1). Before 13: the input is
// seen as 2-D, [prod(dims[:axis]), prod(dims[axis:])] (axis default 1), and
// each row is normalized.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct SoftmaxData {
  int64_t axis;
  int64_t outer, extent, inner;  // loop bounds resolved in prepare
};

Status init(KernelContext* ctx) {
  ctx->data<SoftmaxData>()->axis = ctx->attributes->get_int("axis", ctx->since_version >= 13 ? -1 : 1);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  SoftmaxData* d = ctx->data<SoftmaxData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Softmax: needs X and Y");
  int axis = 0;
  const bool scalar_ok = x->rank == 0 && (d->axis == 0 || d->axis == -1);
  SPUD_CHECK_OR_RETURN(scalar_ok || normalize_axis(d->axis, x->rank, &axis), kInvalidModel,
                       "Softmax: axis is out of range");
  d->outer = d->extent = d->inner = 1;
  for (int i = 0; i < x->rank; ++i) {
    if (i < axis) d->outer *= x->dims[i];
    else if (i == axis || ctx->since_version < 13) d->extent *= x->dims[i];
    else d->inner *= x->dims[i];
  }
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const SoftmaxData* d = ctx->data<SoftmaxData>();
  const T* in = ctx->input(0)->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for (int64_t o = 0; o < d->outer; ++o) {
    for (int64_t i = 0; i < d->inner; ++i) {
      const int64_t base = o * d->extent * d->inner + i;
      T top = in[base];
      for (int64_t k = 1; k < d->extent; ++k) top = in[base + k * d->inner] > top ? in[base + k * d->inner] : top;
      T sum = T(0);
      for (int64_t k = 0; k < d->extent; ++k) {
        const T e = static_cast<T>(exp(in[base + k * d->inner] - top));
        out[base + k * d->inner] = e;
        sum += e;
      }
      for (int64_t k = 0; k < d->extent; ++k) out[base + k * d->inner] /= sum;
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kSoftmaxFloat32 = {"", "Softmax", 1, 13, dtype_bit(DType::kFloat32), 0,
                                          sizeof(SoftmaxData), init, prepare, eval<float>};

}  // namespace kernels
}  // namespace spud
