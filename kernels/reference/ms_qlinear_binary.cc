// QLinearAdd, QLinearMul (com.microsoft 1, ONNX Runtime's contrib
// operators): element-wise with numpy broadcasting on int8 or uint8 A and B
// (inputs A, A_scale, A_zero_point, B, B_scale, B_zero_point, C_scale,
// C_zero_point; the zero points optional, every parameter per tensor):
//   Add: C = (A_scale (A - A_zp) + B_scale (B - B_zp)) / C_scale + C_zp
//   Mul: C = (A - A_zp)(B - B_zp) * (A_scale B_scale / C_scale) + C_zp
// computed in float32 in that order, rounded to nearest with ties to even
// and saturated to A's type.
#include "broadcast.h"
#include "quant_util.h"

namespace spud {
namespace kernels {
namespace {

template <bool kMul>
Status prepare(KernelContext* ctx) {
  const Tensor *a = ctx->input(0), *as = ctx->input(1), *az = ctx->input(2), *b = ctx->input(3), *bs = ctx->input(4),
               *bz = ctx->input(5), *cs = ctx->input(6), *cz = ctx->input(7);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       kMul ? "QLinearMul: needs A, A_scale, B, B_scale, C_scale and one output"
                            : "QLinearAdd: needs A, A_scale, B, B_scale, C_scale and one output");
  SPUD_CHECK_OR_RETURN(is_quant_type(a->dtype) && b->dtype == a->dtype, kUnsupported,
                       kMul ? "QLinearMul: A and B must both be int8 or both uint8"
                            : "QLinearAdd: A and B must both be int8 or both uint8");
  SPUD_CHECK_OR_RETURN(one_scale(as) && one_scale(bs) && one_scale(cs), kInvalidModel,
                       kMul ? "QLinearMul: the scales must be float32 scalars" : "QLinearAdd: the scales must be float32 scalars");
  SPUD_CHECK_OR_RETURN(one_zero_point(az, a->dtype) && one_zero_point(bz, a->dtype) && one_zero_point(cz, a->dtype),
                       kInvalidModel,
                       kMul ? "QLinearMul: the zero points must be scalars of A's type"
                            : "QLinearAdd: the zero points must be scalars of A's type");
  Broadcast* bc = ctx->data<Broadcast>();
  SPUD_CHECK_OR_RETURN(make_broadcast(*a, *b, bc), kInvalidModel,
                       kMul ? "QLinearMul: A and B cannot be broadcast together" : "QLinearAdd: A and B cannot be broadcast together");
  Tensor* y = ctx->output(0);
  y->dtype = a->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, bc->rank, bc->dims), kInvalidModel, "QLinearAdd/QLinearMul: output overflows");
  return Status::Ok();
}

template <typename T, bool kMul>
void run(KernelContext* ctx) {
  const Tensor *a = ctx->input(0), *b = ctx->input(3);
  const float sa = scale_of(ctx->input(1)), sb = scale_of(ctx->input(4)), sc = scale_of(ctx->input(6));
  const int32_t za = zero_point_at(ctx->input(2), 0), zb = zero_point_at(ctx->input(5), 0);
  const float zc = static_cast<float>(zero_point_at(ctx->input(7), 0));
  const float m = sa * sb / sc;
  broadcast_apply(*ctx->data<Broadcast>(), a->data_as<const T>(), b->data_as<const T>(), ctx->output(0)->data_as<T>(),
                  [&](T x, T w) {
                    const int32_t dx = static_cast<int32_t>(x) - za, dw = static_cast<int32_t>(w) - zb;
                    if (kMul) return saturate_round<T>(static_cast<float>(dx * dw) * m + zc);
                    return saturate_round<T>((sa * static_cast<float>(dx) + sb * static_cast<float>(dw)) / sc + zc);
                  });
}

template <bool kMul>
Status eval(KernelContext* ctx) {
  if (ctx->input(0)->dtype == DType::kInt8) run<int8_t, kMul>(ctx);
  else run<uint8_t, kMul>(ctx);
  return Status::Ok();
}

}  // namespace

extern const KernelDef kMsQLinearAdd = {"com.microsoft", "QLinearAdd", 1, 1, dtype_bit(DType::kInt8) | dtype_bit(DType::kUInt8), 0, sizeof(Broadcast), nullptr, prepare<false>, eval<false>};
extern const KernelDef kMsQLinearMul = {"com.microsoft", "QLinearMul", 1, 1, dtype_bit(DType::kInt8) | dtype_bit(DType::kUInt8), 0, sizeof(Broadcast), nullptr, prepare<true>, eval<true>};

}  // namespace kernels
}  // namespace spud
