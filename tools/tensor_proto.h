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

// A whole file's bytes; throws std::runtime_error naming it when unreadable.
std::string read_file_bytes(const std::string& path);

// Reads a TensorProto from a .pb file; throws with the path on failure.
onnx::TensorProto read_tensor_file(const std::string& path);
void write_tensor_file(const std::string& path, const onnx::TensorProto& proto);

// A sequence or optional value on the host: its tensors (a sequence's, or
// the optional's one value; an optional of a sequence: that sequence's),
// and whether an optional holds anything.
struct BlobValue {
  ValueKind kind = ValueKind::kSequence;
  DType elem_dtype = DType::kUndefined;
  bool has_value = true;
  std::vector<TensorInfo> tensors;
};

// Reads ONNX's SequenceProto (kind kSequence) or OptionalProto .pb file.
BlobValue read_value_file(const std::string& path, ValueKind kind);
// The same from the file's bytes; `path` names them in errors.
BlobValue parse_value(const std::string& bytes, ValueKind kind, const std::string& path);
// The blob spud holds such a value in (spud/sequence.h), and back; decoding
// throws std::runtime_error naming what is malformed.
std::vector<uint8_t> encode_blob(const BlobValue& v);
BlobValue decode_blob(const uint8_t* data, size_t size, ValueKind kind);
// Writes a value as ONNX's SequenceProto or OptionalProto .pb file, named.
void write_value_file(const std::string& path, const std::string& name, const BlobValue& v);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_TENSOR_PROTO_H_
