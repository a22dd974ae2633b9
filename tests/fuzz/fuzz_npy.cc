// `spud run`'s .npy reader (tools/npy.h): any bytes are read or refused
// with std::runtime_error; an array it reads is as large as its shape says,
// and writing it back and reading that gives the same array.
#include <stdexcept>
#include <string>

#include "fuzz_support.h"
#include "npy.h"

using spud_fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  spud::convert::TensorInfo t;
  try {
    t = spud::convert::parse_npy(bytes, "fuzz.npy");
  } catch (const std::runtime_error& e) {
    spud_fuzz::note("parse_npy", e.what());
    return 0;
  }
  spud_fuzz::check_tensor_size(spud::dtype_size(t.dtype), t.shape.data(), t.shape.size(), t.data.size());
  std::string again;
  try {
    again = spud::convert::format_npy(t.dtype, t.shape, t.data.data(), t.data.size());
  } catch (const std::runtime_error&) {
    return 0;  // a header over 64 KiB (a rank in the thousands): refused on writing
  }
  const spud::convert::TensorInfo back = spud::convert::parse_npy(again, "again.npy");
  check(back.dtype == t.dtype && back.shape == t.shape && back.data == t.data, "the same array after a round trip");
  return 0;
}
