// QLinearConcat (com.microsoft 1, ONNX Runtime's contrib operator): inputs
// Y_scale, Y_zero_point, then for each tensor to join the triple (X_i,
// X_i_scale, X_i_zero_point), all int8 or all uint8 with per-tensor
// parameters; attribute axis (negative counts from the end). Each X_i is
// requantized into Y's parameters,
//   Y = X_i_scale (X_i - X_i_zp) / Y_scale + Y_zp
// in float32, rounded to nearest with ties to even and saturated (copied
// as it is where X_i's parameters are Y's), and the results concatenated.
#include "quant_util.h"

namespace spud {
namespace kernels {
namespace {

struct Data {
  int64_t axis;
  int resolved;  // axis within the rank, set by prepare
};

Status init(KernelContext* ctx) {
  SPUD_CHECK_OR_RETURN(ctx->attributes->has("axis"), kInvalidModel, "QLinearConcat: the axis attribute is required");
  ctx->data<Data>()->axis = ctx->attributes->get_int("axis", 0);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor *ys = ctx->input(0), *yz = ctx->input(1);
  SPUD_CHECK_OR_RETURN(ctx->num_inputs >= 5 && (ctx->num_inputs - 2) % 3 == 0 && ctx->num_outputs == 1, kInvalidModel,
                       "QLinearConcat: needs Y_scale, Y_zero_point and triples (X, X_scale, X_zero_point)");
  SPUD_CHECK_OR_RETURN(one_scale(ys) && yz != nullptr && is_quant_type(yz->dtype) && yz->num_elements() == 1,
                       kInvalidModel, "QLinearConcat: Y_scale must be a float32 scalar, Y_zero_point an int8 or uint8 scalar");
  const Tensor* first = ctx->input(2);
  SPUD_CHECK_OR_RETURN(first != nullptr, kInvalidModel, "QLinearConcat: a tensor to join is missing");
  Data* d = ctx->data<Data>();
  const int rank = first->rank;
  const int64_t axis = d->axis < 0 ? d->axis + rank : d->axis;
  SPUD_CHECK_OR_RETURN(axis >= 0 && axis < rank, kInvalidModel, "QLinearConcat: axis is out of range");
  d->resolved = static_cast<int>(axis);
  int64_t dims[kMaxRank];
  for (int i = 0; i < rank; ++i) dims[i] = first->dims[i];
  dims[axis] = 0;
  for (int k = 2; k < ctx->num_inputs; k += 3) {
    const Tensor *x = ctx->input(k), *xs = ctx->input(k + 1), *xz = ctx->input(k + 2);
    SPUD_CHECK_OR_RETURN(x != nullptr && x->dtype == yz->dtype, kInvalidModel,
                         "QLinearConcat: every tensor to join must have Y_zero_point's type");
    SPUD_CHECK_OR_RETURN(one_scale(xs) && xz != nullptr && one_zero_point(xz, x->dtype), kInvalidModel,
                         "QLinearConcat: each tensor's scale must be a float32 scalar and its zero point a scalar of its type");
    SPUD_CHECK_OR_RETURN(x->rank == rank, kInvalidModel, "QLinearConcat: the tensors differ in rank");
    for (int i = 0; i < rank; ++i)
      SPUD_CHECK_OR_RETURN(i == axis || x->dims[i] == first->dims[i], kInvalidModel,
                           "QLinearConcat: the tensors differ off the axis");
    SPUD_CHECK_OR_RETURN(add_fits(dims[axis], x->dims[axis], &dims[axis]), kInvalidModel, "QLinearConcat: the output overflows");
  }
  Tensor* y = ctx->output(0);
  y->dtype = yz->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "QLinearConcat: the output overflows");
  return Status::Ok();
}

template <typename T>
void run(KernelContext* ctx) {
  const int axis = ctx->data<Data>()->resolved;
  const Tensor& y = *ctx->output(0);
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < axis; ++i) outer *= y.dims[i];
  for (int i = axis + 1; i < y.rank; ++i) inner *= y.dims[i];
  const float sy = scale_of(ctx->input(0));
  const int32_t zy = zero_point_at(ctx->input(1), 0);
  T* out = y.data_as<T>();
  int64_t offset = 0;  // along the axis
  for (int k = 2; k < ctx->num_inputs; k += 3) {
    const Tensor* x = ctx->input(k);
    const float sx = scale_of(ctx->input(k + 1));
    const int32_t zx = zero_point_at(ctx->input(k + 2), 0);
    const bool same = sx == sy && zx == zy;
    const int64_t len = x->dims[axis] * inner;
    const T* in = x->data_as<const T>();
    for (int64_t o = 0; o < outer; ++o) {
      T* dst = out + (o * y.dims[axis] + offset) * inner;
      const T* src = in + o * len;
      for (int64_t i = 0; i < len; ++i)
        dst[i] = same ? src[i]
                      : saturate_round<T>(sx * static_cast<float>(static_cast<int32_t>(src[i]) - zx) / sy +
                                          static_cast<float>(zy));
    }
    offset += x->dims[axis];
  }
}

Status eval(KernelContext* ctx) {
  if (ctx->output(0)->dtype == DType::kInt8) run<int8_t>(ctx);
  else run<uint8_t>(ctx);
  return Status::Ok();
}

}  // namespace

// The type is Y_zero_point's (input 1).
extern const KernelDef kMsQLinearConcat = {"com.microsoft", "QLinearConcat", 1, 1, dtype_bit(DType::kInt8) | dtype_bit(DType::kUInt8), 1, sizeof(Data), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
