// Dropout in inference: the output is the input and the optional mask is all
// true. The converter removes Dropout nodes whose mask nobody reads; this
// kernel covers the rest. Training mode (random) is not supported, except
// with ratio 0, where it keeps everything.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs >= 1, kInvalidModel, "Dropout: needs data and an output");
  const Tensor* training = ctx->input(2);
  if (training != nullptr) {
    SPUD_CHECK_OR_RETURN(training->data != nullptr, kDataDependent, "Dropout: training_mode is not known yet");
    SPUD_CHECK_OR_RETURN(training->num_elements() == 1, kInvalidModel, "Dropout: training_mode must be a scalar");
    if (*training->data_as<const uint8_t>() != 0) {
      // Training drops at random; with ratio 0 it keeps everything, which
      // is what this kernel computes.
      const Tensor* ratio = ctx->input(1);
      SPUD_CHECK_OR_RETURN(ratio == nullptr || ratio->data != nullptr, kDataDependent, "Dropout: ratio is not known yet");
      const bool zero_ratio = ratio != nullptr && ratio->num_elements() == 1 &&
                              ((ratio->dtype == DType::kFloat32 && *ratio->data_as<const float>() == 0.f) ||
                               (ratio->dtype == DType::kFloat64 && *ratio->data_as<const double>() == 0.0));
      SPUD_CHECK_OR_RETURN(zero_ratio, kUnsupported, "Dropout: training mode with a non-zero ratio is not supported");
    }
  }
  copy_type_and_shape(*x, ctx->output(0));
  if (Tensor* mask = ctx->output(1)) {
    copy_type_and_shape(*x, mask);
    mask->dtype = DType::kBool;
  }
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  SPUD_RETURN_IF_ERROR(copy_input_to_output(ctx));
  if (Tensor* mask = ctx->output(1)) memset(mask->data, 1, mask->size_bytes());
  return Status::Ok();
}

}  // namespace

extern const KernelDef kDropoutAll = {"", "Dropout", 7, 13, kAllFixedSizeTypes, 0, 0, nullptr, prepare, eval};

}  // namespace kernels
}  // namespace spud
