// STFT (opset 17): the short-time Fourier transform of signal [batch,
// length, 1 or 2]: frames of frame_length values every frame_step values,
// each multiplied by `window` when there is one (its length is the frame
// length then), transformed to frame_length bins (floor(n/2) + 1 with
// onesided, the default, for real signals). Output [batch, frames, bins, 2].
// frame_step and frame_length are data: non-constant ones make the node
// dynamic.
#include "dft_util.h"
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct StftData {
  bool onesided, complex_in;
  int64_t batch, length, step, frame, frames, bins;
};

Status init(KernelContext* ctx) {
  StftData* d = ctx->data<StftData>();
  const int64_t one = ctx->attributes->get_int("onesided", 1);
  SPUD_CHECK_OR_RETURN(one == 0 || one == 1, kInvalidModel, "STFT: onesided must be 0 or 1");
  d->onesided = one == 1;
  return Status::Ok();
}

bool scalar_int(const Tensor* t) {
  return (t->dtype == DType::kInt64 || t->dtype == DType::kInt32) && t->num_elements() == 1;
}

Status prepare(KernelContext* ctx) {
  StftData* d = ctx->data<StftData>();
  const Tensor* x = ctx->input(0);
  const Tensor* step = ctx->input(1);
  const Tensor* window = ctx->input(2);
  const Tensor* frame = ctx->input(3);
  SPUD_CHECK_OR_RETURN(x != nullptr && step != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "STFT: needs signal, frame_step and one output");
  SPUD_CHECK_OR_RETURN(x->rank == 3 && (x->dims[2] == 1 || x->dims[2] == 2), kInvalidModel,
                       "STFT: signal must be [batch, signal_length, 1 or 2]");
  d->complex_in = x->dims[2] == 2;
  SPUD_CHECK_OR_RETURN(!(d->complex_in && d->onesided), kInvalidModel, "STFT: onesided needs a real signal (last dimension 1)");
  SPUD_CHECK_OR_RETURN(scalar_int(step), kInvalidModel, "STFT: frame_step must be one int32 or int64");
  SPUD_CHECK_OR_RETURN(frame == nullptr || scalar_int(frame), kInvalidModel, "STFT: frame_length must be one int32 or int64");
  SPUD_CHECK_OR_RETURN(window == nullptr || (window->dtype == x->dtype && window->rank == 1), kInvalidModel,
                       "STFT: window must be 1-D, of the signal's type");
  SPUD_CHECK_OR_RETURN(window != nullptr || frame != nullptr, kInvalidModel, "STFT: needs a window or a frame_length");
  SPUD_CHECK_OR_RETURN(step->data != nullptr && (frame == nullptr || frame->data != nullptr), kDataDependent,
                       "STFT: frame_step or frame_length is not known yet");
  int64_t frame_length = 0;
  SPUD_CHECK_OR_RETURN(element_as_int64(*step, 0, &d->step) && (frame == nullptr || element_as_int64(*frame, 0, &frame_length)),
                       kInvalidArgument, "STFT: frame_step or frame_length is out of range");
  SPUD_CHECK_OR_RETURN(d->step > 0, kInvalidArgument, "STFT: frame_step must be positive");
  d->frame = window != nullptr ? window->dims[0] : frame_length;
  SPUD_CHECK_OR_RETURN(frame == nullptr || frame_length == d->frame, kInvalidArgument,
                       "STFT: frame_length differs from the window's length");
  d->batch = x->dims[0];
  d->length = x->dims[1];
  SPUD_CHECK_OR_RETURN(d->frame > 0 && d->frame <= d->length, kInvalidArgument,
                       "STFT: the frame length must be in [1, signal_length]");
  d->frames = 1 + (d->length - d->frame) / d->step;
  d->bins = d->onesided ? d->frame / 2 + 1 : d->frame;
  Tensor* y = ctx->output(0);
  y->dtype = x->dtype;
  const int64_t dims[4] = {d->batch, d->frames, d->bins, 2};
  SPUD_CHECK_OR_RETURN(set_shape(y, 4, dims), kInvalidModel, "STFT: bad output shape");
  ctx->scratch_size = static_cast<size_t>(d->frame) * 2 * sizeof(double);
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const StftData* d = ctx->data<StftData>();
  const T* x = ctx->input(0)->data_as<const T>();
  const T* window = ctx->input(2) != nullptr ? ctx->input(2)->data_as<const T>() : nullptr;
  T* y = ctx->output(0)->data_as<T>();
  double* table = static_cast<double*>(ctx->scratch);
  twiddle_table(d->frame, table);
  const int64_t comps = d->complex_in ? 2 : 1;
  for (int64_t b = 0; b < d->batch; ++b)
    for (int64_t f = 0; f < d->frames; ++f)
      dft_lane(x + (b * d->length + f * d->step) * comps, d->frame, comps, d->complex_in, window, table, d->frame, d->bins, false,
               y + (b * d->frames + f) * d->bins * 2, 2);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kStftFloat32 = {"", "STFT", 17, 17, dtype_bit(DType::kFloat32), 0, sizeof(StftData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kStftFloat64 = {"", "STFT", 17, 17, dtype_bit(DType::kFloat64), 0, sizeof(StftData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
