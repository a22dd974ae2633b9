// A tensor as the runtime and kernels see it: a type, a shape and a pointer.
// The runtime owns every Tensor; kernels read inputs and write outputs
// through these views and never allocate.
#ifndef SPUD_TENSOR_H_
#define SPUD_TENSOR_H_

#include <stddef.h>
#include <stdint.h>

namespace spud {

constexpr int kMaxRank = 8;

// Same values as ONNX TensorProto.DataType and as the file format's DataType.
enum class DType : uint8_t {
  kUndefined = 0,
  kFloat32 = 1,
  kUInt8 = 2,
  kInt8 = 3,
  kUInt16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kString = 8,
  kBool = 9,
  kFloat16 = 10,
  kFloat64 = 11,
  kUInt32 = 12,
  kUInt64 = 13,
  kBFloat16 = 16,
};

// Bytes per element; 0 for types the runtime cannot hold (undefined, string).
size_t dtype_size(DType type);
// "float32", "int64", ...; "unknown" for values outside the enum.
const char* dtype_name(DType type);
// Bit used for `type` in KernelDef::types.
constexpr uint32_t dtype_bit(DType type) { return 1u << static_cast<uint32_t>(type); }

struct Tensor {
  DType dtype = DType::kUndefined;
  int32_t rank = 0;
  int64_t dims[kMaxRank] = {};
  // Inputs and constants: readable data. Outputs: where to write. In the
  // converter's shape-analysis pass non-constant data is nullptr.
  void* data = nullptr;
  // Bytes available at `data` (planned size for arena tensors).
  size_t capacity = 0;
  const char* name = "";
  // The data is the model's own (an initializer): fixed for the session's
  // life, so a kernel may pack it once in prepare.
  bool constant = false;

  int64_t dim(int i) const { return dims[i]; }
  // Product of dims; 1 for a scalar. Shapes were checked for overflow when
  // they were set, so this cannot overflow.
  int64_t num_elements() const {
    int64_t n = 1;
    for (int i = 0; i < rank; ++i) n *= dims[i];
    return n;
  }
  size_t size_bytes() const { return static_cast<size_t>(num_elements()) * dtype_size(dtype); }

  template <typename T>
  T* data_as() const {
    return static_cast<T*>(data);
  }
};

// Sets `t`'s shape after checking rank and that the element count times the
// element size fits in size_t without overflow. Returns false otherwise.
bool set_shape(Tensor* t, int rank, const int64_t* dims);

bool same_shape(const Tensor& a, const Tensor& b);

}  // namespace spud

#endif  // SPUD_TENSOR_H_
