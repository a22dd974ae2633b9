// `spud convert`: an .onnx file in, a planned .spud file's bytes out, plus
// the operators it needs for required_operators.config.
#ifndef SPUD_TOOLS_CONVERTER_CONVERTER_H_
#define SPUD_TOOLS_CONVERTER_CONVERTER_H_

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "ir.h"
#include "onnx_import.h"
#include "passes.h"

namespace spud {
namespace convert {

struct ConvertOptions {
  ImportOptions import;
  // Run 2-D Conv and pools channels-last (com.spud.nhwc), fusing their
  // activations; false keeps the model's NCHW layout.
  bool nhwc = true;
  // Fold Relu/Clip into the NHWC Conv before them, MatMul+Add into Gemm.
  bool fuse = true;
  // Rewrite QDQ groups into quantized operators (qdq.cc); false keeps the
  // DequantizeLinear -> float operator -> QuantizeLinear form (--no-qdq-fusion).
  bool fuse_qdq = true;
  // Store the accelerated kernels' packed weights in the file (--prepack).
  bool prepack = false;
  std::vector<std::pair<std::string, std::string>> metadata;  // --meta key=value
};

// (domain as written in the config, opset imported by the model, op type)
using OpKey = std::tuple<std::string, int64_t, std::string>;

// For type reduction: per operator, the types of the input that selects its
// kernel (input index -> ONNX Runtime type names such as "float"). An
// operator with an empty map has a kernel for every type, so listing its
// types would save nothing.
using OpTypes = std::map<OpKey, std::map<int, std::set<std::string>>>;

struct ConvertResult {
  std::vector<uint8_t> bytes;
  Graph graph;
  std::set<OpKey> ops;
  OpTypes op_types;
  PassStats stats;
  LayoutStats layout;
  uint64_t arena_size = 0;
};

// Throws ConvertError with one message for everything that is wrong:
// unreadable or invalid ONNX, and every operator without a kernel.
// `notes`, when given, receives the import's notes (symbolic dimensions,
// opset changes) as soon as they are known, so that a conversion that fails
// later can still show them.
ConvertResult convert_model(const std::string& onnx_path, const ConvertOptions& options,
                            std::vector<std::string>* notes = nullptr);

// Merges `from` into `into`: type sets are united, and an operator without
// type information in either stays without it.
void merge_op_types(const OpTypes& from, OpTypes* into);

// required_operators.config text in ONNX Runtime's format: a header naming
// the models, then one sorted line per domain;opset;Op1,Op2,... With `types`
// (--enable-type-reduction), each operator that has type information is
// followed by it as JSON, e.g. Add{"inputs": {"0": ["float"]}}, the
// required_operators_and_types.config form.
std::string format_ops_config(const std::vector<std::string>& model_paths, const std::set<OpKey>& ops,
                              const OpTypes* types = nullptr);

// ONNX Runtime's C++ name of a type ("float", "int64_t", "MLFloat16", ...).
const char* ort_type_name(DType type);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_CONVERTER_CONVERTER_H_
