// POSIX port: posix_memalign, mmap, clock_gettime.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "platform.h"

namespace spud {
namespace platform {

void* allocate(size_t size, size_t alignment) {
  if (alignment < sizeof(void*)) alignment = sizeof(void*);
  void* p = nullptr;
  if (posix_memalign(&p, alignment, size == 0 ? 1 : size) != 0) return nullptr;
  return p;
}

void release(void* ptr) { free(ptr); }

bool map_file(const char* path, const void** data, size_t* size, void** handle) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
    close(fd);
    return false;
  }
  const size_t n = static_cast<size_t>(st.st_size);
  // MAP_POPULATE maps every page up front: one pass instead of a fault per
  // page while the session reads (and packs) the weights.
  void* p = mmap(nullptr, n, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return false;
  *data = p;  // page-aligned, so constants are 64-byte aligned in place
  *size = n;
  *handle = p;
  return true;
}

void unmap_file(void* handle, const void* data, size_t size) {
  if (handle != nullptr) munmap(const_cast<void*>(data), size);
}

void drop_file_pages(const void* data, size_t size) {
  // Whole pages inside the range only; the mapping is private and read-only,
  // so a dropped page is read back from the file if it is touched again.
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + page - 1) & ~(page - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + size) & ~(page - 1);
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

uint64_t now_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace platform
}  // namespace spud
