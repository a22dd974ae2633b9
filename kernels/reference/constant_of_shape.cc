// ConstantOfShape: a tensor of the shape given by the (int64) input, filled
// with the `value` attribute's single element (default float32 0). The
// shape is data: a non-constant one makes the node dynamic.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct FillData {
  DType dtype;
  uint8_t value[8];  // one element, at most 8 bytes
};

Status init(KernelContext* ctx) {
  FillData* d = ctx->data<FillData>();
  d->dtype = DType::kFloat32;
  memset(d->value, 0, sizeof(d->value));
  if (const Tensor* v = ctx->attributes->get_tensor("value")) {
    SPUD_CHECK_OR_RETURN(v->num_elements() == 1 && dtype_size(v->dtype) <= sizeof(d->value), kInvalidModel,
                         "ConstantOfShape: value must hold one element");
    d->dtype = v->dtype;
    memcpy(d->value, v->data, dtype_size(v->dtype));
  }
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* shape = ctx->input(0);
  SPUD_CHECK_OR_RETURN(shape != nullptr && ctx->num_outputs == 1, kInvalidModel, "ConstantOfShape: needs a shape and one output");
  SPUD_CHECK_OR_RETURN(shape->data != nullptr, kDataDependent, "ConstantOfShape: the shape is not known yet");
  int64_t dims[kMaxRank];
  const int rank = read_int_list(shape, dims, kMaxRank);
  SPUD_CHECK_OR_RETURN(rank >= 0, kInvalidModel, "ConstantOfShape: shape must be a 1-D int64 list of at most 8 values");
  Tensor* y = ctx->output(0);
  y->dtype = ctx->data<FillData>()->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "ConstantOfShape: invalid or overflowing shape");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const FillData* d = ctx->data<FillData>();
  Tensor* y = ctx->output(0);
  const size_t elem = dtype_size(y->dtype);
  uint8_t* out = y->data_as<uint8_t>();
  const int64_t n = y->num_elements();
  for (int64_t i = 0; i < n; ++i) memcpy(out + i * elem, d->value, elem);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kConstantOfShapeInt64 = {"", "ConstantOfShape", 9, 21, dtype_bit(DType::kInt64), 0, sizeof(FillData), init, prepare, eval};
#endif

}  // namespace kernels
}  // namespace spud
