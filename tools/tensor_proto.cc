#include "tensor_proto.h"

#include "onnx/onnx-data.pb.h"
#include "spud/sequence.h"

#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace spud {
namespace convert {

namespace {

template <typename Field>
void append_values(const Field& field, DType dtype, std::vector<uint8_t>* out) {
  const size_t elem = dtype_size(dtype);
  out->resize(static_cast<size_t>(field.size()) * elem);
  uint8_t* p = out->data();
  for (const auto v : field) {
    switch (dtype) {
      case DType::kFloat32: { float x = static_cast<float>(v); std::memcpy(p, &x, 4); break; }
      case DType::kFloat64: { double x = static_cast<double>(v); std::memcpy(p, &x, 8); break; }
      case DType::kInt8: { int8_t x = static_cast<int8_t>(v); std::memcpy(p, &x, 1); break; }
      case DType::kUInt8:
      case DType::kBool: { uint8_t x = static_cast<uint8_t>(v); std::memcpy(p, &x, 1); break; }
      case DType::kInt16: { int16_t x = static_cast<int16_t>(v); std::memcpy(p, &x, 2); break; }
      case DType::kUInt16:
      case DType::kFloat16:
      case DType::kBFloat16: { uint16_t x = static_cast<uint16_t>(v); std::memcpy(p, &x, 2); break; }
      case DType::kInt32: { int32_t x = static_cast<int32_t>(v); std::memcpy(p, &x, 4); break; }
      case DType::kUInt32: { uint32_t x = static_cast<uint32_t>(v); std::memcpy(p, &x, 4); break; }
      case DType::kInt64: { int64_t x = static_cast<int64_t>(v); std::memcpy(p, &x, 8); break; }
      case DType::kUInt64: { uint64_t x = static_cast<uint64_t>(v); std::memcpy(p, &x, 8); break; }
      default: throw std::runtime_error("unsupported element type");
    }
    p += elem;
  }
}

// A shape's bytes at `elem` bytes an element. False for a negative
// dimension, or when the product of the non-zero ones times `elem` passes
// INT64_MAX: the converter multiplies shapes freely (num_elements) later.
bool shape_bytes(const std::vector<int64_t>& shape, size_t elem, uint64_t* bytes) {
  const uint64_t limit = static_cast<uint64_t>(INT64_MAX) / elem;
  uint64_t n = 1, nonzero = 1;
  for (int64_t d : shape) {
    if (d < 0) return false;
    const uint64_t u = static_cast<uint64_t>(d);
    if (u != 0 && nonzero > limit / u) return false;
    if (u != 0) nonzero *= u;
    n *= u;
  }
  *bytes = n * elem;
  return true;
}

std::vector<uint8_t> read_external(const onnx::TensorProto& proto, const std::string& base_dir) {
  std::string location;
  int64_t offset = 0, length = -1;
  auto number = [&](const std::string& key, const std::string& text) {
    int64_t v = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 0)
      throw std::runtime_error("tensor '" + proto.name() + "': external data " + key + " '" + text +
                               "' is not a non-negative integer");
    return v;
  };
  for (const auto& kv : proto.external_data()) {
    if (kv.key() == "location") location = kv.value();
    else if (kv.key() == "offset") offset = number("offset", kv.value());
    else if (kv.key() == "length") length = number("length", kv.value());
  }
  if (location.empty() || location.find("..") != std::string::npos || location[0] == '/')
    throw std::runtime_error("tensor '" + proto.name() + "': external data location '" + location +
                             "' must be a relative path inside the model's folder");
  const std::string path = base_dir.empty() ? location : base_dir + "/" + location;
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("tensor '" + proto.name() + "': cannot open external data file " + path);
  f.seekg(0, std::ios::end);
  const int64_t file_size = static_cast<int64_t>(f.tellg());
  if (length < 0) length = file_size - offset;
  if (file_size < 0 || offset > file_size || length < 0 || length > file_size - offset)
    throw std::runtime_error("tensor '" + proto.name() + "': external data range lies outside " + path);
  std::vector<uint8_t> bytes(static_cast<size_t>(length));
  f.seekg(offset);
  f.read(reinterpret_cast<char*>(bytes.data()), length);
  return bytes;
}

}  // namespace

DType dtype_from_onnx(int elem_type, const std::string& what) {
  const DType d = static_cast<DType>(elem_type);
  if (elem_type < 0 || elem_type > 16 || dtype_size(d) == 0)
    throw std::runtime_error(what + " has element type " + std::to_string(elem_type) + " (" +
                             onnx::TensorProto_DataType_Name(elem_type) +
                             "), which spud does not support");
  return d;
}

