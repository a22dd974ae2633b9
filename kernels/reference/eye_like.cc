// EyeLike: a 2-D tensor of the input's shape, ones on the diagonal shifted
// by k, zeros elsewhere, of the `dtype` attribute's type (default: the
// input's).
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct EyeData {
  int64_t k;
  int64_t dtype;  // 0: the input's
};

Status init(KernelContext* ctx) {
  EyeData* d = ctx->data<EyeData>();
  d->k = ctx->attributes->get_int("k", 0);
  d->dtype = ctx->attributes->get_int("dtype", 0);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const EyeData* d = ctx->data<EyeData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && x->rank == 2 && ctx->num_outputs == 1, kInvalidModel,
                       "EyeLike: needs a 2-D input and one output");
  copy_type_and_shape(*x, ctx->output(0));
  if (d->dtype != 0) {
    const DType t = static_cast<DType>(d->dtype);
    SPUD_CHECK_OR_RETURN(d->dtype > 0 && d->dtype <= 16 && dtype_size(t) != 0 && t != DType::kFloat16 &&
                             t != DType::kBFloat16,
                         kUnsupported, "EyeLike: dtype not supported");
    ctx->output(0)->dtype = t;
  }
  return Status::Ok();
}

template <typename T>
void fill(Tensor* y, int64_t k) {
  T* out = y->data_as<T>();
  const int64_t rows = y->dims[0], cols = y->dims[1];
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) out[i * cols + j] = j - i == k ? T(1) : T(0);
}

Status eval(KernelContext* ctx) {
  Tensor* y = ctx->output(0);
  const int64_t k = ctx->data<EyeData>()->k;
  switch (y->dtype) {
    case DType::kFloat32: fill<float>(y, k); break;
    case DType::kFloat64: fill<double>(y, k); break;
    case DType::kInt8: fill<int8_t>(y, k); break;
    case DType::kInt16: fill<int16_t>(y, k); break;
    case DType::kInt32: fill<int32_t>(y, k); break;
    case DType::kInt64: fill<int64_t>(y, k); break;
    case DType::kUInt16: fill<uint16_t>(y, k); break;
    case DType::kUInt32: fill<uint32_t>(y, k); break;
    case DType::kUInt64: fill<uint64_t>(y, k); break;
    default: fill<uint8_t>(y, k); break;  // uint8, bool
  }
  return Status::Ok();
}

}  // namespace

// Only the input's shape is read, so any input type will do.
extern const KernelDef kEyeLikeAll = {"", "EyeLike", 9, 9, kAllFixedSizeTypes, 0, sizeof(EyeData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
