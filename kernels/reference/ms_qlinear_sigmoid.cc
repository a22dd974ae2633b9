// QLinearSigmoid (com.microsoft 1, ONNX Runtime's contrib operator): on
// int8 or uint8 X (inputs X, X_scale, X_zero_point, Y_scale, Y_zero_point;
// the zero points optional, per tensor),
//   Y = sigmoid(X_scale (X - X_zp)) / Y_scale + Y_zp
// in float32 (sigmoid(v) = 1 / (1 + exp(-v))), rounded to nearest with ties
// to even and saturated to X's type. X has 256 values: each run makes their
// table first (the scales are inputs) and then looks every element up.
#include <math.h>

#include "quant_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  const Tensor *x = ctx->input(0), *xs = ctx->input(1), *xz = ctx->input(2), *ys = ctx->input(3), *yz = ctx->input(4);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "QLinearSigmoid: needs X, X_scale, Y_scale and one output");
  SPUD_CHECK_OR_RETURN(is_quant_type(x->dtype), kUnsupported, "QLinearSigmoid: X must be int8 or uint8");
  SPUD_CHECK_OR_RETURN(one_scale(xs) && one_scale(ys), kInvalidModel, "QLinearSigmoid: the scales must be float32 scalars");
  SPUD_CHECK_OR_RETURN(one_zero_point(xz, x->dtype) && one_zero_point(yz, x->dtype), kInvalidModel,
                       "QLinearSigmoid: the zero points must be scalars of X's type");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

template <typename T>
void run(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const float sx = scale_of(ctx->input(1)), sy = scale_of(ctx->input(3));
  const int32_t zx = zero_point_at(ctx->input(2), 0);
  const float zy = static_cast<float>(zero_point_at(ctx->input(4), 0));
  constexpr int kLow = std::numeric_limits<T>::min();
  T table[256];
  for (int v = kLow; v < kLow + 256; ++v) {
    const float d = sx * static_cast<float>(v - zx);
    table[v - kLow] = saturate_round<T>(1.f / (1.f + expf(-d)) / sy + zy);
  }
  const T* in = x->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  const int64_t n = x->num_elements();
  for (int64_t i = 0; i < n; ++i) out[i] = table[static_cast<int>(in[i]) - kLow];
}

Status eval(KernelContext* ctx) {
  if (ctx->input(0)->dtype == DType::kInt8) run<int8_t>(ctx);
  else run<uint8_t>(ctx);
  return Status::Ok();
}

}  // namespace

extern const KernelDef kMsQLinearSigmoid = {"com.microsoft", "QLinearSigmoid", 1, 1, dtype_bit(DType::kInt8) | dtype_bit(DType::kUInt8), 0, 0, nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
