// The few things the runtime needs from the platform. A port implements
// these in platforms/<target>/ and nothing else.
#ifndef SPUD_PLATFORMS_PLATFORM_H_
#define SPUD_PLATFORMS_PLATFORM_H_

#include <stddef.h>
#include <stdint.h>

namespace spud {
namespace platform {

// Memory for sessions and model handles; called only while loading a model
// or creating a session, never from Run(). May return nullptr. A port
// without a heap can serve these from a static pool, or the caller can hand
// memory in and never reach them.
void* allocate(size_t size, size_t alignment);
void release(void* ptr);

// Maps (or reads) a whole file into memory aligned to at least 64 bytes.
// Returns false when the file cannot be opened or read. `*handle` is passed
// back to unmap_file.
bool map_file(const char* path, const void** data, size_t* size, void** handle);
void unmap_file(void* handle, const void* data, size_t size);
// A hint that bytes [data, data + size) of a map_file mapping will not be
// read again soon (weights a kernel has packed into its own layout): their
// pages may leave memory, and reading them brings them back from the file.
void drop_file_pages(const void* data, size_t size);

// A monotonic clock in nanoseconds, for the tools' latency numbers.
uint64_t now_ns();

}  // namespace platform
}  // namespace spud

#endif  // SPUD_PLATFORMS_PLATFORM_H_
