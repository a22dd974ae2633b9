// MeanVarianceNormalization: (X - E[X]) / (sqrt(E[X^2] - E[X]^2) + 1e-9)
// over `axes` (default [0, 2, 3]), as ONNX's function body defines it.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct MvnData {
  int64_t axes[kMaxRank];
  int num_axes;
  bool reduced[kMaxRank];
};

Status init(KernelContext* ctx) {
  MvnData* d = ctx->data<MvnData>();
  d->num_axes = ctx->attributes->get_ints("axes", d->axes, kMaxRank);
  SPUD_CHECK_OR_RETURN(d->num_axes <= kMaxRank, kInvalidModel, "MeanVarianceNormalization: too many axes");
  if (d->num_axes < 0) {
    d->num_axes = 3;
    d->axes[0] = 0;
    d->axes[1] = 2;
    d->axes[2] = 3;
  }
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  MvnData* d = ctx->data<MvnData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "MeanVarianceNormalization: needs X and Y");
  for (int i = 0; i < kMaxRank; ++i) d->reduced[i] = false;
  for (int i = 0; i < d->num_axes; ++i) {
    int a = 0;
    SPUD_CHECK_OR_RETURN(normalize_axis(d->axes[i], x->rank, &a), kInvalidModel, "MeanVarianceNormalization: axis out of range");
    d->reduced[a] = true;
  }
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

// Calls f(offset) for every element of the group that element `start`'s
// non-reduced coordinates select.
template <typename F>
void for_each_in_group(const Tensor& x, const bool* reduced, const int64_t* fixed, F f) {
  int64_t idx[kMaxRank] = {};
  for (int a = 0; a < x.rank; ++a) idx[a] = reduced[a] ? 0 : fixed[a];
  for (;;) {
    int64_t off = 0;
    for (int a = 0; a < x.rank; ++a) off = off * x.dims[a] + idx[a];
    f(off);
    int a = x.rank - 1;
    for (; a >= 0; --a) {
      if (!reduced[a]) continue;
      if (++idx[a] < x.dims[a]) break;
      idx[a] = 0;
    }
    if (a < 0) return;
  }
}

template <typename T>
Status eval(KernelContext* ctx) {
  const MvnData* d = ctx->data<MvnData>();
  const Tensor& x = *ctx->input(0);
  const T* in = x.data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  // Visit each group once: from every element whose reduced coordinates are 0.
  int64_t idx[kMaxRank] = {};
  const int64_t n = x.num_elements();
  for (int64_t e = 0; e < n; ++e) {
    bool first = true;
    for (int a = 0; a < x.rank; ++a) first = first && (!d->reduced[a] || idx[a] == 0);
    if (first) {
      double sum = 0, sq = 0;
      int64_t count = 0;
      for_each_in_group(x, d->reduced, idx, [&](int64_t off) {
        sum += in[off];
        sq += static_cast<double>(in[off]) * in[off];
        ++count;
      });
      const double mean = sum / count;
      const double denom = sqrt(sq / count - mean * mean) + 1e-9;
      for_each_in_group(x, d->reduced, idx, [&](int64_t off) { out[off] = static_cast<T>((in[off] - mean) / denom); });
    }
    for (int a = x.rank - 1; a >= 0; --a) {
      if (++idx[a] < x.dims[a]) break;
      idx[a] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kMeanVarianceNormalizationFloat32 = {"", "MeanVarianceNormalization", 9, 13, dtype_bit(DType::kFloat32), 0, sizeof(MvnData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kMeanVarianceNormalizationFloat64 = {"", "MeanVarianceNormalization", 9, 13, dtype_bit(DType::kFloat64), 0, sizeof(MvnData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
