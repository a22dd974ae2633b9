#include "npy.h"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tensor_proto.h"

namespace spud {
namespace convert {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

// The header's dict: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// A small parser for the literals numpy writes there (strings, True/False,
// tuples of integers); anything else is an error naming the path.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& path) : s_(text), path_(path) {}

  void parse(std::string* descr, bool* fortran, std::vector<int64_t>* shape) {
    bool have_descr = false, have_order = false, have_shape = false;
    expect('{');
    while (true) {
      skip_space();
      if (peek() == '}') break;
      const std::string key = string_literal();
      expect(':');
      skip_space();
      if (key == "descr") {
        if (peek() != '\'' && peek() != '"')
          fail("its dtype is a structured (record) type; spud reads plain arrays of one type");
        *descr = string_literal();
        have_descr = true;
      } else if (key == "fortran_order") {
        *fortran = boolean();
        have_order = true;
      } else if (key == "shape") {
        *shape = tuple();
        have_shape = true;
      } else {
        fail("its header has an unknown key '" + key + "'");
      }
      skip_space();
      if (peek() == ',') {
        ++at_;
        continue;
      }
      skip_space();
      if (peek() != '}') fail("its header is not a dict literal");
    }
    if (!have_descr || !have_order || !have_shape)
      fail("its header lacks one of 'descr', 'fortran_order' and 'shape'");
  }

 private:
  [[noreturn]] void fail(const std::string& why) const { throw std::runtime_error(path_ + ": not a .npy spud reads: " + why); }
  char peek() const { return at_ < s_.size() ? s_[at_] : '\0'; }
  void skip_space() {
    while (at_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[at_]))) ++at_;
  }
  void expect(char c) {
    skip_space();
    if (peek() != c) fail(std::string("its header is not a dict literal (expected '") + c + "')");
    ++at_;
  }
  std::string string_literal() {
    skip_space();
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("its header's keys are not strings");
    const size_t end = s_.find(quote, at_ + 1);
    if (end == std::string::npos) fail("its header has an unterminated string");
    std::string v = s_.substr(at_ + 1, end - at_ - 1);
    at_ = end + 1;
    return v;
  }
  bool boolean() {
    if (s_.compare(at_, 4, "True") == 0) return at_ += 4, true;
    if (s_.compare(at_, 5, "False") == 0) return at_ += 5, false;
    fail("'fortran_order' is neither True nor False");
  }
  std::vector<int64_t> tuple() {
    std::vector<int64_t> v;
    expect('(');
    while (true) {
      skip_space();
      if (peek() == ')') {
        ++at_;
        return v;
      }
      if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("its shape is not a tuple of sizes");
      int64_t d = 0;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        const int digit = peek() - '0';
        if (d > (INT64_MAX - digit) / 10) fail("a dimension of its shape is too large");
        d = d * 10 + digit;
        ++at_;
      }
      // Python 2's numpy wrote long literals as 3L.
      if (peek() == 'L') ++at_;
      v.push_back(d);
      skip_space();
      if (peek() == ',') ++at_;
      else if (peek() != ')') fail("its shape is not a tuple of sizes");
    }
  }

  const std::string& s_;
  const std::string& path_;
  size_t at_ = 0;
};

// '<f4' -> float32 and whether its bytes need swapping.
DType dtype_of(const std::string& descr, const std::string& path, bool* swap) {
  if (descr.size() < 3) throw std::runtime_error(path + ": not a .npy spud reads: its dtype '" + descr + "' is unknown");
  const char order = descr[0], kind = descr[1];
  const std::string bytes = descr.substr(2);
  if (order != '<' && order != '>' && order != '|' && order != '=')
    throw std::runtime_error(path + ": not a .npy spud reads: its dtype '" + descr + "' is unknown");
  *swap = order == '>';
  struct Known {
    char kind;
    const char* bytes;
    DType dtype;
  };
  static const Known kKnown[] = {
      {'f', "4", DType::kFloat32}, {'f', "8", DType::kFloat64}, {'f', "2", DType::kFloat16},
      {'i', "1", DType::kInt8},    {'i', "2", DType::kInt16},   {'i', "4", DType::kInt32},
      {'i', "8", DType::kInt64},   {'u', "1", DType::kUInt8},   {'u', "2", DType::kUInt16},
      {'u', "4", DType::kUInt32},  {'u', "8", DType::kUInt64},  {'b', "1", DType::kBool},
  };
  for (const Known& k : kKnown)
    if (k.kind == kind && bytes == k.bytes) return k.dtype;
  throw std::runtime_error(path + ": its dtype '" + descr +
                           "' has no spud type (spud reads float16/32/64, int8..int64, uint8..uint64 and bool)");
}

}  // namespace

