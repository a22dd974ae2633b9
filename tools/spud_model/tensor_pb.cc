// Hand-read protobuf wire format for onnx.TensorProto (see tensor_pb.h).
#include "tensor_pb.h"

#include <stdlib.h>
#include <string.h>

#include "spud/tensor.h"

namespace spud_pb {

namespace {

// TensorProto field numbers (onnx.proto).
enum Field {
  kDims = 1,
  kDataType = 2,
  kSegment = 3,
  kFloatData = 4,
  kInt32Data = 5,
  kStringData = 6,
  kInt64Data = 7,
  kName = 8,
  kRawData = 9,
  kDoubleData = 10,
  kUInt64Data = 11,
  kExternalData = 13,
  kDataLocation = 14,
};

struct Reader {
  const uint8_t* p;
  const uint8_t* end;

  bool varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p >= end) return false;
      const uint8_t b = *p++;
      *v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool bytes(size_t n, const uint8_t** out) {
    if (static_cast<size_t>(end - p) < n) return false;
    *out = p;
    p += n;
    return true;
  }
  // Skips a field of wire type `wire`.
  bool skip(uint32_t wire) {
    uint64_t v;
    const uint8_t* unused;
    switch (wire) {
      case 0: return varint(&v);
      case 1: return bytes(8, &unused);
      case 2: return varint(&v) && v <= SIZE_MAX && bytes(static_cast<size_t>(v), &unused);
      case 5: return bytes(4, &unused);
      default: return false;
    }
  }
};

// Appends one element of `dtype` given as an integer (int32_data, int64_data
// and uint64_data carry integers of every narrower type).
void put_integer(uint8_t* dst, int32_t dtype, uint64_t v) {
  const size_t n = element_size(dtype);
  for (size_t i = 0; i < n; ++i) dst[i] = static_cast<uint8_t>(v >> (8 * i));  // little-endian
}

// Pass 2 of parse_tensor: the values from the typed repeated fields into
// out->data (count elements of esize bytes). Returns null or what is wrong.
const char* read_values(const uint8_t* bytes, size_t n, size_t count, size_t esize, PbTensor* out) {
  size_t filled = 0;
  Reader r{bytes, bytes + n};
  while (r.p < r.end) {
    uint64_t key;
    r.varint(&key);
    const uint32_t field = static_cast<uint32_t>(key >> 3), wire = static_cast<uint32_t>(key & 7);
    const bool float_field = field == kFloatData && out->dtype == static_cast<int32_t>(spud::DType::kFloat32);
    const bool double_field = field == kDoubleData && out->dtype == static_cast<int32_t>(spud::DType::kFloat64);
    const bool int_field = (field == kInt32Data || field == kInt64Data || field == kUInt64Data);
    if (!float_field && !double_field && !int_field) {
      r.skip(wire);
      continue;
    }
    const size_t fixed = float_field ? 4 : double_field ? 8 : 0;
    const uint8_t* begin = r.p;
    const uint8_t* end = r.p;
    uint64_t len;
    if (wire == 2) {
      if (!r.varint(&len) || !r.bytes(static_cast<size_t>(len), &begin)) return "truncated values";
      end = begin + len;
    } else {
      // One unpacked value: varint, or fixed32/fixed64.
      if (fixed == 0 && wire != 0) return "malformed values";
      if (fixed != 0 && wire != (fixed == 4 ? 5u : 1u)) return "malformed values";
      begin = r.p;
      if (fixed != 0) {
        const uint8_t* unused;
        if (!r.bytes(fixed, &unused)) return "truncated values";
      } else {
        uint64_t unused;
        if (!r.varint(&unused)) return "truncated values";
      }
      end = r.p;
    }
    Reader vr{begin, end};
    while (vr.p < vr.end) {
      if (filled == count) return "more values than dims allow";
      uint8_t* dst = out->data + filled * esize;
      if (fixed != 0) {
        const uint8_t* v;
        if (!vr.bytes(fixed, &v)) return "truncated values";
        memcpy(dst, v, fixed);
      } else {
        uint64_t v;
        if (!vr.varint(&v)) return "truncated values";
        put_integer(dst, out->dtype, v);
      }
      ++filled;
    }
  }
  return filled == count ? nullptr : "fewer values than dims need";
}

}  // namespace

size_t element_size(int32_t dtype) {
  // spud's DType values are TensorProto's; 0 for string and unknown values.
  return dtype < 0 || dtype > 255 ? 0 : spud::dtype_size(static_cast<spud::DType>(dtype));
}

void free_tensor(PbTensor* t) {
  free(t->data);
  t->data = nullptr;
  t->size = 0;
}

