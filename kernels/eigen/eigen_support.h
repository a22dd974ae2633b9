// What every Eigen kernel shares: Map views of tensors, a row-major GEMM
// over raw pointers whose blocking buffers are the session's shared kernel
// workspace, and a way to cut work between the session's threads.
//
// Every kernels/eigen/<op>.cc follows its reference twin: init parses the
// same attributes, prepare makes the same checks and output shapes and
// returns kDeclined for what the file does not serve, eval computes on
// Eigen::Map views of the tensors (assignments into a Map, no temporaries).
// An Eigen kernel asks for the same scratch as its reference twin (none):
// the buffers Eigen's GEMM packs its panels into would otherwise be
// allocated inside the product, on every call once they pass
// EIGEN_STACK_ALLOCATION_LIMIT, so prepare asks for them, one set per
// thread, as workspace (kernel.h): the session makes one block for its
// largest request, and every node's products pack into it in turn.
#ifndef SPUD_KERNELS_EIGEN_EIGEN_SUPPORT_H_
#define SPUD_KERNELS_EIGEN_EIGEN_SUPPORT_H_

#include <stddef.h>

#include <Eigen/Core>

#if SPUD_THREADS
#include <pthreadpool.h>
#endif

#include "kernel_util.h"

namespace spud {
namespace kernels {

template <typename T>
using EigenArray = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>, Eigen::Unaligned>;
template <typename T>
using EigenConstArray = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>, Eigen::Unaligned>;

// Threads the session's pool has (1 without one).
inline int pool_threads(const KernelContext* ctx) {
#if SPUD_THREADS
  if (ctx->thread_pool != nullptr)
    return static_cast<int>(pthreadpool_get_threads_count(static_cast<pthreadpool_t>(ctx->thread_pool)));
#endif
  return 1;
}

// Calls f(task) for every task in [0, tasks), on the session's pool when it
// has one. Each task runs exactly once, so per-task buffers need no lock.
template <typename F>
void run_tasks(const KernelContext* ctx, size_t tasks, const F& f) {
#if SPUD_THREADS
  if (ctx->thread_pool != nullptr && tasks > 1) {
    pthreadpool_parallelize_1d(
        static_cast<pthreadpool_t>(ctx->thread_pool),
        [](void* context, size_t task) { (*static_cast<const F*>(context))(task); },
        const_cast<void*>(static_cast<const void*>(&f)), tasks, 0);
    return;
  }
#endif
  for (size_t t = 0; t < tasks; ++t) f(t);
}

// How many pieces element-wise work of n values is cut into: one per
// thread, once there is enough to make it pay.
inline size_t elementwise_tasks(const KernelContext* ctx, int64_t n) {
  constexpr int64_t kPerTask = int64_t{1} << 15;
  const int threads = pool_threads(ctx);
  if (threads <= 1 || n < 2 * kPerTask) return 1;
  const int64_t by_size = n / kPerTask;
  return static_cast<size_t>(by_size < threads ? by_size : threads);
}

// Task t's share [*begin, *end) of n items cut into `tasks` pieces.
inline void task_range(int64_t n, size_t tasks, size_t t, int64_t* begin, int64_t* end) {
  const int64_t per = n / static_cast<int64_t>(tasks), extra = n % static_cast<int64_t>(tasks);
  const int64_t i = static_cast<int64_t>(t);
  *begin = i * per + (i < extra ? i : extra);
  *end = *begin + per + (i < extra ? 1 : 0);
}

// One GEMM shape, C[m x n] (+)= alpha * op(A)[m x k] * op(B)[k x n], all
// row-major, op() an optional transpose, repeated over `count` matrices.
// Made in prepare (gemm_plan_prepare), used by eval (gemm_plan_run). It
// lives in the kernel's op data and holds no memory of its own.
struct GemmPlan {
  int64_t m, n, k;
  bool trans_a, trans_b;
  // Blocking (Eigen's kc, mc, nc for the column-major product it runs,
  // C^T = op(B)^T op(A)^T) and each task's buffers, `tasks` of them.
  int64_t kc, mc, nc;
  int tasks;
  size_t task_bytes;  // each task's panels, at workspace + t * task_bytes
};

// Computes blocking for m, n, k and asks for one set of panel buffers per
// thread of the session, about 1 MB per thread at most, as workspace
// (ctx->workspace_size, raised to it).
Status gemm_plan_prepare(KernelContext* ctx, GemmPlan* plan, int64_t m, int64_t n, int64_t k, bool trans_a,
                         bool trans_b, size_t element_size);

// Many products of a few multiply-adds each: Eigen's packing costs more
// than the loops of the reference kernel, which takes them.
inline bool gemm_too_small_to_batch(int64_t count, int64_t m, int64_t n, int64_t k) {
  // In double: the product of three dims may pass int64 in a hostile file.
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  return count > 1 && work > 0 && work < 64;
}

// Bytes of the first panel buffer in each task's block (a multiple of 64).
size_t gemm_panel_a_bytes(const GemmPlan& plan, size_t element_size);

// Where one matrix of a batch is: element offsets of op(A), op(B) and C.
struct GemmOffsets {
  int64_t a, b, c;
};

// C += alpha * op(A) * op(B) for `count` matrices, matrix i at offsets(i),
// on the session's threads (each takes whole matrices, or rows of them).
// C must already hold what is added to (zero, or beta * C).
template <typename T, typename Offsets>
void gemm_plan_run(const KernelContext* ctx, const GemmPlan& plan, int64_t count, const T* a, const T* b, T* c,
                   T alpha, const Offsets& offsets);

namespace eigen_detail {

// Eigen's blocking object with its panels in buffers we own, so that
// general_matrix_matrix_product packs into them instead of allocating.
template <typename T>
class OwnedBlocking : public Eigen::internal::level3_blocking<T, T> {
 public:
  OwnedBlocking(const GemmPlan& plan, void* buffer) {
    this->m_kc = plan.kc;
    this->m_mc = plan.mc;
    this->m_nc = plan.nc;
    this->m_blockA = static_cast<T*>(buffer);
    this->m_blockB = reinterpret_cast<T*>(static_cast<unsigned char*>(buffer) + gemm_panel_a_bytes(plan, sizeof(T)));
  }
};

// Rows [0, rows) of C += alpha * op(A) * op(B); a, b, c point at the first row.
template <typename T, int AOrder, int BOrder>
void gemm_rows(const GemmPlan& plan, int64_t rows, const T* a, int64_t lda, const T* b, int64_t ldb, T* c,
               T alpha, void* buffer) {
  OwnedBlocking<T> blocking(plan, buffer);
  Eigen::internal::general_matrix_matrix_product<Eigen::Index, T, AOrder, false, T, BOrder, false, Eigen::RowMajor,
                                                 1>::run(rows, plan.n, plan.k, a, lda, b, ldb, c, 1, plan.n, alpha,
                                                         blocking);
}

}  // namespace eigen_detail

template <typename T, typename Offsets>
void gemm_plan_run(const KernelContext* ctx, const GemmPlan& plan, int64_t count, const T* a, const T* b, T* c,
                   T alpha, const Offsets& offsets) {
  if (count == 0 || plan.m == 0 || plan.n == 0 || plan.k == 0) return;
  using Rows = void (*)(const GemmPlan&, int64_t, const T*, int64_t, const T*, int64_t, T*, T, void*);
  Rows rows_fn;
  if (plan.trans_a)
    rows_fn = plan.trans_b ? eigen_detail::gemm_rows<T, Eigen::ColMajor, Eigen::ColMajor>
                           : eigen_detail::gemm_rows<T, Eigen::ColMajor, Eigen::RowMajor>;
  else
    rows_fn = plan.trans_b ? eigen_detail::gemm_rows<T, Eigen::RowMajor, Eigen::ColMajor>
                           : eigen_detail::gemm_rows<T, Eigen::RowMajor, Eigen::RowMajor>;
  // op(A) row-major has a row stride of k; transposed, A is [k, m] and
  // op(A) is column-major with stride m. Likewise for B.
  const int64_t lda = plan.trans_a ? plan.m : plan.k, ldb = plan.trans_b ? plan.k : plan.n;
  // Whole matrices per task when there are enough of them, else rows.
  const int64_t tasks = plan.tasks;
  int64_t chunks = 1;
  if (tasks > 1 && count < tasks) {
    chunks = (tasks + count - 1) / count;
    if (chunks > plan.m) chunks = plan.m;
  }
  const int64_t units = count * chunks;
  const size_t used = static_cast<size_t>(units < tasks ? units : tasks);
  const auto task = [&](size_t t) {
    void* buffer = static_cast<unsigned char*>(ctx->workspace) + t * plan.task_bytes;
    int64_t u0 = 0, u1 = 0;
    task_range(units, used, t, &u0, &u1);
    for (int64_t u = u0; u < u1; ++u) {
      const GemmOffsets o = offsets(u / chunks);
      int64_t r0 = 0, r1 = 0;
      task_range(plan.m, static_cast<size_t>(chunks), static_cast<size_t>(u % chunks), &r0, &r1);
      const int64_t a_row = plan.trans_a ? r0 : r0 * lda;
      rows_fn(plan, r1 - r0, a + o.a + a_row, lda, b + o.b, ldb, c + o.c + r0 * plan.n, alpha, buffer);
    }
  };
  run_tasks(ctx, used, task);
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_EIGEN_EIGEN_SUPPORT_H_
