// spud_model's own TensorProto reader (tools/spud_model/tensor_pb.h), which
// reads .pb files with no protobuf library behind it: any bytes are read or
// refused; what it reads is as large as its shape says, and writing it back
// and reading that again gives the same tensor.
#include <cstdlib>
#include <cstring>
#include <vector>

#include "fuzz_support.h"
#include "spud_model/tensor_pb.h"

using spud_fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  spud_pb::PbTensor t;
  if (spud_pb::parse_tensor(data, size, &t) != nullptr) {
    check(t.data == nullptr, "a refused tensor holds no memory");
    return 0;
  }
  const size_t elem = spud_pb::element_size(t.dtype);
  check(elem != 0 && t.rank >= 0 && t.rank <= spud_pb::kMaxDims, "a known type and rank");
  size_t n = elem;
  for (int d = 0; d < t.rank; ++d) {
    check(t.dims[d] >= 0, "dims are not negative");
    check(!__builtin_mul_overflow(n, static_cast<size_t>(t.dims[d]), &n), "the size fits");
  }
  check(n == t.size && t.data != nullptr, "the data is as large as the shape says");
  check(std::memchr(t.name, '\0', sizeof(t.name)) != nullptr, "the name is terminated");

  const size_t need = spud_pb::serialize_tensor(t.name, t.dtype, t.dims, t.rank, t.data, t.size, nullptr, 0);
  std::vector<uint8_t> out(need);
  check(spud_pb::serialize_tensor(t.name, t.dtype, t.dims, t.rank, t.data, t.size, out.data(), out.size()) == need,
        "serialize writes the size it reported");
  if (need > 0)
    check(spud_pb::serialize_tensor(t.name, t.dtype, t.dims, t.rank, t.data, t.size, out.data(), need - 1) == 0,
          "serialize refuses a buffer one byte short");
  spud_pb::PbTensor back;
  check(spud_pb::parse_tensor(out.data(), out.size(), &back) == nullptr, "what it wrote reads back");
  check(back.dtype == t.dtype && back.rank == t.rank && std::memcmp(back.dims, t.dims, sizeof(t.dims)) == 0 &&
            std::strcmp(back.name, t.name) == 0 && back.size == t.size &&
            (t.size == 0 || std::memcmp(back.data, t.data, t.size) == 0),
        "the same tensor after a round trip");
  spud_pb::free_tensor(&back);
  spud_pb::free_tensor(&t);
  return 0;
}
