// NonZero: the int64 coordinates [rank, count] of the non-zero elements, in
// row-major order. The count depends on the values, so the node is dynamic
// unless its input is constant (and then it folds away).
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

bool nonzero(const uint8_t* p, size_t elem) {
  for (size_t b = 0; b < elem; ++b)
    if (p[b] != 0) return true;
  return false;
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "NonZero: needs X and Y");
  SPUD_CHECK_OR_RETURN(x->data != nullptr, kDataDependent, "NonZero: the values are not known yet");
  const size_t elem = dtype_size(x->dtype);
  int64_t count = 0;
  const int64_t n = x->num_elements();
  for (int64_t i = 0; i < n; ++i) count += x->dtype == DType::kFloat32 ? x->data_as<const float>()[i] != 0.f
                                         : x->dtype == DType::kFloat64 ? x->data_as<const double>()[i] != 0.0
                                                                      : nonzero(x->data_as<const uint8_t>() + i * elem, elem);
  const int64_t dims[2] = {x->rank, count};
  Tensor* y = ctx->output(0);
  y->dtype = DType::kInt64;
  SPUD_CHECK_OR_RETURN(set_shape(y, 2, dims), kInvalidModel, "NonZero: bad shape");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  Tensor* y = ctx->output(0);
  const size_t elem = dtype_size(x->dtype);
  const int64_t count = y->dims[1], n = x->num_elements();
  int64_t* out = y->data_as<int64_t>();
  int64_t idx[kMaxRank] = {};
  int64_t k = 0;
  for (int64_t i = 0; i < n; ++i) {
    const bool nz = x->dtype == DType::kFloat32 ? x->data_as<const float>()[i] != 0.f
                    : x->dtype == DType::kFloat64 ? x->data_as<const double>()[i] != 0.0
                                                  : nonzero(x->data_as<const uint8_t>() + i * elem, elem);
    if (nz) {
      for (int a = 0; a < x->rank; ++a) out[a * count + k] = idx[a];
      ++k;
    }
    for (int a = x->rank - 1; a >= 0; --a) {
      if (++idx[a] < x->dims[a]) break;
      idx[a] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kNonZeroAll = {"", "NonZero", 9, 13, kAllFixedSizeTypes, 0, 0, nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
