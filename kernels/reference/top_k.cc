// TopK: the K largest (or smallest) elements along `axis` and their int64
// indices, sorted (ties: the lower index first). K is an input (opset 10+),
// so a non-constant K makes the node dynamic.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct TopKData {
  int64_t axis_attr, k;
  bool largest;
  int axis;
  int64_t outer, extent, inner;
};

Status init(KernelContext* ctx) {
  TopKData* d = ctx->data<TopKData>();
  d->axis_attr = ctx->attributes->get_int("axis", -1);
  d->largest = ctx->attributes->get_int("largest", 1) != 0;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  TopKData* d = ctx->data<TopKData>();
  const Tensor* x = ctx->input(0);
  const Tensor* k = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && k != nullptr && ctx->num_outputs == 2, kInvalidModel, "TopK: needs X, K and two outputs");
  SPUD_CHECK_OR_RETURN(k->dtype == DType::kInt64 && k->num_elements() == 1, kInvalidModel, "TopK: K must be a single int64");
  SPUD_CHECK_OR_RETURN(k->data != nullptr, kDataDependent, "TopK: K is not known yet");
  SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &d->axis), kInvalidModel, "TopK: axis out of range");
  d->k = *k->data_as<const int64_t>();
  SPUD_CHECK_OR_RETURN(d->k >= 0 && d->k <= x->dims[d->axis], kInvalidModel, "TopK: K must be in [0, the axis length]");
  d->outer = d->inner = 1;
  d->extent = x->dims[d->axis];
  for (int i = 0; i < d->axis; ++i) d->outer *= x->dims[i];
  for (int i = d->axis + 1; i < x->rank; ++i) d->inner *= x->dims[i];
  for (int o = 0; o < 2; ++o) {
    Tensor* y = ctx->output(o);
    copy_type_and_shape(*x, y);
    y->dims[d->axis] = d->k;
    if (o == 1) y->dtype = DType::kInt64;
  }
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const TopKData* d = ctx->data<TopKData>();
  const T* in = ctx->input(0)->data_as<const T>();
  T* values = ctx->output(0)->data_as<T>();
  int64_t* indices = ctx->output(1)->data_as<int64_t>();
  // Selection by repeated scans: O(k * extent) per lane, no scratch needed.
  for (int64_t o = 0; o < d->outer; ++o)
    for (int64_t i = 0; i < d->inner; ++i) {
      const T* lane = in + o * d->extent * d->inner + i;
      const int64_t base = o * d->k * d->inner + i;
      for (int64_t r = 0; r < d->k; ++r) {
        // The best element after the previous pick, in (value, index) order.
        int64_t best = -1;
        for (int64_t e = 0; e < d->extent; ++e) {
          if (r > 0) {
            const T pv = values[base + (r - 1) * d->inner];
            const int64_t pi = indices[base + (r - 1) * d->inner];
            const T v = lane[e * d->inner];
            const bool after = d->largest ? (v < pv || (v == pv && e > pi)) : (v > pv || (v == pv && e > pi));
            if (!after) continue;
          }
          if (best < 0) {
            best = e;
            continue;
          }
          const T v = lane[e * d->inner], bv = lane[best * d->inner];
          if (d->largest ? v > bv : v < bv) best = e;
        }
        values[base + r * d->inner] = lane[best * d->inner];
        indices[base + r * d->inner] = best;
      }
    }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kTopKFloat32 = {"", "TopK", 10, 11, dtype_bit(DType::kFloat32), 0, sizeof(TopKData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kTopKFloat64 = {"", "TopK", 10, 11, dtype_bit(DType::kFloat64), 0, sizeof(TopKData), init, prepare, eval<double>};
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kTopKInt32 = {"", "TopK", 10, 11, dtype_bit(DType::kInt32), 0, sizeof(TopKData), init, prepare, eval<int32_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kTopKInt64 = {"", "TopK", 10, 11, dtype_bit(DType::kInt64), 0, sizeof(TopKData), init, prepare, eval<int64_t>};
#endif

}  // namespace kernels
}  // namespace spud
