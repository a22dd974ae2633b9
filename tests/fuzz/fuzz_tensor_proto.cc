// The host tools' TensorProto, SequenceProto and OptionalProto readers
// (tools/tensor_proto.h, on libprotobuf) and the sequence blob decoder:
// any bytes are read or refused with std::runtime_error, and what is read
// survives a round trip (tensor -> proto -> tensor, value -> blob -> value).
#include <stdlib.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "fuzz_support.h"
#include "tensor_proto.h"

using spud_fuzz::check;
using spud::convert::BlobValue;
using spud::convert::TensorInfo;
using spud::convert::ValueKind;

namespace {

// External data is looked for in an empty directory: never the fuzzer's own files.
const std::string& empty_dir() {
  static const std::string dir = [] {
    static char dir[] = "/tmp/spud-fuzz-XXXXXX";
    check(mkdtemp(dir) != nullptr, "making an empty directory");
    std::atexit([] { rmdir(dir); });
    return std::string(dir);
  }();
  return dir;
}

void check_tensor(const TensorInfo& t) {
  spud_fuzz::check_tensor_size(spud::dtype_size(t.dtype), t.shape.data(), t.shape.size(), t.data.size());
}

bool same(const TensorInfo& a, const TensorInfo& b) {
  return a.dtype == b.dtype && a.shape == b.shape && a.data == b.data;
}

void check_blob_round_trip(const BlobValue& v, ValueKind kind) {
  for (const TensorInfo& t : v.tensors) check_tensor(t);
  const std::vector<uint8_t> blob = spud::convert::encode_blob(v);
  const BlobValue back = spud::convert::decode_blob(blob.data(), blob.size(), kind);
  check(back.has_value == v.has_value && back.tensors.size() == v.tensors.size(), "the same value after a blob");
  for (size_t i = 0; i < v.tensors.size(); ++i) check(same(back.tensors[i], v.tensors[i]), "the same elements");
}

const ValueKind kKinds[] = {ValueKind::kSequence, ValueKind::kOptionalTensor, ValueKind::kOptionalSequence};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  onnx::TensorProto proto;
  if (proto.ParseFromString(bytes)) {
    try {
      const TensorInfo t = spud::convert::tensor_from_proto(proto, empty_dir());
      check_tensor(t);
      const TensorInfo back = spud::convert::tensor_from_proto(
          spud::convert::tensor_to_proto(t.name, t.dtype, t.shape, t.data.data(), t.data.size()), "");
      check(same(back, t), "the same tensor after a round trip");
    } catch (const std::runtime_error&) {
    }
  }
  for (ValueKind kind : kKinds) {
    try {
      check_blob_round_trip(spud::convert::parse_value(bytes, kind, "fuzz.pb"), kind);
    } catch (const std::runtime_error&) {
    }
    try {
      check_blob_round_trip(spud::convert::decode_blob(data, size, kind), kind);
      spud_fuzz::note("decode_blob", "ok");
    } catch (const std::runtime_error& e) {
      spud_fuzz::note("decode_blob", e.what());
    }
  }
  return 0;
}
