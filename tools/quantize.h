// spud quantize: post-training static quantization of a float ONNX model
// into a QDQ ONNX model (the format ONNX Runtime's tools write and run),
// which spud convert turns into quantized operators (converter/qdq.cc).
//
//  0. BatchNormalization after a Conv is folded into its weights and bias.
//  1. Calibration: the model, with every activation it will quantize made a
//     graph output, is converted and run by spud on each calibration sample;
//     each activation's range is the min and max over the samples (widened
//     to hold 0).
//  2. Activations (the inputs and outputs of Conv, MatMul and Gemm; past a
//     Relu that alone reads the output, the Relu's) get
//     QuantizeLinear -> DequantizeLinear, uint8 with a per-tensor scale and
//     zero point from the range; the weights int8, symmetric, one scale per
//     output channel (Conv: axis 0; MatMul's B: its columns; Gemm's B: its
//     N axis); biases int32 with scale input_scale * weight_scale.
//  3. A report: each activation's range and parameters, and the quantized
//     model's outputs against the float model's on the calibration samples
//     (max abs error, cosine similarity, SQNR).
#ifndef SPUD_TOOLS_QUANTIZE_H_
#define SPUD_TOOLS_QUANTIZE_H_

#include <set>
#include <string>
#include <vector>

#include "onnx/onnx_pb.h"

namespace spud {
namespace convert {

struct QuantizeOptions {
  // One entry per calibration sample: a file for each model input, in order
  // (.pb TensorProto or .npy).
  std::vector<std::vector<std::string>> samples;
  // Node names (or, where unnamed, their first output) to leave in float.
  std::set<std::string> keep_float;
};

struct TensorRange {
  std::string name;
  float lo = 0, hi = 0, scale = 1;
  int zero_point = 0;
};

struct OutputError {
  std::string name;
  double max_abs = 0, cosine = 0, sqnr_db = 0;
};

struct QuantizeResult {
  onnx::ModelProto model;              // the QDQ model
  std::vector<TensorRange> ranges;     // each quantized activation
  std::vector<std::string> nodes;      // the nodes quantized ("Conv 'name'")
  std::vector<OutputError> errors;     // per model output, over the samples
  int weights = 0;                     // weight tensors made int8
  int batch_norms_folded = 0;          // BatchNormalization folded into the Conv before it
  uint64_t float_weight_bytes = 0, int8_weight_bytes = 0;
};

// Throws std::runtime_error naming what is wrong (an unreadable model or
// sample, an opset below 13, a model with nothing to quantize).
QuantizeResult quantize_model(const std::string& onnx_path, const QuantizeOptions& options);

// The calibration samples below `dir`: its .pb/.npy files, one sample each
// (a model with one input), or its subdirectories, each a sample holding
// input_<i>.pb or input_<i>.npy per input (ONNX's test data layout).
std::vector<std::vector<std::string>> calibration_samples(const std::string& dir, int num_inputs);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_QUANTIZE_H_
