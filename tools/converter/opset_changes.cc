#include "opset_changes.h"

#include <map>

#include "onnx/defs/schema.h"

namespace spud {
namespace convert {

namespace {

// ONNX's Changelog, opsets 18 (ONNX 1.13) to 21 (ONNX 1.16): each
// operator with a version introduced in one of them. Kept as one line per
// operator; tests/conformance/operators_report.py reads the same lines.
const std::map<std::string, std::vector<int>>& changelog() {
  static const std::map<std::string, std::vector<int>> table = {
      {"AffineGrid", {20}},
      {"AveragePool", {19}},
      {"BitwiseAnd", {18}},
      {"BitwiseNot", {18}},
      {"BitwiseOr", {18}},
      {"BitwiseXor", {18}},
      {"Cast", {19, 21}},
      {"CastLike", {19, 21}},
      {"CenterCropPad", {18}},
      {"Col2Im", {18}},
      {"Constant", {19, 21}},
      {"ConstantOfShape", {20, 21}},
      {"DFT", {20}},
      {"DeformConv", {19}},
      {"DequantizeLinear", {19, 21}},
      {"Equal", {19}},
      {"Flatten", {21}},
      {"Gelu", {20}},
      {"GridSample", {20}},
      {"GroupNormalization", {18, 21}},
      {"Identity", {19, 21}},
      {"If", {19, 21}},
      {"ImageDecoder", {20}},
      {"IsInf", {20}},
      {"IsNaN", {20}},
      {"Loop", {19, 21}},
      {"LpPool", {18}},
      {"Mish", {18}},
      {"OptionalGetElement", {18}},
      {"OptionalHasElement", {18}},
      {"Pad", {18, 19, 21}},
      {"QLinearMatMul", {21}},
      {"QuantizeLinear", {19, 21}},
      {"ReduceL1", {18}},
      {"ReduceL2", {18}},
      {"ReduceLogSum", {18}},
      {"ReduceLogSumExp", {18}},
      {"ReduceMax", {18, 20}},
      {"ReduceMean", {18}},
      {"ReduceMin", {18, 20}},
      {"ReduceProd", {18}},
      {"ReduceSumSquare", {18}},
      {"RegexFullMatch", {20}},
      {"Reshape", {19, 21}},
      {"Resize", {18, 19}},
      {"Scan", {19, 21}},
      {"ScatterElements", {18}},
      {"ScatterND", {18}},
      {"Shape", {19, 21}},
      {"Size", {19, 21}},
      {"Split", {18}},
      {"Squeeze", {21}},
      {"StringConcat", {20}},
      {"StringSplit", {20}},
      {"Transpose", {21}},
      {"Unsqueeze", {21}},
  };
  return table;
}

}  // namespace

int onnx_known_opset() {
  const auto& ranges = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  const auto it = ranges.find(onnx::ONNX_DOMAIN);
  return it != ranges.end() ? it->second.second : 17;
}

const std::vector<int>& new_versions(const std::string& op) {
  static const std::vector<int> none;
  const auto it = changelog().find(op);
  return it != changelog().end() ? it->second : none;
}

int resolve_since_version(const std::string& op, int opset) {
  const int known = onnx_known_opset();
  if (opset > known) {
    int since = 0;
    for (int v : new_versions(op))
      if (v <= opset) since = v;
    if (since != 0) return since;
    opset = known;
  }
  const onnx::OpSchema* schema = onnx::OpSchemaRegistry::Schema(op, opset, onnx::ONNX_DOMAIN);
  return schema != nullptr ? schema->SinceVersion() : 0;
}

}  // namespace convert
}  // namespace spud
