// The host tools' TensorProto and sequence-blob readers on hostile input
// (what fuzz_tensor_proto found, tests/fuzz/regressions/tensor_proto/):
// each is refused with std::runtime_error naming what is wrong.
#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "spud/sequence.h"
#include "tensor_proto.h"

namespace spud {
namespace {

using convert::ValueKind;

// The runtime_error's text, or "" when `f` does not throw one.
template <typename F>
std::string refusal(F f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(TensorProtoReaders, DimensionsWhoseProductOverflowsAreRefused) {
  onnx::TensorProto p;
  p.set_name("t");
  p.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : {int64_t{1} << 40, int64_t{1} << 40, int64_t{0}}) p.add_dims(d);
  EXPECT_NE(refusal([&] { convert::tensor_from_proto(p, ""); }).find("product overflows"), std::string::npos);
}

TEST(TensorProtoReaders, ExternalDataNumbersThatAreNotNumbersAreRefused) {
  onnx::TensorProto p;
  p.set_name("t");
  p.set_data_type(onnx::TensorProto::FLOAT);
  p.add_dims(1);
  p.set_data_location(onnx::TensorProto::EXTERNAL);
  auto* loc = p.add_external_data();
  loc->set_key("location");
  loc->set_value("weights.bin");
  auto* off = p.add_external_data();
  off->set_key("offset");
  for (const char* bad : {"x", "-4", "99999999999999999999", "12 "}) {
    off->set_value(bad);
    EXPECT_NE(refusal([&] { convert::tensor_from_proto(p, "/nonexistent"); }).find("not a non-negative integer"),
              std::string::npos)
        << bad;
  }
}

TEST(TensorProtoReaders, BlobEntriesWhoseBytesTheirShapeDoesNotGiveAreRefused) {
  std::vector<uint8_t> blob(sizeof(spud_sequence_header) + sizeof(spud_sequence_entry) + 16, 0);
  const spud_sequence_header h{SPUD_SEQUENCE_MAGIC, 1, 1, 0};
  spud_sequence_entry e{};
  e.dtype = 1;  // float32 [2]: 8 bytes, not 4
  e.rank = 1;
  e.dims[0] = 2;
  e.offset = sizeof(h) + sizeof(e);
  e.bytes = 4;
  std::memcpy(blob.data(), &h, sizeof(h));
  std::memcpy(blob.data() + sizeof(h), &e, sizeof(e));
  const std::string why =
      refusal([&] { convert::decode_blob(blob.data(), blob.size(), ValueKind::kSequence); });
  EXPECT_NE(why.find("size its shape does not give"), std::string::npos) << why;
  e.bytes = 8;
  e.dtype = 99;  // no such type
  std::memcpy(blob.data() + sizeof(h), &e, sizeof(e));
  EXPECT_NE(refusal([&] { convert::decode_blob(blob.data(), blob.size(), ValueKind::kSequence); }).find("type"),
            std::string::npos);
  e.dtype = 1;
  std::memcpy(blob.data() + sizeof(h), &e, sizeof(e));
  EXPECT_EQ(convert::decode_blob(blob.data(), blob.size(), ValueKind::kSequence).tensors.size(), 1u);
}

}  // namespace
}  // namespace spud
