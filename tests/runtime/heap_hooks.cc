#include "heap_hooks.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <new>

namespace {

std::atomic<bool> g_open{false};
std::atomic<long> g_fail_at{0};
std::atomic<long> g_allocations{0};
std::atomic<long> g_frees{0};
std::atomic<long> g_new_calls{0};
std::atomic<long> g_live{0};
std::atomic<const char*> g_failed_call{nullptr};

// One allocation call of kind `what`: false when it is the one to fail.
bool allow(const char* what) {
  if (!g_open.load(std::memory_order_relaxed)) return true;
  const long n = g_allocations.fetch_add(1, std::memory_order_relaxed) + 1;
  if (n != g_fail_at.load(std::memory_order_relaxed)) return true;
  g_failed_call.store(what);
  return false;
}

void note_block(const void* p) {
  if (p != nullptr) g_live.fetch_add(1, std::memory_order_relaxed);
}

void note_free(const void* p) {
  if (p == nullptr) return;
  g_live.fetch_sub(1, std::memory_order_relaxed);
  if (g_open.load(std::memory_order_relaxed)) g_frees.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

extern "C" {
void* __real_malloc(size_t size);
void* __real_calloc(size_t n, size_t size);
void* __real_realloc(void* p, size_t size);
void __real_free(void* p);
int __real_posix_memalign(void** p, size_t alignment, size_t size);
void* __real_aligned_alloc(size_t alignment, size_t size);
void* __real_mmap(void* addr, size_t length, int prot, int flags, int fd, off_t offset);
int __real_munmap(void* addr, size_t length);

void* __wrap_malloc(size_t size) {
  if (!allow("malloc")) return nullptr;
  void* p = __real_malloc(size);
  note_block(p);
  return p;
}

void* __wrap_calloc(size_t n, size_t size) {
  if (!allow("calloc")) return nullptr;
  void* p = __real_calloc(n, size);
  note_block(p);
  return p;
}

void* __wrap_realloc(void* p, size_t size) {
  if (p != nullptr && size == 0) {  // glibc frees the block
    note_free(p);
    return __real_realloc(p, size);
  }
  if (!allow("realloc")) return nullptr;  // the old block stays valid
  void* q = __real_realloc(p, size);
  if (p == nullptr) note_block(q);
  return q;
}

void __wrap_free(void* p) {
  note_free(p);
  __real_free(p);
}

int __wrap_posix_memalign(void** p, size_t alignment, size_t size) {
  if (!allow("posix_memalign")) return ENOMEM;
  const int r = __real_posix_memalign(p, alignment, size);
  if (r == 0) note_block(*p);
  return r;
}

void* __wrap_aligned_alloc(size_t alignment, size_t size) {
  if (!allow("aligned_alloc")) return nullptr;
  void* p = __real_aligned_alloc(alignment, size);
  note_block(p);
  return p;
}

void* __wrap_mmap(void* addr, size_t length, int prot, int flags, int fd, off_t offset) {
  if (!allow("mmap")) {
    errno = ENOMEM;
    return MAP_FAILED;
  }
  void* p = __real_mmap(addr, length, prot, flags, fd, offset);
  if (p != MAP_FAILED) note_block(p);
  return p;
}

int __wrap_munmap(void* addr, size_t length) {
  note_free(addr);
  return __real_munmap(addr, length);
}
}  // extern "C"

namespace {

void* hooked_new(size_t size, size_t alignment, bool nothrow) {
  if (g_open.load(std::memory_order_relaxed)) g_new_calls.fetch_add(1, std::memory_order_relaxed);
  void* p = nullptr;
  if (allow("operator new")) {
    if (alignment < sizeof(void*)) alignment = sizeof(void*);
    if (__real_posix_memalign(&p, alignment, size == 0 ? 1 : size) != 0) p = nullptr;
  }
  note_block(p);
  if (p == nullptr && !nothrow) throw std::bad_alloc();
  return p;
}

void hooked_delete(void* p) {
  note_free(p);
  __real_free(p);
}

constexpr size_t kPlain = alignof(std::max_align_t);

}  // namespace

void* operator new(size_t size) { return hooked_new(size, kPlain, false); }
void* operator new[](size_t size) { return hooked_new(size, kPlain, false); }
void* operator new(size_t size, const std::nothrow_t&) noexcept { return hooked_new(size, kPlain, true); }
void* operator new[](size_t size, const std::nothrow_t&) noexcept { return hooked_new(size, kPlain, true); }
void* operator new(size_t size, std::align_val_t a) { return hooked_new(size, static_cast<size_t>(a), false); }
void* operator new[](size_t size, std::align_val_t a) { return hooked_new(size, static_cast<size_t>(a), false); }
void* operator new(size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return hooked_new(size, static_cast<size_t>(a), true);
}
void* operator new[](size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return hooked_new(size, static_cast<size_t>(a), true);
}
void operator delete(void* p) noexcept { hooked_delete(p); }
void operator delete[](void* p) noexcept { hooked_delete(p); }
void operator delete(void* p, size_t) noexcept { hooked_delete(p); }
void operator delete[](void* p, size_t) noexcept { hooked_delete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { hooked_delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { hooked_delete(p); }
void operator delete(void* p, std::align_val_t) noexcept { hooked_delete(p); }
void operator delete[](void* p, std::align_val_t) noexcept { hooked_delete(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { hooked_delete(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { hooked_delete(p); }

namespace spud {
namespace testing {
namespace heap {

Window::Window(long fail_at) {
  g_allocations = 0;
  g_frees = 0;
  g_new_calls = 0;
  g_failed_call = nullptr;
  g_fail_at = fail_at;
  g_open = true;
}

Window::~Window() { close(); }

void Window::close() {
  if (!open_) return;
  g_open = false;
  g_fail_at = 0;
  open_ = false;
}

long Window::allocations() const { return g_allocations.load(); }
long Window::frees() const { return g_frees.load(); }
long Window::new_calls() const { return g_new_calls.load(); }
bool Window::failed() const { return g_failed_call.load() != nullptr; }
const char* Window::failed_call() const {
  const char* c = g_failed_call.load();
  return c != nullptr ? c : "";
}

long live_blocks() { return g_live.load(); }

}  // namespace heap
}  // namespace testing
}  // namespace spud
