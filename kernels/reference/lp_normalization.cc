// LpNormalization: divide each lane along `axis` by its L1 (p=1) or L2 (p=2,
// default) norm.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct LpData {
  int64_t axis_attr, p;
  int64_t outer, extent, inner;
};

Status init(KernelContext* ctx) {
  LpData* d = ctx->data<LpData>();
  d->axis_attr = ctx->attributes->get_int("axis", -1);
  d->p = ctx->attributes->get_int("p", 2);
  SPUD_CHECK_OR_RETURN(d->p == 1 || d->p == 2, kInvalidModel, "LpNormalization: p must be 1 or 2");
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  LpData* d = ctx->data<LpData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "LpNormalization: needs input and one output");
  int axis = 0;
  SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &axis), kInvalidModel, "LpNormalization: axis out of range");
  d->outer = d->inner = 1;
  d->extent = x->dims[axis];
  for (int i = 0; i < axis; ++i) d->outer *= x->dims[i];
  for (int i = axis + 1; i < x->rank; ++i) d->inner *= x->dims[i];
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const LpData* d = ctx->data<LpData>();
  const T* in = ctx->input(0)->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for (int64_t o = 0; o < d->outer; ++o)
    for (int64_t i = 0; i < d->inner; ++i) {
      const int64_t base = o * d->extent * d->inner + i;
      double norm = 0;
      for (int64_t k = 0; k < d->extent; ++k) {
        const double v = in[base + k * d->inner];
        norm += d->p == 1 ? fabs(v) : v * v;
      }
      if (d->p == 2) norm = sqrt(norm);
      for (int64_t k = 0; k < d->extent; ++k)
        out[base + k * d->inner] = norm != 0 ? static_cast<T>(in[base + k * d->inner] / norm) : T(0);
    }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kLpNormalizationFloat32 = {"", "LpNormalization", 1, 1, dtype_bit(DType::kFloat32), 0, sizeof(LpData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kLpNormalizationFloat64 = {"", "LpNormalization", 1, 1, dtype_bit(DType::kFloat64), 0, sizeof(LpData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