TensorInfo tensor_from_proto(const onnx::TensorProto& proto, const std::string& base_dir) {
  TensorInfo t;
  t.name = proto.name();
  t.dtype = dtype_from_onnx(proto.data_type(), "tensor '" + proto.name() + "'");
  t.rank_known = true;
  t.role = TensorRole::kConstant;
  for (int64_t d : proto.dims()) {
    if (d < 0) throw std::runtime_error("tensor '" + proto.name() + "' has a negative dimension");
    t.shape.push_back(d);
  }
  uint64_t expect = 0;
  if (!shape_bytes(t.shape, dtype_size(t.dtype), &expect))
    throw std::runtime_error("tensor '" + proto.name() + "' has dimensions whose product overflows");
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    t.data = read_external(proto, base_dir);
  } else if (proto.has_raw_data()) {
    t.data.assign(proto.raw_data().begin(), proto.raw_data().end());
  } else {
    switch (t.dtype) {
      case DType::kFloat32: append_values(proto.float_data(), t.dtype, &t.data); break;
      case DType::kFloat64: append_values(proto.double_data(), t.dtype, &t.data); break;
      case DType::kInt64: append_values(proto.int64_data(), t.dtype, &t.data); break;
      case DType::kUInt32:
      case DType::kUInt64: append_values(proto.uint64_data(), t.dtype, &t.data); break;
      default: append_values(proto.int32_data(), t.dtype, &t.data); break;
    }
  }
  if (t.data.size() != expect)
    throw std::runtime_error("tensor '" + proto.name() + "' holds " + std::to_string(t.data.size()) +
                             " bytes but its shape needs " + std::to_string(expect));
  return t;
}

onnx::TensorProto tensor_to_proto(const std::string& name, DType dtype,
                                  const std::vector<int64_t>& shape, const void* data, size_t bytes) {
  onnx::TensorProto p;
  p.set_name(name);
  p.set_data_type(static_cast<int>(dtype));
  for (int64_t d : shape) p.add_dims(d);
  p.set_raw_data(data, bytes);
  return p;
}

onnx::TensorProto read_tensor_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  onnx::TensorProto p;
  if (!p.ParseFromString(ss.str()))
    throw std::runtime_error(path + " is not an ONNX TensorProto (.pb) file");
  return p;
}

void write_tensor_file(const std::string& path, const onnx::TensorProto& proto) {
  std::ofstream f(path, std::ios::binary);
  if (!f || !proto.SerializeToOstream(&f)) throw std::runtime_error("cannot write " + path);
}

std::string read_file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

