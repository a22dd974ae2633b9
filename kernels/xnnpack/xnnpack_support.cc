#include "xnnpack_support.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <atomic>

namespace spud {
namespace kernels {

namespace {

// Each block carries its size in a header of kHeader bytes (a multiple of
// every alignment XNNPACK asks for), so the live total can be kept.
constexpr size_t kHeader = 64;
std::atomic<size_t> g_live_bytes{0};
// The same, made minus freed by this thread: what PersistentBytes brackets.
// A process-wide count would give one thread's session the blocks another
// made at the same time. (Signed: a thread may free what another made.)
thread_local int64_t t_thread_bytes = 0;
// Blocks this large (packed weights) are mapped with every page made at
// once: session creation was mostly page faults, one per 4 KB written.
constexpr size_t kMapFrom = size_t{256} << 10;

void* counted_allocate(void*, size_t alignment, size_t size) {
  if (alignment < alignof(max_align_t)) alignment = alignof(max_align_t);
  if (alignment > kHeader || size > SIZE_MAX - kHeader) return nullptr;
  void* raw = nullptr;
  if (size >= kMapFrom) {
    raw = mmap(nullptr, kHeader + size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
  } else if (posix_memalign(&raw, kHeader, kHeader + size) != 0) {
    return nullptr;
  }
  *static_cast<size_t*>(raw) = size;
  g_live_bytes += size;
  t_thread_bytes += static_cast<int64_t>(size);
  return static_cast<uint8_t*>(raw) + kHeader;
}

void counted_deallocate(void*, void* ptr) {
  if (ptr == nullptr) return;
  void* raw = static_cast<uint8_t*>(ptr) - kHeader;
  const size_t size = *static_cast<size_t*>(raw);
  g_live_bytes -= size;
  t_thread_bytes -= static_cast<int64_t>(size);
  if (size >= kMapFrom) munmap(raw, kHeader + size);
  else free(raw);
}

void* plain_allocate(void* context, size_t size) { return counted_allocate(context, 0, size); }

void* counted_reallocate(void* context, void* ptr, size_t size) {
  if (ptr == nullptr) return counted_allocate(context, 0, size);
  const size_t old = *reinterpret_cast<size_t*>(static_cast<uint8_t*>(ptr) - kHeader);
  void* fresh = counted_allocate(context, 0, size);
  if (fresh == nullptr) return nullptr;
  memcpy(fresh, ptr, old < size ? old : size);
  counted_deallocate(context, ptr);
  return fresh;
}

const xnn_allocator kAllocator = {nullptr, plain_allocate, counted_reallocate, counted_deallocate,
                                  counted_allocate, counted_deallocate};

}  // namespace

bool xnnpack_available() {
  // xnn_initialize is idempotent and thread-safe; the first call decides.
  static const bool ok = xnn_initialize(&kAllocator) == xnn_status_success;
  return ok;
}

void* xnnpack_allocate(size_t bytes) { return counted_allocate(nullptr, kHeader, bytes); }

void xnnpack_free(void* ptr) { counted_deallocate(nullptr, ptr); }

size_t xnnpack_live_bytes() { return g_live_bytes.load(); }

int64_t xnnpack_thread_bytes() { return t_thread_bytes; }

Status begin_packed(KernelContext* ctx, const char* kind, size_t size, PackedState* state) {
  *state = PackedState();
  if (ctx->packed != nullptr && ctx->packed_size == size && strcmp(ctx->packed_kind, kind) == 0) {
    state->bytes = ctx->packed;
    return Status::Ok();
  }
  state->made = xnnpack_allocate(size);
  if (state->made == nullptr) return SPUD_ERROR(kOutOfMemory, "no memory for packed weights");
  state->bytes = state->made;
  return Status::Ok();
}

void share_packed(const KernelContext* ctx, const char* kind, const PackedState& state, size_t size) {
  if (ctx->pack_sink != nullptr && state.made != nullptr)
    ctx->pack_sink->save(ctx->pack_sink->user, ctx->node_index, kind, state.made, size);
}

void free_packed(PackedState* state) {
  xnnpack_free(state->made);
  *state = PackedState();
}

Status xnnpack_status(enum xnn_status s) {
  switch (s) {
    case xnn_status_success: return Status::Ok();
    case xnn_status_out_of_memory: return SPUD_ERROR(kOutOfMemory, "XNNPACK: out of memory");
    // XNNPACK refuses some parameters ONNX allows (a 1x1 pooling window,
    // say): in prepare that hands the node to the next tier.
    default: return SPUD_ERROR(kDeclined, "XNNPACK: parameters it does not take");
  }
}

}  // namespace kernels
}  // namespace spud