TensorInfo parse_npy(const std::string& bytes, const std::string& path) {
  if (bytes.size() < kMagicSize + 4 || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0)
    throw std::runtime_error(path + ": not a .npy file (no \\x93NUMPY magic)");
  const int major = static_cast<unsigned char>(bytes[kMagicSize]);
  if (major < 1 || major > 3)
    throw std::runtime_error(path + ": .npy format version " + std::to_string(major) +
                             " is unknown (spud reads versions 1 to 3)");
  // Version 1: a 2-byte header length; 2 and 3: 4 bytes; little-endian.
  const size_t len_bytes = major == 1 ? 2 : 4;
  size_t at = kMagicSize + 2;
  if (bytes.size() < at + len_bytes) throw std::runtime_error(path + ": the .npy file is truncated in its header");
  uint64_t header_len = 0;
  for (size_t i = 0; i < len_bytes; ++i)
    header_len |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  at += len_bytes;
  if (header_len > bytes.size() - at) throw std::runtime_error(path + ": the .npy file is truncated in its header");
  const std::string header = bytes.substr(at, header_len);
  at += header_len;

  std::string descr;
  bool fortran = false;
  TensorInfo t;
  HeaderParser(header, path).parse(&descr, &fortran, &t.shape);
  bool swap = false;
  t.dtype = dtype_of(descr, path, &swap);
  if (fortran)
    throw std::runtime_error(path + ": the array is in Fortran (column-major) order; save it with "
                             "numpy.save(path, numpy.ascontiguousarray(a))");
  t.rank_known = true;
  t.dim_params.assign(t.shape.size(), "");
  t.role = TensorRole::kConstant;
  t.name = path;
  const size_t item = dtype_size(t.dtype);
  int64_t elements = 0;
  try {
    elements = t.num_elements();
  } catch (const std::exception&) {
    throw std::runtime_error(path + ": the shape's element count overflows");
  }
  const uint64_t data_bytes = static_cast<uint64_t>(elements);
  if (data_bytes > (bytes.size() - at) / item || data_bytes * item != bytes.size() - at)
    throw std::runtime_error(path + ": the shape " + std::to_string(elements) + " elements of " + descr + " needs " +
                             std::to_string(data_bytes * item) + " bytes of data; the file has " +
                             std::to_string(bytes.size() - at));
  t.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.end());
  if (swap && item > 1)
    for (size_t i = 0; i < t.data.size(); i += item)
      for (size_t a = 0, b = item - 1; a < b; ++a, --b) std::swap(t.data[i + a], t.data[i + b]);
  return t;
}

TensorInfo read_npy_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_npy(ss.str(), path);
}

TensorInfo read_pb_or_npy_file(const std::string& path) {
  const size_t n = path.size();
  if (n >= 4 && path.compare(n - 4, 4, ".npy") == 0) return read_npy_file(path);
  return tensor_from_proto(read_tensor_file(path), "");
}

std::string format_npy(DType dtype, const std::vector<int64_t>& shape, const void* data, size_t size) {
  const char* descr = nullptr;
  switch (dtype) {
    case DType::kFloat32: descr = "<f4"; break;
    case DType::kFloat64: descr = "<f8"; break;
    case DType::kFloat16: descr = "<f2"; break;
    case DType::kInt8: descr = "|i1"; break;
    case DType::kInt16: descr = "<i2"; break;
    case DType::kInt32: descr = "<i4"; break;
    case DType::kInt64: descr = "<i8"; break;
    case DType::kUInt8: descr = "|u1"; break;
    case DType::kUInt16: descr = "<u2"; break;
    case DType::kUInt32: descr = "<u4"; break;
    case DType::kUInt64: descr = "<u8"; break;
    case DType::kBool: descr = "|b1"; break;
    default:
      throw std::runtime_error(std::string("a ") + dtype_name(dtype) + " tensor has no .npy dtype; write it as .pb");
  }
  std::string dims;  // "2, 3", and "3," for one dimension, as Python writes tuples
  for (size_t i = 0; i < shape.size(); ++i) dims += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) dims += ",";
  std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Padded with spaces and a newline so the data starts at a multiple of 64.
  const size_t fixed = kMagicSize + 2 + 2;
  while ((fixed + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  if (header.size() > 0xffff) throw std::runtime_error("a .npy header over 65535 bytes (rank too large)");
  std::string out(kMagic, kMagicSize);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  out.append(static_cast<const char*>(data), size);
  return out;
}

}  // namespace convert
}  // namespace spud
