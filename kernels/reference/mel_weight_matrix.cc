// MelWeightMatrix (opset 17): the [floor(dft_length / 2) + 1, num_mel_bins]
// matrix of triangular filters that maps a onesided spectrum to mel bins
// between lower_edge_hertz and upper_edge_hertz: num_mel_bins + 2 points
// evenly spaced in mel (2595 log10(1 + f / 700), a step of the range over
// num_mel_bins + 2), each mapped to the spectrum bin floor((dft_length + 1)
// f / sample_rate); filter i rises from point i to i + 1 and falls to i + 2,
// as ONNX's definition computes it. Output type: output_datatype (float32 by
// default, or float64). All inputs are data: non-constant ones make the
// node dynamic.
#include <math.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct MelData {
  DType out_type;
  int64_t mel_bins, dft_length, sample_rate, spectrum_bins;
  double lower, upper;
};

Status init(KernelContext* ctx) {
  MelData* d = ctx->data<MelData>();
  const int64_t t = ctx->attributes->get_int("output_datatype", 1);
  SPUD_CHECK_OR_RETURN(t == static_cast<int64_t>(DType::kFloat32) || t == static_cast<int64_t>(DType::kFloat64), kUnsupported,
                       "MelWeightMatrix: output_datatype must be float (1) or double (11)");
  d->out_type = static_cast<DType>(t);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  MelData* d = ctx->data<MelData>();
  SPUD_CHECK_OR_RETURN(ctx->num_inputs == 5 && ctx->num_outputs == 1, kInvalidModel, "MelWeightMatrix: needs five inputs and one output");
  for (int i = 0; i < 5; ++i) {
    const Tensor* t = ctx->input(i);
    SPUD_CHECK_OR_RETURN(t != nullptr && t->num_elements() == 1, kInvalidModel, "MelWeightMatrix: every input must be a scalar");
    const bool is_int = t->dtype == DType::kInt32 || t->dtype == DType::kInt64;
    const bool is_float = t->dtype == DType::kFloat32 || t->dtype == DType::kFloat64;
    SPUD_CHECK_OR_RETURN(i < 3 ? is_int : is_float, kInvalidModel,
                         "MelWeightMatrix: num_mel_bins, dft_length, sample_rate must be integers; the edges floats");
  }
  for (int i = 0; i < 5; ++i)
    SPUD_CHECK_OR_RETURN(ctx->input(i)->data != nullptr, kDataDependent, "MelWeightMatrix: the inputs are not known yet");
  SPUD_CHECK_OR_RETURN(element_as_int64(*ctx->input(0), 0, &d->mel_bins) &&
                           element_as_int64(*ctx->input(1), 0, &d->dft_length) &&
                           element_as_int64(*ctx->input(2), 0, &d->sample_rate),
                       kInvalidArgument, "MelWeightMatrix: num_mel_bins, dft_length or sample_rate is out of range");
  d->lower = element_as_double(*ctx->input(3), 0);
  d->upper = element_as_double(*ctx->input(4), 0);
  SPUD_CHECK_OR_RETURN(d->mel_bins > 0 && d->dft_length > 0 && d->sample_rate > 0, kInvalidArgument,
                       "MelWeightMatrix: num_mel_bins, dft_length and sample_rate must be positive");
  SPUD_CHECK_OR_RETURN(d->lower >= 0 && d->lower <= d->upper && d->upper <= static_cast<double>(d->sample_rate) / 2,
                       kInvalidArgument, "MelWeightMatrix: needs 0 <= lower_edge_hertz <= upper_edge_hertz <= sample_rate / 2");
  d->spectrum_bins = d->dft_length / 2 + 1;
  Tensor* y = ctx->output(0);
  y->dtype = d->out_type;
  const int64_t dims[2] = {d->spectrum_bins, d->mel_bins};
  SPUD_CHECK_OR_RETURN(set_shape(y, 2, dims), kInvalidModel, "MelWeightMatrix: bad output shape");
  return Status::Ok();
}

// The spectrum bin of mel point i.
int64_t point_bin(const MelData* d, int64_t i) {
  const double lo = 2595 * log10(1 + d->lower / 700), hi = 2595 * log10(1 + d->upper / 700);
  const double step = (hi - lo) / static_cast<double>(d->mel_bins + 2);
  const double hz = 700 * (pow(10.0, (static_cast<double>(i) * step + lo) / 2595) - 1);
  return static_cast<int64_t>(floor(static_cast<double>(d->dft_length + 1) * hz / static_cast<double>(d->sample_rate)));
}

template <typename T>
void fill(const MelData* d, T* out) {
  const int64_t rows = d->spectrum_bins, cols = d->mel_bins;
  for (int64_t k = 0; k < rows * cols; ++k) out[k] = 0;
  const auto set = [&](int64_t row, int64_t col, double v) {
    if (row >= 0 && row < rows) out[row * cols + col] = static_cast<T>(v);
  };
  for (int64_t i = 0; i < cols; ++i) {
    const int64_t left = point_bin(d, i), center = point_bin(d, i + 1), right = point_bin(d, i + 2);
    if (center == left) {
      set(center, i, 1);
    } else {
      for (int64_t j = left; j <= center; ++j) set(j, i, static_cast<double>(j - left) / static_cast<double>(center - left));
    }
    for (int64_t j = center; j < right; ++j) set(j, i, static_cast<double>(right - j) / static_cast<double>(right - center));
  }
}

Status eval(KernelContext* ctx) {
  const MelData* d = ctx->data<MelData>();
  Tensor* y = ctx->output(0);
  if (d->out_type == DType::kFloat64) fill(d, y->data_as<double>());
  else fill(d, y->data_as<float>());
  return Status::Ok();
}

}  // namespace

extern const KernelDef kMelWeightMatrixAll = {"", "MelWeightMatrix", 17, 17, dtype_bit(DType::kInt32) | dtype_bit(DType::kInt64), 0, sizeof(MelData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
