// Converting between ONNX TensorProto and raw little-endian tensor bytes.
// Used for initializers (including external data) and for the .pb input and
// output files of `spud run`.
#ifndef SPUD_TOOLS_TENSOR_PROTO_H_
#define SPUD_TOOLS_TENSOR_PROTO_H_

#include <string>

#include "converter/ir.h"
#include "onnx/onnx_pb.h"

namespace spud {
namespace convert {

// DType for an ONNX elem_type; throws std::runtime_error for types spud
// cannot hold (string, complex, ...).
DType dtype_from_onnx(int elem_type, const std::string& what);

// The tensor's dtype, shape and bytes. External data is read relative to
// `base_dir`. Throws std::runtime_error with the tensor's name on bad data.
TensorInfo tensor_from_proto(const onnx::TensorProto& proto, const std::string& base_dir);

onnx::TensorProto tensor_to_proto(const std::string& name, DType dtype,
                                  const std::vector<int64_t>& shape, const void* data, size_t bytes);

// Reads a TensorProto from a .pb file; throws with the path on failure.
onnx::TensorProto read_tensor_file(const std::string& path);
void write_tensor_file(const std::string& path, const onnx::TensorProto& proto);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_TENSOR_PROTO_H_
