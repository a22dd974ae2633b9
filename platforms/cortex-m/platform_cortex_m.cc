// Bare-metal port (Cortex-M, newlib). Memory comes from newlib's heap, which
// the linker script places after .bss; an application that hands the session
// its memory (spud_session_create with a buffer) only allocates the small
// model handle here. There is no file system and no clock by default.
#include <malloc.h>
#include <stdlib.h>

#include "platform.h"

namespace spud {
namespace platform {

void* allocate(size_t size, size_t alignment) {
  if (alignment < sizeof(void*)) alignment = sizeof(void*);
  return memalign(alignment, size == 0 ? 1 : size);
}

void release(void* ptr) { free(ptr); }

bool map_file(const char*, const void**, size_t*, void**) { return false; }

void unmap_file(void*, const void*, size_t) {}
void drop_file_pages(const void*, size_t) {}  // flash: nothing to drop

// A board with a cycle counter can override this (it is weak).
__attribute__((weak)) uint64_t now_ns() { return 0; }

}  // namespace platform
}  // namespace spud
