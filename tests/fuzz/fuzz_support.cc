#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "spud/spud.h"
#include "spud_generated.h"

namespace spud_fuzz {

namespace {
size_t heap_live = 0;
}  // namespace

}  // namespace spud_fuzz

// spud::platform::allocate and release (linked with --wrap): the platform's
// own, within kHeapBudget. Each block carries its size and header length
// in the 16 bytes before it.
extern "C" void* __real__ZN4spud8platform8allocateEmm(size_t size, size_t alignment);
extern "C" void __real__ZN4spud8platform7releaseEPv(void* ptr);

extern "C" void* __wrap__ZN4spud8platform8allocateEmm(size_t size, size_t alignment) {
  using spud_fuzz::heap_live;
  const size_t header = alignment > 16 ? alignment : 16;
  if (size > spud_fuzz::kHeapBudget - heap_live) return nullptr;
  uint8_t* raw = static_cast<uint8_t*>(__real__ZN4spud8platform8allocateEmm(size + header, header));
  if (raw == nullptr) return nullptr;
  uint8_t* p = raw + header;
  const size_t meta[2] = {size, header};
  std::memcpy(p - sizeof(meta), meta, sizeof(meta));
  heap_live += size;
  return p;
}

extern "C" void __wrap__ZN4spud8platform7releaseEPv(void* ptr) {
  if (ptr == nullptr) return;
  uint8_t* p = static_cast<uint8_t*>(ptr);
  size_t meta[2];
  std::memcpy(meta, p - sizeof(meta), sizeof(meta));
  spud_fuzz::heap_live -= meta[0];
  __real__ZN4spud8platform7releaseEPv(p - meta[1]);
}

