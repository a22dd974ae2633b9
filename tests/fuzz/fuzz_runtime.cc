// The runtime: bytes as a .spud file -> load -> session memory -> create
// (caller memory and its own) -> symbolic shapes -> run -> outputs.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The input values come from the file's bytes too: one mutation changes both.
  spud_fuzz::run_model(data, size, data, size);
  return 0;
}
