// Relu: y = max(x, 0), element-wise.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Relu takes one input and one output");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  const T* in = x->data_as<T>();
  T* out = ctx->output(0)->data_as<T>();
  const int64_t n = x->num_elements();
  for (int64_t i = 0; i < n; ++i) out[i] = in[i] > T(0) ? in[i] : T(0);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kReluFloat32 = {
    "", "Relu", 6, 14, dtype_bit(DType::kFloat32), 0, 0, nullptr, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kReluFloat64 = {
    "", "Relu", 6, 14, dtype_bit(DType::kFloat64), 0, 0, nullptr, prepare, eval<double>};
#endif
// Signed integers arrived with opset 14.
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kReluInt8 = {
    "", "Relu", 14, 14, dtype_bit(DType::kInt8), 0, 0, nullptr, prepare, eval<int8_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kReluInt16 = {
    "", "Relu", 14, 14, dtype_bit(DType::kInt16), 0, 0, nullptr, prepare, eval<int16_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kReluInt32 = {
    "", "Relu", 14, 14, dtype_bit(DType::kInt32), 0, 0, nullptr, prepare, eval<int32_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kReluInt64 = {
    "", "Relu", 14, 14, dtype_bit(DType::kInt64), 0, 0, nullptr, prepare, eval<int64_t>};
#endif

}  // namespace kernels
}  // namespace spud