const char* parse_tensor(const uint8_t* bytes, size_t n, PbTensor* out) {
  *out = PbTensor();
  // Pass 1: type, shape, name, and where the values are.
  Reader r{bytes, bytes + n};
  const uint8_t* raw = nullptr;
  size_t raw_size = 0;
  bool has_raw = false;
  while (r.p < r.end) {
    uint64_t key;
    if (!r.varint(&key)) return "truncated field key";
    const uint32_t field = static_cast<uint32_t>(key >> 3), wire = static_cast<uint32_t>(key & 7);
    uint64_t v;
    if (field == kDims && wire == 0) {
      if (!r.varint(&v)) return "truncated dims";
      if (out->rank == kMaxDims) return "more than 8 dims";
      out->dims[out->rank++] = static_cast<int64_t>(v);
    } else if (field == kDims && wire == 2) {
      const uint8_t* packed;
      if (!r.varint(&v) || v > SIZE_MAX || !r.bytes(static_cast<size_t>(v), &packed)) return "truncated dims";
      Reader pr{packed, packed + v};
      while (pr.p < pr.end) {
        uint64_t d;
        if (!pr.varint(&d)) return "truncated dims";
        if (out->rank == kMaxDims) return "more than 8 dims";
        out->dims[out->rank++] = static_cast<int64_t>(d);
      }
    } else if (field == kDataType && wire == 0) {
      if (!r.varint(&v)) return "truncated data_type";
      out->dtype = static_cast<int32_t>(v);
    } else if (field == kName && wire == 2) {
      const uint8_t* s;
      if (!r.varint(&v) || v > SIZE_MAX || !r.bytes(static_cast<size_t>(v), &s)) return "truncated name";
      const size_t len = v < sizeof(out->name) - 1 ? static_cast<size_t>(v) : sizeof(out->name) - 1;
      memcpy(out->name, s, len);
      out->name[len] = '\0';
    } else if (field == kRawData && wire == 2) {
      if (!r.varint(&v) || v > SIZE_MAX || !r.bytes(static_cast<size_t>(v), &raw)) return "truncated raw_data";
      raw_size = static_cast<size_t>(v);
      has_raw = true;
    } else if (field == kStringData) {
      return "string tensors are not supported";
    } else if (field == kExternalData) {
      return "tensors with external data are not supported";
    } else if (field == kDataLocation && wire == 0) {
      if (!r.varint(&v)) return "truncated data_location";
      if (v != 0) return "tensors with external data are not supported";
    } else if (!r.skip(wire)) {
      return "malformed field";
    }
  }
  const size_t esize = element_size(out->dtype);
  if (esize == 0) return "unsupported data_type";
  size_t count = 1;
  for (int i = 0; i < out->rank; ++i) {
    if (out->dims[i] < 0) return "negative dim";
    const uint64_t d = static_cast<uint64_t>(out->dims[i]);
    if (d != 0 && count > SIZE_MAX / esize / d) return "tensor too large";
    count *= static_cast<size_t>(d);
  }
  // The values must be in the bytes before anything is allocated for them
  // (each takes a byte at least), or a few bytes of dims could ask for any
  // amount of memory.
  if (has_raw && raw_size != count * esize) return "raw_data size does not match dims and data_type";
  if (!has_raw && count > n) return "fewer values than dims need";
  out->size = count * esize;
  out->data = static_cast<uint8_t*>(malloc(out->size == 0 ? 1 : out->size));
  if (out->data == nullptr) return "out of memory";
  if (has_raw) {
    memcpy(out->data, raw, raw_size);
    return nullptr;
  }
  const char* error = read_values(bytes, n, count, esize, out);
  if (error != nullptr) free_tensor(out);
  return error;
}


namespace {

struct Writer {
  uint8_t* out;
  size_t cap;
  size_t n = 0;
  void byte(uint8_t b) {
    if (out != nullptr && n < cap) out[n] = b;
    ++n;
  }
  void varint(uint64_t v) {
    while (v >= 0x80) {
      byte(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    byte(static_cast<uint8_t>(v));
  }
  void bytes(const void* p, size_t len) {
    if (out != nullptr && n + len <= cap && len > 0) memcpy(out + n, p, len);
    n += len;
  }
};

}  // namespace

size_t serialize_tensor(const char* name, int32_t dtype, const int64_t* dims, int rank,
                        const void* data, size_t size, uint8_t* out, size_t cap) {
  Writer w{out, cap};
  for (int i = 0; i < rank; ++i) {
    w.varint(kDims << 3 | 0);
    w.varint(static_cast<uint64_t>(dims[i]));  // negative int64 goes as 10 bytes, as protobuf does
  }
  w.varint(kDataType << 3 | 0);
  w.varint(static_cast<uint64_t>(dtype));
  const size_t name_len = strlen(name);
  w.varint(kName << 3 | 2);
  w.varint(name_len);
  w.bytes(name, name_len);
  w.varint(kRawData << 3 | 2);
  w.varint(size);
  w.bytes(data, size);
  if (out != nullptr && w.n > cap) return 0;
  return w.n;
}

}  // namespace spud_pb