namespace spud_fuzz {

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

void check_tensor_size(size_t element_bytes, const int64_t* dims, size_t rank, size_t data_bytes) {
  check(element_bytes != 0, "a tensor of a type spud holds");
  size_t n = element_bytes;
  for (size_t d = 0; d < rank; ++d) {
    check(dims[d] >= 0, "dims are not negative");
    check(!__builtin_mul_overflow(n, static_cast<size_t>(dims[d]), &n), "the size fits");
  }
  check(n == data_bytes, "the data is as large as the shape says");
}

void note(const char* stage, const char* message) {
  static const bool verbose = std::getenv("SPUD_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::fprintf(stderr, "%s: %s\n", stage, message);
}

namespace {

// Bytes per element, from spud.h's list (0: not a type a tensor may have).
size_t element_size(spud_dtype t) {
  switch (t) {
    case SPUD_FLOAT32: case SPUD_INT32: case SPUD_UINT32: return 4;
    case SPUD_UINT8: case SPUD_INT8: case SPUD_BOOL: return 1;
    case SPUD_UINT16: case SPUD_INT16: case SPUD_FLOAT16: case SPUD_BFLOAT16: return 2;
    case SPUD_INT64: case SPUD_FLOAT64: case SPUD_UINT64: return 8;
    default: return 0;
  }
}

// A failed call's report: the code it returned and a terminated message.
void check_error(spud_status st, const spud_error& err, const char* stage) {
  check(err.code == st, "spud_error.code is the status the call returned");
  check(std::memchr(err.message, '\0', sizeof(err.message)) != nullptr, "spud_error.message is terminated");
  check(err.message[0] != '\0', "a failed call says why");
  if (stage != nullptr) note(stage, err.message);
}

// A tensor view is what its shape says it is; every byte of it is read
// (so that the sanitizer sees a view reaching past its memory).
void check_view(const spud_tensor& t) {
  check(t.name != nullptr, "a tensor view has a name");
  const size_t elem = element_size(t.dtype);
  check(elem != 0, "a tensor view has a known element type");
  check(t.rank >= 0 && t.rank <= 8, "a tensor view's rank is 0..8");
  check(t.rank == 0 || t.dims != nullptr, "a tensor view has its dims");
  size_t n = elem;
  for (int d = 0; d < t.rank; ++d) {
    check(t.dims[d] >= 0, "a tensor view's dims are not negative");
    check(!__builtin_mul_overflow(n, static_cast<size_t>(t.dims[d]), &n), "a tensor view's size fits size_t");
  }
  check(n == t.size_bytes, "size_bytes is the product of the dims and the element size");
  check(t.size_bytes == 0 || t.data != nullptr, "a non-empty tensor view has data");
  const uint8_t* p = static_cast<const uint8_t*>(t.data);
  uint64_t sum = 0;
  size_t i = 0;
  for (; i + 8 <= t.size_bytes; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    sum += word;
  }
  for (; i < t.size_bytes; ++i) sum += p[i];
  static volatile uint64_t sink;
  sink = sum;
}

struct Fill {
  const uint8_t* bytes;
  size_t size;
  uint8_t at(size_t i) const { return size == 0 ? 1 : bytes[i % size]; }
};

// Sets every symbolic dimension of every input (those the session lets
// change) to a size in 0..kMaxSymbolicDim, one dimension at a time; true
// when some input's shape changed.
bool set_shapes(spud_session* s, const Fill& fill, int variant) {
  bool changed = false;
  for (int i = 0; i < spud_session_num_inputs(s); ++i) {
    spud_tensor in;
    check(spud_session_input(s, i, &in) == SPUD_OK, "spud_session_input of an index below num_inputs");
    if (in.rank < 0 || in.rank > 8) continue;
    int64_t dims[8];
    std::memcpy(dims, in.dims, sizeof(int64_t) * static_cast<size_t>(in.rank));
    for (int d = 0; d < in.rank; ++d) {
      const int64_t old = dims[d];
      dims[d] = fill.at(static_cast<size_t>(variant * 67 + i * 8 + d)) % (kMaxSymbolicDim + 1);
      if (dims[d] == old) continue;
      spud_error err;
      const spud_status st = spud_session_set_input_shape(s, i, dims, in.rank, &err);
      if (st != SPUD_OK) {
        check_error(st, err, nullptr);  // fixed dimensions refuse, quietly
        dims[d] = old;
      } else {
        changed = true;
      }
    }
  }
  return changed;
}

// Inputs get small values: integers -3..7, floats -4..4 in halves, bools.
void fill_inputs(spud_session* s, const Fill& fill) {
  size_t k = 0;
  for (int i = 0; i < spud_session_num_inputs(s); ++i) {
    spud_tensor in;
    check(spud_session_input(s, i, &in) == SPUD_OK, "spud_session_input of an index below num_inputs");
    const size_t elem = element_size(in.dtype);
    uint8_t* p = static_cast<uint8_t*>(in.data);
    for (size_t e = 0; e < in.size_bytes / elem; ++e, ++k) {
      const uint8_t b = fill.at(k);
      const int v = b % 11 - 3;
      uint8_t* dst = p + e * elem;
      switch (in.dtype) {
        case SPUD_FLOAT32: { const float f = static_cast<float>(b % 17 - 8) / 2; std::memcpy(dst, &f, 4); break; }
        case SPUD_FLOAT64: { const double f = static_cast<double>(b % 17 - 8) / 2; std::memcpy(dst, &f, 8); break; }
        case SPUD_FLOAT16: { const uint16_t h[4] = {0x0000, 0x3c00, 0xbc00, 0x4000}; std::memcpy(dst, &h[b % 4], 2); break; }
        case SPUD_BFLOAT16: { const uint16_t h[4] = {0x0000, 0x3f80, 0xbf80, 0x4000}; std::memcpy(dst, &h[b % 4], 2); break; }
        case SPUD_BOOL: *dst = b & 1; break;
        default: {
          // Little-endian two's complement of v in `elem` bytes.
          const int64_t w = v;
          std::memcpy(dst, &w, elem);
          break;
        }
      }
    }
  }
}

// A session's second run is skipped when no input's shape changed: on a
// file with fixed shapes it would repeat the first (a 1 KB file may ask for
// a second of honest work per run).
void run_once(spud_session* s, const Fill& fill, int variant, bool again = false) {
  if (!set_shapes(s, fill, variant) && again) {
    note("run", "skipped: the shapes of the run before");
    return;
  }
  size_t input_bytes = 0;
  for (int i = 0; i < spud_session_num_inputs(s); ++i) {
    spud_tensor in;
    check(spud_session_input(s, i, &in) == SPUD_OK, "spud_session_input of an index below num_inputs");
    check_view(in);
    input_bytes += in.size_bytes;
  }
  if (input_bytes > kMaxInputBytes) {
    note("run", "skipped: the inputs are larger than the harness feeds");
    return;
  }
  fill_inputs(s, fill);
  spud_error err;
  const spud_status st = spud_session_run(s, &err);
  if (st != SPUD_OK) {
    check_error(st, err, "run");
    return;
  }
  note("run", "ok");
  for (int i = 0; i < spud_session_num_outputs(s); ++i) {
    spud_tensor out;
    check(spud_session_output(s, i, &out) == SPUD_OK, "spud_session_output of an index below num_outputs");
    check_view(out);
  }
}

void check_nodes(const spud_session* s) {
  const int n = spud_session_num_nodes(s);
  check(n >= 0, "num_nodes is not negative");
  for (int i = 0; i < n; ++i) {
    const char *name = nullptr, *domain = nullptr, *op = nullptr;
    check(spud_session_node(s, i, &name, &domain, &op) == SPUD_OK, "spud_session_node below num_nodes");
    check(name != nullptr && domain != nullptr && op != nullptr, "a node has a name, domain and op type");
    check(std::strlen(name) + std::strlen(domain) + std::strlen(op) < (size_t{1} << 30), "node strings end");
  }
  check(spud_session_node(s, n, nullptr, nullptr, nullptr) == SPUD_INVALID_ARGUMENT, "node past the end refused");
}

// The most elements one node of a loaded file reads and writes, inputs and
// outputs together, from the shapes the file declares (a symbolic
// dimension counted as kMaxSymbolicDim; saturating). The file was verified
// by spud_model_load (a size-prefixed flatbuffer).
uint64_t largest_node_elements(const void* file) {
  const spud::schema::Model* m = spud::schema::GetSizePrefixedModel(file);
  const auto* tensors = m->tensors();
  const auto* nodes = m->nodes();
  if (tensors == nullptr || nodes == nullptr) return 0;
  auto elements = [&](int index) -> uint64_t {
    if (index < 0 || static_cast<uint32_t>(index) >= tensors->size()) return 0;
    const auto* shape = tensors->Get(static_cast<uint32_t>(index))->shape();
    uint64_t n = 1;
    for (uint32_t d = 0; shape != nullptr && d < shape->size(); ++d) {
      const int64_t v = shape->Get(d) < 0 ? kMaxSymbolicDim : shape->Get(d);
      if (__builtin_mul_overflow(n, static_cast<uint64_t>(v), &n)) return UINT64_MAX;
    }
    return n;
  };
  uint64_t most = 0;
  for (uint32_t i = 0; i < nodes->size(); ++i) {
    const spud::schema::Node* node = nodes->Get(i);
    uint64_t sum = 0;
    for (const auto* list : {node->inputs(), node->outputs()})
      for (uint32_t k = 0; list != nullptr && k < list->size(); ++k)
        if (__builtin_add_overflow(sum, elements(list->Get(k)), &sum)) sum = UINT64_MAX;
    if (sum > most) most = sum;
  }
  return most;
}

}  // namespace

void run_model(const uint8_t* file, size_t size, const uint8_t* fill_bytes, size_t fill_size) {
  const Fill fill{fill_bytes, fill_size};
  // The loader needs 64-byte-aligned bytes that stay put.
  void* copy = std::aligned_alloc(64, (size + 63) / 64 * 64 + 64);
  check(copy != nullptr, "allocating the file's copy");
  if (size > 0) std::memcpy(copy, file, size);

  spud_model* model = nullptr;
  spud_error err;
  spud_status st = spud_model_load(copy, size, &model, &err);
  if (st != SPUD_OK) {
    check_error(st, err, "load");
    check(model == nullptr, "a failed load leaves no model");
    std::free(copy);
    return;
  }
  // Sessions are made either way; a file with a node past the limit on
  // nodes shaped at run time is not run (see kMaxNodeElements).
  const bool runnable = largest_node_elements(copy) <= kMaxNodeElements;
  if (!runnable) note("run", "skipped: a node's declared shapes exceed the harness's element limit");
  size_t bytes = 0;
  st = spud_model_session_memory(model, &bytes, &err);
  if (st != SPUD_OK) check_error(st, err, "session_memory");
  if (st == SPUD_OK && bytes <= kMaxSessionBytes) {
    // In caller memory, at an address of any alignment, on the reference
    // kernels: no kernel state at all.
    const size_t shift = fill.at(0) % 8;
    uint8_t* memory = static_cast<uint8_t*>(std::malloc(bytes + 8));
    check(memory != nullptr, "allocating session memory");
    spud_session_options options = spud_session_options_default();
    options.reference_kernels_only = 1;
    options.max_node_elements = kMaxNodeElements;
    spud_session* s = nullptr;
    st = spud_session_create(model, &options, memory + shift, bytes, &s, &err);
    if (st == SPUD_OK) {
      check(spud_session_kernel_state_bytes(s) == 0, "a reference-only session makes no kernel state");
      check_nodes(s);
      if (runnable) run_once(s, fill, 0);
      spud_session_free(s);
    } else {
      check_error(st, err, "create");
      check(s == nullptr, "a failed create leaves no session");
    }
    std::free(memory);

    // Memory of its own, on the fastest tiers, run at two shapes.
    spud_session_options own = spud_session_options_default();
    own.max_node_elements = kMaxNodeElements;
    st = spud_session_create(model, &own, nullptr, 0, &s, &err);
    if (st == SPUD_OK) {
      if (runnable) {
        run_once(s, fill, 1);
        run_once(s, fill, 2, true);
      }
      spud_session_free(s);
    } else {
      check_error(st, err, "create");
    }
  }
  spud_model_free(model);
  std::free(copy);
}

}  // namespace spud_fuzz
