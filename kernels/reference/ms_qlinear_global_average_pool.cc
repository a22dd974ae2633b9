// QLinearGlobalAveragePool (com.microsoft 1, ONNX Runtime's contrib
// operator): the mean over the spatial axes of int8 or uint8 X (inputs X,
// x_scale, x_zero_point, y_scale, y_zero_point, per tensor), channels
// first (N, C, D1...) or, with channels_last=1, last (N, D1..., C); Y keeps
// N and C and has 1 for every spatial axis. Dequantize, average, quantize:
//   Y = x_scale * (sum(X - x_zp) / count) / y_scale + y_zp
// with the sum exact (int64) and the rest in double, rounded to nearest with
// ties to even and saturated to X's type.
#include "quant_util.h"

namespace spud {
namespace kernels {
namespace {

struct Data {
  bool channels_last;
};

Status init(KernelContext* ctx) {
  ctx->data<Data>()->channels_last = ctx->attributes->get_int("channels_last", 0) != 0;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor *x = ctx->input(0), *xs = ctx->input(1), *xz = ctx->input(2), *ys = ctx->input(3), *yz = ctx->input(4);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "QLinearGlobalAveragePool: needs X, x_scale, x_zero_point, y_scale, y_zero_point and one output");
  SPUD_CHECK_OR_RETURN(is_quant_type(x->dtype), kUnsupported, "QLinearGlobalAveragePool: X must be int8 or uint8");
  SPUD_CHECK_OR_RETURN(x->rank >= 3, kInvalidModel, "QLinearGlobalAveragePool: X needs a batch, a channel and a spatial axis");
  SPUD_CHECK_OR_RETURN(one_scale(xs) && one_scale(ys), kInvalidModel,
                       "QLinearGlobalAveragePool: the scales must be float32 scalars");
  SPUD_CHECK_OR_RETURN(one_zero_point(xz, x->dtype) && one_zero_point(yz, x->dtype), kInvalidModel,
                       "QLinearGlobalAveragePool: the zero points must be scalars of X's type");
  const bool last = ctx->data<Data>()->channels_last;
  int64_t dims[kMaxRank];
  for (int i = 0; i < x->rank; ++i) dims[i] = 1;
  dims[0] = x->dims[0];
  dims[last ? x->rank - 1 : 1] = x->dims[last ? x->rank - 1 : 1];
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, x->rank, dims), kInvalidModel, "QLinearGlobalAveragePool: bad output shape");
  return Status::Ok();
}

template <typename T>
void run(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const bool last = ctx->data<Data>()->channels_last;
  const int64_t n = x->dims[0], c = x->dims[last ? x->rank - 1 : 1];
  int64_t spatial = 1;
  for (int i = last ? 1 : 2; i < (last ? x->rank - 1 : x->rank); ++i) spatial *= x->dims[i];
  const double sx = scale_of(ctx->input(1)), sy = scale_of(ctx->input(3));
  const int64_t zx = zero_point_at(ctx->input(2), 0);
  const double zy = zero_point_at(ctx->input(4), 0);
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch) {
      int64_t sum = 0;
      for (int64_t s = 0; s < spatial; ++s)
        sum += static_cast<int64_t>(in[last ? (b * spatial + s) * c + ch : (b * c + ch) * spatial + s]) - zx;
      const double mean = spatial == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(spatial);
      const double v = sx * mean / sy + zy;
      constexpr double lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
      const double r = nearbyint(v);
      out[b * c + ch] = v != v ? T(0) : static_cast<T>(r <= lo ? lo : r >= hi ? hi : r);  // NaN (a NaN scale): 0
    }
}

Status eval(KernelContext* ctx) {
  if (ctx->input(0)->dtype == DType::kInt8) run<int8_t>(ctx);
  else run<uint8_t>(ctx);
  return Status::Ok();
}

}  // namespace

extern const KernelDef kMsQLinearGlobalAveragePool = {"com.microsoft", "QLinearGlobalAveragePool", 1, 1, dtype_bit(DType::kInt8) | dtype_bit(DType::kUInt8), 0, sizeof(Data), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
