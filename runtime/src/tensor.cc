#include "spud/tensor.h"

namespace spud {

size_t dtype_size(DType type) {
  switch (type) {
    case DType::kBool:
    case DType::kUInt8:
    case DType::kInt8: return 1;
    case DType::kUInt16:
    case DType::kInt16:
    case DType::kFloat16:
    case DType::kBFloat16: return 2;
    case DType::kFloat32:
    case DType::kInt32:
    case DType::kUInt32: return 4;
    case DType::kFloat64:
    case DType::kInt64:
    case DType::kUInt64: return 8;
    case DType::kUndefined:
    case DType::kString: return 0;
  }
  return 0;
}

const char* dtype_name(DType type) {
  switch (type) {
    case DType::kUndefined: return "undefined";
    case DType::kFloat32: return "float32";
    case DType::kUInt8: return "uint8";
    case DType::kInt8: return "int8";
    case DType::kUInt16: return "uint16";
    case DType::kInt16: return "int16";
    case DType::kInt32: return "int32";
    case DType::kInt64: return "int64";
    case DType::kString: return "string";
    case DType::kBool: return "bool";
    case DType::kFloat16: return "float16";
    case DType::kFloat64: return "float64";
    case DType::kUInt32: return "uint32";
    case DType::kUInt64: return "uint64";
    case DType::kBFloat16: return "bfloat16";
  }
  return "unknown";
}

bool set_shape(Tensor* t, int rank, const int64_t* dims) {
  if (rank < 0 || rank > kMaxRank) return false;
  const size_t elem = dtype_size(t->dtype) == 0 ? 1 : dtype_size(t->dtype);
  // Largest element count whose byte size still fits; keeps products exact.
  const uint64_t limit = static_cast<uint64_t>(SIZE_MAX) / elem;
  // The non-zero dimensions' product must fit as well: an empty tensor's
  // other dimensions are still multiplied by kernels.
  uint64_t n = 1, nonzero = 1;
  for (int i = 0; i < rank; ++i) {
    if (dims[i] < 0) return false;
    const uint64_t d = static_cast<uint64_t>(dims[i]);
    if (d != 0 && nonzero > limit / d) return false;
    if (d != 0) nonzero *= d;
    n *= d;
  }
  if (n > static_cast<uint64_t>(INT64_MAX)) return false;
  t->rank = rank;
  for (int i = 0; i < rank; ++i) t->dims[i] = dims[i];
  for (int i = rank; i < kMaxRank; ++i) t->dims[i] = 0;
  return true;
}

bool same_shape(const Tensor& a, const Tensor& b) {
  if (a.rank != b.rank) return false;
  for (int i = 0; i < a.rank; ++i)
    if (a.dims[i] != b.dims[i]) return false;
  return true;
}

}  // namespace spud
