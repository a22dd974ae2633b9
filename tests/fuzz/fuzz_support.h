// What the fuzz targets share: a failed invariant aborts (the fuzzer's
// only failure besides sanitizer reports), and a .spud file is driven
// through the public C API as an application would drive it.
#ifndef SPUD_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define SPUD_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>

namespace spud_fuzz {

// A session needing more than this is not created: the fuzzer's memory
// limit is 2 GB, and a session may exist twice at once plus kernel state.
constexpr size_t kMaxSessionBytes = size_t{256} << 20;
// Symbolic input dimensions are set to at most this.
constexpr int64_t kMaxSymbolicDim = 4;
// The runtime's heap (spud::platform::allocate, wrapped at link time by
// fuzz_support.cc): at most this much is live at once; beyond it an
// allocation fails, as on a device, and the runtime must say so. Files
// whose run allocates (dynamic shapes) ask for whatever their shapes imply.
constexpr size_t kHeapBudget = size_t{256} << 20;
// Both sessions run with this spud_session_options.max_node_elements: a
// node whose shape is known only at run time may have at most this many
// output elements. Without it a 1 KB file legitimately asks for 64 M
// elements of cubic Resize, which is seconds of honest work under ASan and
// a timeout, not a finding; the limit is the runtime's own (Limits tests).
// A file with a node whose declared shapes (fixed at conversion) exceed it
// is loaded and its sessions made, but not run: a converted linear Resize
// to 32 M elements is half a second at -O3 and twenty under ASan.
constexpr uint64_t kMaxNodeElements = uint64_t{1} << 22;
// Inputs larger than this in total (fixed dimensions a file declares) are
// not fed: the session is made, but not run.
constexpr size_t kMaxInputBytes = size_t{64} << 20;

// Aborts with `what` when `ok` is false.
void check(bool ok, const char* what);

// A tensor a reader returned: a type spud holds (`element_bytes`, the
// dtype's size, is not 0), dims not negative, and exactly the bytes they
// say.
void check_tensor_size(size_t element_bytes, const int64_t* dims, size_t rank, size_t data_bytes);

// With SPUD_FUZZ_VERBOSE set in the environment, prints "stage: message"
// (why an input went no further: for writing regressions and seeds).
void note(const char* stage, const char* message);

// Loads `file` (copied to a 64-byte-aligned buffer first) and, if it loads,
// runs it in two sessions: one in caller memory on the reference kernels,
// one allocating its own memory on the build's fastest tiers, the second
// also after a change of its symbolic input shapes. Inputs are filled with
// small values drawn from `fill` (so that indices and counts read from
// inputs stay small); outputs are checked against their shapes and read
// whole. Errors from the runtime are expected; only broken promises abort.
void run_model(const uint8_t* file, size_t size, const uint8_t* fill, size_t fill_size);

}  // namespace spud_fuzz

#endif  // SPUD_TESTS_FUZZ_FUZZ_SUPPORT_H_
