// Reshape: same bytes, new shape from the (constant) shape input. 0 copies
// the input's dimension unless allowzero (opset 14); one -1 is inferred.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct ReshapeData {
  bool allow_zero;
};

Status init(KernelContext* ctx) {
  ctx->data<ReshapeData>()->allow_zero = ctx->attributes->get_int("allowzero", 0) != 0;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->input(1) != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "Reshape: needs data, shape and one output");
  SPUD_CHECK_OR_RETURN(ctx->input(1)->data != nullptr, kDataDependent, "Reshape: the shape input is not known yet");
  int64_t dims[kMaxRank];
  const int rank = read_int_list(ctx->input(1), dims, kMaxRank);
  SPUD_CHECK_OR_RETURN(rank >= 0, kInvalidModel, "Reshape: shape must be a 1-D int64 tensor of at most 8 values");
  const bool allow_zero = ctx->data<ReshapeData>()->allow_zero;
  int infer = -1;
  int64_t known = 1;
  for (int i = 0; i < rank; ++i) {
    if (dims[i] == 0 && !allow_zero) {
      SPUD_CHECK_OR_RETURN(i < x->rank, kInvalidModel, "Reshape: a 0 in shape has no input dimension to copy");
      dims[i] = x->dims[i];
    }
    if (dims[i] == -1) {
      SPUD_CHECK_OR_RETURN(infer < 0, kInvalidModel, "Reshape: more than one -1 in shape");
      infer = i;
      continue;
    }
    SPUD_CHECK_OR_RETURN(dims[i] >= 0, kInvalidModel, "Reshape: negative dimension in shape");
    SPUD_CHECK_OR_RETURN(multiply_fits(&known, dims[i]), kInvalidModel, "Reshape: the shape's element count overflows");
  }
  const int64_t total = x->num_elements();
  if (infer >= 0) {
    SPUD_CHECK_OR_RETURN(known != 0 && total % known == 0, kInvalidModel,
                         "Reshape: the element count is not divisible by the given dimensions");
    dims[infer] = total / known;
  }
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, rank, dims), kInvalidModel, "Reshape: bad shape");
  SPUD_CHECK_OR_RETURN(y->num_elements() == total, kInvalidModel, "Reshape: the element count changes");
  return Status::Ok();
}


}  // namespace

extern const KernelDef kReshapeAll = {"", "Reshape", 5, 21, kAllFixedSizeTypes, 0, sizeof(ReshapeData),
                                      init, prepare, copy_input_to_output};

}  // namespace kernels
}  // namespace spud
