// Every heap call of a test binary, counted and, on request, failed. A
// binary using this links heap_hooks.cc and is linked with
//   -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,
//          --wrap=posix_memalign,--wrap=aligned_alloc,--wrap=mmap,--wrap=munmap
// (SPUD_HEAP_HOOK_LINK_OPTIONS in tests/CMakeLists.txt), so every C
// allocation made by code linked into it statically (libspud, the kernels,
// XNNPACK's allocator in kernels/xnnpack/xnnpack_support.cc, which maps its
// large blocks) goes through the wrappers; heap_hooks.cc also replaces the
// global operator new and delete. Shared libraries' own malloc calls
// (pthreadpool, cpuinfo, libc) are not seen.
#ifndef SPUD_TESTS_RUNTIME_HEAP_HOOKS_H_
#define SPUD_TESTS_RUNTIME_HEAP_HOOKS_H_

namespace spud {
namespace testing {
namespace heap {

// Counts heap calls while alive. With fail_at = N > 0, the N-th allocation
// call made inside the window fails (null, MAP_FAILED, or std::bad_alloc
// from a throwing operator new); every other one succeeds. One window at a
// time.
class Window {
 public:
  explicit Window(long fail_at = 0);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  // Allocation calls so far (the failed one included), frees, calls of
  // operator new (the runtime and kernels make none), whether the N-th call
  // came and failed, and what it was ("malloc", "mmap", ...).
  long allocations() const;
  long frees() const;
  long new_calls() const;
  bool failed() const;
  const char* failed_call() const;
  // Stops counting before the window goes out of scope.
  void close();

 private:
  bool open_ = true;
};

// Blocks (and mappings) allocated through the hooks and not yet freed,
// counted from the start of the process whether or not a window is open.
long live_blocks();

}  // namespace heap
}  // namespace testing
}  // namespace spud

#endif  // SPUD_TESTS_RUNTIME_HEAP_HOOKS_H_
