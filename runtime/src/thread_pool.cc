#include "thread_pool.h"

#include <pthreadpool.h>

namespace spud {

void* thread_pool_create(int threads) { return pthreadpool_create(static_cast<size_t>(threads)); }

void thread_pool_destroy(void* pool) { pthreadpool_destroy(static_cast<pthreadpool_t>(pool)); }

}  // namespace spud
