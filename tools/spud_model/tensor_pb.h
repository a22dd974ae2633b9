// ONNX TensorProto (.pb) files without protobuf: just the fields a model's
// inputs and outputs use, read and written by hand from the wire format, so
// that spud_model links nothing but the runtime and the C library.
#ifndef SPUD_TOOLS_SPUD_MODEL_TENSOR_PB_H_
#define SPUD_TOOLS_SPUD_MODEL_TENSOR_PB_H_

#include <stddef.h>
#include <stdint.h>

namespace spud_pb {

constexpr int kMaxDims = 8;

// A parsed TensorProto. `data` is owned (malloc) and holds the values in
// little-endian element order whichever field they came in.
struct PbTensor {
  int32_t dtype = 0;  // TensorProto.DataType
  int rank = 0;
  int64_t dims[kMaxDims] = {};
  char name[128] = {};
  uint8_t* data = nullptr;
  size_t size = 0;
};

// Parses `bytes` into `out`. Returns null on success, or what is wrong.
const char* parse_tensor(const uint8_t* bytes, size_t n, PbTensor* out);
void free_tensor(PbTensor* t);

// Serializes a tensor as dims (1), data_type (2), name (8), raw_data (9), in
// that order, as protobuf itself does. Returns the bytes written, or 0 when
// `cap` is too small; with out == nullptr returns the size needed.
size_t serialize_tensor(const char* name, int32_t dtype, const int64_t* dims, int rank,
                        const void* data, size_t size, uint8_t* out, size_t cap);

// Bytes per element of a TensorProto data type this tool can hold; 0 else.
size_t element_size(int32_t dtype);

}  // namespace spud_pb

#endif  // SPUD_TOOLS_SPUD_MODEL_TENSOR_PB_H_
