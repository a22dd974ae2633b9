// Max: the element-wise maximum (NaN wins) of any number of inputs (up to 8), element-wise with numpy
// broadcasting.
#include <math.h>

#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  BroadcastN* bc = ctx->data<BroadcastN>();
  SPUD_CHECK_OR_RETURN(ctx->num_inputs >= 1 && ctx->num_inputs <= kMaxBroadcastInputs && ctx->num_outputs == 1,
                       kUnsupported, "Max: takes 1 to 8 inputs and one output");
  for (int k = 0; k < ctx->num_inputs; ++k)
    SPUD_CHECK_OR_RETURN(ctx->input(k) != nullptr && ctx->input(k)->dtype == ctx->input(0)->dtype, kInvalidModel,
                         "Max: inputs must all be present and of one type");
  SPUD_CHECK_OR_RETURN(make_broadcast_n(ctx->inputs, ctx->num_inputs, bc), kInvalidModel,
                       "Max: input shapes cannot be broadcast together");
  Tensor* y = ctx->output(0);
  y->dtype = ctx->input(0)->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, bc->rank, bc->dims), kInvalidModel, "Max: output shape overflows");
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const BroadcastN& bc = *ctx->data<BroadcastN>();
  const int count = ctx->num_inputs;
  const T* ins[kMaxBroadcastInputs];
  for (int k = 0; k < count; ++k) ins[k] = ctx->input(k)->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  for_each_broadcast(bc, [&](int64_t i, const int64_t* off) {
    T acc = ins[0][off[0]];
    for (int k = 1; k < count; ++k) {
      const T v = ins[k][off[k]];
      acc = (v > acc || isnan(static_cast<double>(v))) ? v : acc;
    }
    out[i] = acc;
  });
  return Status::Ok();
}

}  // namespace

extern const KernelDef kMaxFloat32 = {"", "Max", 8, 13, dtype_bit(DType::kFloat32), 0, sizeof(BroadcastN), nullptr, prepare, eval<float>};
extern const KernelDef kMaxFloat64 = {"", "Max", 8, 13, dtype_bit(DType::kFloat64), 0, sizeof(BroadcastN), nullptr, prepare, eval<double>};
extern const KernelDef kMaxInt8 = {"", "Max", 8, 13, dtype_bit(DType::kInt8), 0, sizeof(BroadcastN), nullptr, prepare, eval<int8_t>};
extern const KernelDef kMaxInt16 = {"", "Max", 8, 13, dtype_bit(DType::kInt16), 0, sizeof(BroadcastN), nullptr, prepare, eval<int16_t>};
extern const KernelDef kMaxInt32 = {"", "Max", 8, 13, dtype_bit(DType::kInt32), 0, sizeof(BroadcastN), nullptr, prepare, eval<int32_t>};
extern const KernelDef kMaxInt64 = {"", "Max", 8, 13, dtype_bit(DType::kInt64), 0, sizeof(BroadcastN), nullptr, prepare, eval<int64_t>};
extern const KernelDef kMaxUInt8 = {"", "Max", 8, 13, dtype_bit(DType::kUInt8), 0, sizeof(BroadcastN), nullptr, prepare, eval<uint8_t>};
extern const KernelDef kMaxUInt16 = {"", "Max", 8, 13, dtype_bit(DType::kUInt16), 0, sizeof(BroadcastN), nullptr, prepare, eval<uint16_t>};
extern const KernelDef kMaxUInt32 = {"", "Max", 8, 13, dtype_bit(DType::kUInt32), 0, sizeof(BroadcastN), nullptr, prepare, eval<uint32_t>};
extern const KernelDef kMaxUInt64 = {"", "Max", 8, 13, dtype_bit(DType::kUInt64), 0, sizeof(BroadcastN), nullptr, prepare, eval<uint64_t>};

}  // namespace kernels
}  // namespace spud
