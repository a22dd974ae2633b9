// Old models: where spud has no kernel for the version of an operator a
// model's opset gives, the model is upgraded with ONNX's own version
// converter (onnx::version_conversion::ConvertVersion) to the lowest opset
// at which every operator spud implements has a kernel; --target-opset asks
// for a given one.
#ifndef SPUD_TOOLS_CONVERTER_OPSET_UPGRADE_H_
#define SPUD_TOOLS_CONVERTER_OPSET_UPGRADE_H_

#include <string>

#include "onnx/onnx_pb.h"

namespace spud {
namespace convert {

// The default-domain opset `model` imports (1 when it imports none).
int default_opset(const onnx::ModelProto& model);

// When some default-domain operator of `model` that spud has a kernel for
// (in some version) has none at the model's opset, converts the model to
// the lowest opset up to what the version converter knows at which all of
// them have one, and returns a note saying so; returns "" when the model
// needs nothing. Throws ConvertError naming `path`, the operators and the
// converter's reason when no opset works.
std::string upgrade_for_kernels(onnx::ModelProto* model, const std::string& path);

// `model` converted to `target` by ONNX's version converter. Throws
// ConvertError naming `path`, both opsets and the converter's reason when it
// cannot.
onnx::ModelProto convert_opset(const onnx::ModelProto& model, int target, const std::string& path);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_CONVERTER_OPSET_UPGRADE_H_
