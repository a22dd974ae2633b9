// Trilu: keep the upper (default) or lower triangle of the last two dims,
// shifted by the optional diagonal offset k; zero the rest.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct TriluData {
  bool upper;
};

Status init(KernelContext* ctx) {
  ctx->data<TriluData>()->upper = ctx->attributes->get_int("upper", 1) != 0;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1 && x->rank >= 2, kInvalidModel,
                       "Trilu: needs an input of rank >= 2 and one output");
  const Tensor* k = ctx->input(1);
  SPUD_CHECK_OR_RETURN(k == nullptr || (k->dtype == DType::kInt64 && k->num_elements() == 1), kInvalidModel,
                       "Trilu: k must be an int64 scalar");
  copy_type_and_shape(*x, ctx->output(0));
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const bool upper = ctx->data<TriluData>()->upper;
  const Tensor* x = ctx->input(0);
  const int64_t k = ctx->input(1) != nullptr ? *ctx->input(1)->data_as<const int64_t>() : 0;
  const int64_t rows = x->dims[x->rank - 2], cols = x->dims[x->rank - 1];
  const int64_t matrices = rows * cols == 0 ? 0 : x->num_elements() / (rows * cols);
  const size_t elem = dtype_size(x->dtype);
  const uint8_t* in = x->data_as<const uint8_t>();
  uint8_t* out = ctx->output(0)->data_as<uint8_t>();
  for (int64_t m = 0; m < matrices; ++m)
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j) {
        const size_t at = static_cast<size_t>((m * rows + i) * cols + j) * elem;
        const bool keep = upper ? j - i >= k : j - i <= k;
        if (keep) memcpy(out + at, in + at, elem);
        else memset(out + at, 0, elem);
      }
  return Status::Ok();
}

}  // namespace

extern const KernelDef kTriluAll = {"", "Trilu", 14, 14, kAllFixedSizeTypes, 0, sizeof(TriluData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
