// The session's thread pool: pthreadpool, the pool XNNPACK takes, made at
// session creation and destroyed with the session. A build without
// SPUD_THREADS compiles none of it and sessions run on the calling thread.
#ifndef SPUD_RUNTIME_THREAD_POOL_H_
#define SPUD_RUNTIME_THREAD_POOL_H_

#ifndef SPUD_THREADS
#define SPUD_THREADS 0
#endif

namespace spud {

#if SPUD_THREADS
// A pool of `threads` workers (the caller counts as one), or null.
void* thread_pool_create(int threads);
void thread_pool_destroy(void* pool);
#else
inline void* thread_pool_create(int) { return nullptr; }
inline void thread_pool_destroy(void*) {}
#endif

}  // namespace spud

#endif  // SPUD_RUNTIME_THREAD_POOL_H_
