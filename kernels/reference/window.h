// Shared by the window functions (HannWindow, HammingWindow,
// BlackmanWindow): size is a scalar input (dynamic when not constant), N is
// size when periodic (default) else size - 1, and the output type is
// output_datatype (default float32).
#ifndef SPUD_KERNELS_REFERENCE_WINDOW_H_
#define SPUD_KERNELS_REFERENCE_WINDOW_H_

#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {

// M_PI is not standard C++ (newlib hides it under strict ANSI).
constexpr double kPi = 3.14159265358979323846;

struct WindowFnData {
  bool periodic;
  DType out;
};

inline Status init_window_fn(KernelContext* ctx) {
  WindowFnData* d = ctx->data<WindowFnData>();
  d->periodic = ctx->attributes->get_int("periodic", 1) != 0;
  d->out = static_cast<DType>(ctx->attributes->get_int("output_datatype", 1));
  SPUD_CHECK_OR_RETURN(d->out == DType::kFloat32 || d->out == DType::kFloat64, kUnsupported,
                       "window: output_datatype must be float or double");
  return Status::Ok();
}

inline Status prepare_window_fn(KernelContext* ctx) {
  const Tensor* size = ctx->input(0);
  SPUD_CHECK_OR_RETURN(size != nullptr && size->num_elements() == 1 && ctx->num_outputs == 1, kInvalidModel,
                       "window: needs a scalar size and one output");
  SPUD_CHECK_OR_RETURN(size->data != nullptr, kDataDependent, "window: the size is not known yet");
  int64_t n = 0;
  SPUD_CHECK_OR_RETURN(element_as_int64(*size, 0, &n) && n >= 0, kInvalidModel, "window: size must be >= 0");
  Tensor* y = ctx->output(0);
  y->dtype = ctx->data<WindowFnData>()->out;
  SPUD_CHECK_OR_RETURN(set_shape(y, 1, &n), kInvalidModel, "window: bad shape");
  return Status::Ok();
}

// Fills the output with f(2 * pi * n / N) for n in [0, size).
template <typename F>
Status eval_window_fn(KernelContext* ctx, F f) {
  Tensor* y = ctx->output(0);
  const int64_t size = y->dims[0];
  const double denom = ctx->data<WindowFnData>()->periodic ? static_cast<double>(size) : static_cast<double>(size - 1);
  for (int64_t i = 0; i < size; ++i) {
    const double v = denom > 0 ? f(2.0 * kPi * static_cast<double>(i) / denom) : 1.0;
    if (y->dtype == DType::kFloat32) y->data_as<float>()[i] = static_cast<float>(v);
    else y->data_as<double>()[i] = v;
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_WINDOW_H_
