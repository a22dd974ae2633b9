#include "tensor_proto.h"

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

std::vector<uint8_t> read_external(const onnx::TensorProto& proto, const std::string& base_dir) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto& kv : proto.external_data()) {
    if (kv.key() == "location") location = kv.value();
    else if (kv.key() == "offset") offset = std::stoll(kv.value());
    else if (kv.key() == "length") length = std::stoll(kv.value());
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
  if (offset < 0 || length < 0 || offset + length > file_size)
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
  const uint64_t expect = static_cast<uint64_t>(t.num_elements()) * dtype_size(t.dtype);
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

}  // namespace convert
}  // namespace spud
