#include "thread_pool.h"

#include <pthreadpool.h>

namespace spud {

namespace {

void nothing(void*, size_t) {}

}  // namespace

void* thread_pool_create(int threads) {
  pthreadpool_t pool = pthreadpool_create(static_cast<size_t>(threads));
  // A new worker spins for about a million pauses (some 17 ms here) before
  // it sleeps, through the whole of session creation: on a machine whose
  // two cores share one physical core that halves the packing thread's
  // speed (ready took 28-50 ms for squeezenet at 2 threads, 10-19 at 1).
  // One empty task with YIELD_WORKERS sends them to sleep at once; the
  // first Run() wakes them.
  if (pool != nullptr)
    pthreadpool_parallelize_1d(pool, nothing, nullptr, static_cast<size_t>(threads), PTHREADPOOL_FLAG_YIELD_WORKERS);
  return pool;
}

void thread_pool_destroy(void* pool) { pthreadpool_destroy(static_cast<pthreadpool_t>(pool)); }

}  // namespace spud
