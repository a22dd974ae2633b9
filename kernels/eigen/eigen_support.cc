#include "eigen_support.h"

namespace spud {
namespace kernels {

namespace {

// Panel bytes one task may hold, about an L2 cache.
constexpr size_t kMaxTaskBytes = size_t{1} << 20;

size_t round_up(size_t n) { return (n + 63) / 64 * 64; }

}  // namespace

size_t gemm_panel_a_bytes(const GemmPlan& plan, size_t element_size) {
  return round_up(static_cast<size_t>(plan.kc * plan.mc) * element_size);
}

Status gemm_plan_prepare(KernelContext* ctx, GemmPlan* plan, int64_t m, int64_t n, int64_t k, bool trans_a,
                         bool trans_b, size_t element_size) {
  plan->m = m;
  plan->n = n;
  plan->k = k;
  plan->trans_a = trans_a;
  plan->trans_b = trans_b;
  plan->tasks = 1;
  plan->task_bytes = 0;
  plan->kc = plan->mc = plan->nc = 0;
  if (m == 0 || n == 0 || k == 0) return Status::Ok();
  // Small products are not worth waking the pool for.
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  plan->tasks = work >= double(1 << 18) ? pool_threads(ctx) : 1;
  // Eigen runs a row-major C as the column-major C^T = op(B)^T op(A)^T:
  // its "rows" are C's columns (n) and its "columns" C's rows (m).
  Eigen::Index kc = k, mc = n, nc = m;
  if (element_size == sizeof(double))
    Eigen::internal::computeProductBlockingSizes<double, double, 1>(kc, mc, nc, Eigen::Index(1));
  else
    Eigen::internal::computeProductBlockingSizes<float, float, 1>(kc, mc, nc, Eigen::Index(1));
  // Eigen sizes the panels from the caches it finds (L3 included: 13.5 MB
  // for a 4096^3 float product here); kernel state is held per node and
  // thread, so the panel of op(B) gets narrower instead. Any mc computes
  // the same product, in more passes.
  const Eigen::Index budget = static_cast<Eigen::Index>(kMaxTaskBytes / element_size);
  if (kc * (mc + nc) > budget) {
    Eigen::Index fit = budget / kc - nc;
    fit = fit < 16 ? 16 : fit / 16 * 16;
    if (fit < mc) mc = fit;
  }
  plan->kc = kc;
  plan->mc = mc;
  plan->nc = nc;
  plan->task_bytes = gemm_panel_a_bytes(*plan, element_size) + round_up(static_cast<size_t>(kc * nc) * element_size);
  const size_t total = plan->task_bytes * static_cast<size_t>(plan->tasks);
  if (total > ctx->workspace_size) ctx->workspace_size = total;
  return Status::Ok();
}

}  // namespace kernels
}  // namespace spud