namespace {

std::vector<TensorInfo> sequence_tensors(const onnx::SequenceProto& s, const std::string& path) {
  if (s.elem_type() != onnx::SequenceProto::TENSOR && s.elem_type() != onnx::SequenceProto::UNDEFINED)
    throw std::runtime_error(path + ": only sequences of tensors are supported");
  std::vector<TensorInfo> out;
  for (const auto& t : s.tensor_values()) out.push_back(tensor_from_proto(t, ""));
  return out;
}

size_t align16(size_t v) { return (v + SPUD_SEQUENCE_ALIGN - 1) / SPUD_SEQUENCE_ALIGN * SPUD_SEQUENCE_ALIGN; }

std::vector<uint8_t> encode_list(const std::vector<TensorInfo>& ts, DType elem) {
  const size_t head = align16(sizeof(spud_sequence_header) + ts.size() * sizeof(spud_sequence_entry));
  size_t total = head;
  for (const TensorInfo& t : ts) total = align16(total + t.data.size());
  std::vector<uint8_t> out(total, 0);
  spud_sequence_header h{SPUD_SEQUENCE_MAGIC, static_cast<uint32_t>(ts.size()), static_cast<int32_t>(elem), 0};
  std::memcpy(out.data(), &h, sizeof(h));
  size_t at = head;
  for (size_t k = 0; k < ts.size(); ++k) {
    const TensorInfo& t = ts[k];
    if (t.shape.size() > SPUD_SEQUENCE_MAX_RANK) throw std::runtime_error("a sequence element has rank above 8");
    spud_sequence_entry e{};
    e.dtype = static_cast<int32_t>(t.dtype);
    e.rank = static_cast<int32_t>(t.shape.size());
    for (size_t d = 0; d < t.shape.size(); ++d) e.dims[d] = t.shape[d];
    e.offset = at;
    e.bytes = t.data.size();
    std::memcpy(out.data() + sizeof(h) + k * sizeof(e), &e, sizeof(e));
    if (!t.data.empty()) std::memcpy(out.data() + at, t.data.data(), t.data.size());
    at = align16(at + t.data.size());
  }
  return out;
}

std::vector<TensorInfo> decode_list(const uint8_t* data, size_t size, DType* elem) {
  spud_sequence_header h{};
  if (size < sizeof(h)) throw std::runtime_error("the sequence blob is shorter than its header");
  std::memcpy(&h, data, sizeof(h));
  if (h.magic != SPUD_SEQUENCE_MAGIC) throw std::runtime_error("the sequence blob has a bad magic number");
  if (h.count > (size - sizeof(h)) / sizeof(spud_sequence_entry))
    throw std::runtime_error("the sequence blob's entries do not fit in it");
  *elem = static_cast<DType>(h.elem_dtype);
  std::vector<TensorInfo> out;
  for (uint32_t k = 0; k < h.count; ++k) {
    spud_sequence_entry e{};
    std::memcpy(&e, data + sizeof(h) + k * sizeof(e), sizeof(e));
    if (e.rank < 0 || e.rank > SPUD_SEQUENCE_MAX_RANK || e.offset > size || e.bytes > size - e.offset)
      throw std::runtime_error("sequence element " + std::to_string(k) + " lies outside the blob");
    TensorInfo t;
    t.dtype = static_cast<DType>(e.dtype);
    t.rank_known = true;
    t.shape.assign(e.dims, e.dims + e.rank);
    // Its bytes are its dims' product times the element size (spud/sequence.h).
    const size_t elem = e.dtype > 0 && e.dtype <= 16 ? dtype_size(t.dtype) : 0;
    uint64_t bytes = 0;
    if (elem == 0 || !shape_bytes(t.shape, elem, &bytes) || bytes != e.bytes)
      throw std::runtime_error("sequence element " + std::to_string(k) + " has a type or size its shape does not give");
    t.data.assign(data + e.offset, data + e.offset + e.bytes);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

BlobValue read_value_file(const std::string& path, ValueKind kind) {
  return parse_value(read_file_bytes(path), kind, path);
}

BlobValue parse_value(const std::string& bytes, ValueKind kind, const std::string& path) {
  BlobValue v;
  v.kind = kind;
  if (kind == ValueKind::kSequence) {
    onnx::SequenceProto s;
    if (!s.ParseFromString(bytes)) throw std::runtime_error(path + " is not an ONNX SequenceProto (.pb) file");
    v.tensors = sequence_tensors(s, path);
    return v;
  }
  onnx::OptionalProto o;
  if (!o.ParseFromString(bytes)) throw std::runtime_error(path + " is not an ONNX OptionalProto (.pb) file");
  if (kind == ValueKind::kOptionalTensor) {
    v.has_value = o.has_tensor_value();
    if (v.has_value) v.tensors.push_back(tensor_from_proto(o.tensor_value(), ""));
  } else {
    v.has_value = o.has_sequence_value();
    if (v.has_value) v.tensors = sequence_tensors(o.sequence_value(), path);
  }
  return v;
}

std::vector<uint8_t> encode_blob(const BlobValue& v) {
  DType elem = v.elem_dtype;
  if (elem == DType::kUndefined && !v.tensors.empty()) elem = v.tensors.front().dtype;
  if (v.kind == ValueKind::kSequence) return encode_list(v.tensors, elem);
  if (!v.has_value) return encode_list({}, elem);
  if (v.kind == ValueKind::kOptionalTensor) return encode_list({v.tensors.front()}, elem);
  TensorInfo inner;
  inner.dtype = DType::kUInt8;
  inner.data = encode_list(v.tensors, elem);
  inner.shape = {static_cast<int64_t>(inner.data.size())};
  return encode_list({inner}, DType::kUInt8);
}

namespace {

void fill_sequence(const std::vector<TensorInfo>& tensors, DType elem, const std::string& name,
                   onnx::SequenceProto* s) {
  s->set_name(name);
  s->set_elem_type(onnx::SequenceProto::TENSOR);
  for (const TensorInfo& t : tensors)
    *s->add_tensor_values() = tensor_to_proto("", t.dtype != DType::kUndefined ? t.dtype : elem, t.shape,
                                              t.data.data(), t.data.size());
}

}  // namespace

void write_value_file(const std::string& path, const std::string& name, const BlobValue& v) {
  std::string bytes;
  if (v.kind == ValueKind::kSequence) {
    onnx::SequenceProto s;
    fill_sequence(v.tensors, v.elem_dtype, name, &s);
    bytes = s.SerializeAsString();
  } else {
    onnx::OptionalProto o;
    o.set_name(name);
    const bool of_sequence = v.kind == ValueKind::kOptionalSequence;
    o.set_elem_type(of_sequence ? onnx::OptionalProto::SEQUENCE : onnx::OptionalProto::TENSOR);
    if (v.has_value && of_sequence) fill_sequence(v.tensors, v.elem_dtype, "", o.mutable_sequence_value());
    if (v.has_value && !of_sequence && !v.tensors.empty()) {
      const TensorInfo& t = v.tensors.front();
      *o.mutable_tensor_value() = tensor_to_proto("", t.dtype, t.shape, t.data.data(), t.data.size());
    }
    bytes = o.SerializeAsString();
  }
  std::ofstream f(path, std::ios::binary);
  if (!f || !f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()))) throw std::runtime_error("cannot write " + path);
}

BlobValue decode_blob(const uint8_t* data, size_t size, ValueKind kind) {
  BlobValue v;
  v.kind = kind;
  v.tensors = decode_list(data, size, &v.elem_dtype);
  if (kind == ValueKind::kSequence) return v;
  if (v.tensors.size() > 1) throw std::runtime_error("the optional blob holds more than one value");
  v.has_value = v.tensors.size() == 1;
  if (kind == ValueKind::kOptionalSequence && v.has_value) {
    const std::vector<uint8_t> inner = v.tensors.front().data;
    v.tensors = decode_list(inner.data(), inner.size(), &v.elem_dtype);
  }
  return v;
}

}  // namespace convert
}  // namespace spud
