// Einsum on Eigen's GEMM, for two-operand contractions that are a (batched)
// matrix product of the tensors as they lie: "ij,jk->ik", "bij,bjk->bik",
// "bhqd,bhkd->bhqk". Each label is a batch label (in A, B and Y), a row
// label (A and Y), a column label (B and Y) or a summed label (A and B);
// every tensor must hold its batch labels first and each group in one run
// of axes, in the same order everywhere, so A is [batch, M, K] or
// [batch, K, M], B [batch, K, N] or [batch, N, K], Y [batch, M, N] (or
// [batch, N, M], computed as B^T A^T). Anything else (one or three
// operands, ellipses, diagonals, labels summed within one operand, size-1
// broadcasting) is declined and the reference Einsum takes it.
#include <string.h>

#include "eigen_support.h"

namespace spud {
namespace kernels {
namespace {

constexpr int kMaxEquation = 128;
enum Group { kBatch, kRows, kCols, kSum, kNone };

struct EinsumEigenData {
  GemmPlan plan;
  char equation[kMaxEquation];
  bool swap;  // Y is [batch, N, M]: computed as op(B)^T op(A)^T
  int64_t count;
};

int letter_id(char c) { return c >= 'a' && c <= 'z' ? c - 'a' : (c >= 'A' && c <= 'Z' ? 26 + c - 'A' : -1); }

Status init(KernelContext* ctx) {
  EinsumEigenData* d = ctx->data<EinsumEigenData>();
  const std::string_view eq = ctx->attributes->get_string("equation");
  SPUD_CHECK_OR_RETURN(!eq.empty() && eq.size() < kMaxEquation, kUnsupported, "Einsum: equation missing or too long");
  size_t n = 0;
  for (char c : eq)
    if (c != ' ') d->equation[n++] = c;
  d->equation[n] = '\0';
  return Status::Ok();
}

// One term's labels; false for anything but distinct letters.
bool parse_term(const char* begin, const char* end, int* labels, int* count) {
  int n = 0;
  bool seen[52] = {};
  for (const char* p = begin; p < end; ++p) {
    const int id = letter_id(*p);
    if (id < 0 || seen[id] || n >= kMaxRank) return false;
    seen[id] = true;
    labels[n++] = id;
  }
  *count = n;
  return true;
}

// One term's labels, axis by axis.
struct Term {
  int labels[kMaxRank];
  int rank;
};

// The labels of `t` in group g, in order.
int group_labels(const Term& t, const Group* group_of, Group g, int* out) {
  int n = 0;
  for (int i = 0; i < t.rank; ++i)
    if (group_of[t.labels[i]] == g) out[n++] = t.labels[i];
  return n;
}

// Whether `t`'s axes are a run of group g0, then g1, then g2 (runs may be
// empty).
bool runs_in_order(const Term& t, const Group* group_of, Group g0, Group g1, Group g2) {
  const Group order[3] = {g0, g1, g2};
  int at = 0;
  for (int i = 0; i < t.rank; ++i) {
    const Group g = group_of[t.labels[i]];
    while (at < 3 && order[at] != g) ++at;
    if (at == 3) return false;
  }
  return true;
}

bool same_labels(const int* a, int na, const int* b, int nb) {
  if (na != nb) return false;
  for (int i = 0; i < na; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// The Y shape the reference computes, from the labels' sizes; also fills
// `group_of`. kDeclined for what this tier does not serve.
Status analyse(KernelContext* ctx, Term* a, Term* b, Term* y, int64_t* size, Group* group_of) {
  const EinsumEigenData* d = ctx->data<EinsumEigenData>();
  if (ctx->num_inputs != 2 || ctx->num_outputs != 1 || ctx->input(0) == nullptr || ctx->input(1) == nullptr)
    return SPUD_ERROR(kDeclined, "Eigen Einsum: two operands only");
  const char* eq = d->equation;
  const char* arrow = strstr(eq, "->");
  const char* comma = strchr(eq, ',');
  const char* lhs_end = arrow != nullptr ? arrow : eq + strlen(eq);
  if (comma == nullptr || comma > lhs_end || strchr(comma + 1, ',') != nullptr ||
      !parse_term(eq, comma, a->labels, &a->rank) || !parse_term(comma + 1, lhs_end, b->labels, &b->rank))
    return SPUD_ERROR(kDeclined, "Eigen Einsum: not two terms of distinct letters");
  const Tensor* ta = ctx->input(0);
  const Tensor* tb = ctx->input(1);
  if (ta->rank != a->rank || tb->rank != b->rank) return SPUD_ERROR(kDeclined, "Eigen Einsum: ranks differ");
  int uses[52] = {};
  for (int l = 0; l < 52; ++l) size[l] = -1;
  for (int t = 0; t < 2; ++t) {
    const Term& term = t == 0 ? *a : *b;
    const Tensor* x = t == 0 ? ta : tb;
    for (int i = 0; i < term.rank; ++i) {
      const int l = term.labels[i];
      if (size[l] >= 0 && size[l] != x->dims[i]) return SPUD_ERROR(kDeclined, "Eigen Einsum: sizes differ");
      size[l] = x->dims[i];
      ++uses[l];
    }
  }
  if (arrow != nullptr) {
    if (!parse_term(arrow + 2, eq + strlen(eq), y->labels, &y->rank))
      return SPUD_ERROR(kDeclined, "Eigen Einsum: output is not distinct letters");
  } else {  // implicit: the labels used once, alphabetically
    y->rank = 0;
    for (int l = 0; l < 52; ++l)
      if (uses[l] == 1) {
        if (y->rank >= kMaxRank) return SPUD_ERROR(kDeclined, "Eigen Einsum: output rank above 8");
        y->labels[y->rank++] = l;
      }
  }
  bool in_y[52] = {}, in_a[52] = {}, in_b[52] = {};
  for (int i = 0; i < y->rank; ++i) in_y[y->labels[i]] = true;
  for (int i = 0; i < a->rank; ++i) in_a[a->labels[i]] = true;
  for (int i = 0; i < b->rank; ++i) in_b[b->labels[i]] = true;
  for (int l = 0; l < 52; ++l) {
    group_of[l] = kNone;
    if (in_a[l] && in_b[l]) group_of[l] = in_y[l] ? kBatch : kSum;
    else if (in_a[l] || in_b[l]) group_of[l] = in_y[l] ? (in_a[l] ? kRows : kCols) : kNone;
    else if (in_y[l]) return SPUD_ERROR(kDeclined, "Eigen Einsum: an output label is in no input");
    if ((in_a[l] || in_b[l]) && group_of[l] == kNone)
      return SPUD_ERROR(kDeclined, "Eigen Einsum: a label summed within one operand");
  }
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  EinsumEigenData* d = ctx->data<EinsumEigenData>();
  Term a, b, y;
  int64_t size[52];
  Group group_of[52];
  SPUD_RETURN_IF_ERROR(analyse(ctx, &a, &b, &y, size, group_of));
  const Tensor* ta = ctx->input(0);
  if (ta->dtype != DType::kFloat32 && ta->dtype != DType::kFloat64)
    return SPUD_ERROR(kDeclined, "Eigen Einsum: float32 and float64 only");
  if (ctx->input(1)->dtype != ta->dtype) return SPUD_ERROR(kInvalidModel, "Einsum: inputs must share a type");
  // Every group's labels in one order, taken from Y (rows, columns, batch)
  // and A (summed).
  int batch[kMaxRank], rows[kMaxRank], cols[kMaxRank], sum[kMaxRank], other[kMaxRank];
  const int nbatch = group_labels(y, group_of, kBatch, batch);
  const int nrows = group_labels(y, group_of, kRows, rows);
  const int ncols = group_labels(y, group_of, kCols, cols);
  const int nsum = group_labels(a, group_of, kSum, sum);
  bool ok = runs_in_order(y, group_of, kBatch, kRows, kCols) || runs_in_order(y, group_of, kBatch, kCols, kRows);
  d->swap = !runs_in_order(y, group_of, kBatch, kRows, kCols);
  const bool a_rows_first = runs_in_order(a, group_of, kBatch, kRows, kSum);
  const bool b_sum_first = runs_in_order(b, group_of, kBatch, kSum, kCols);
  ok = ok && (a_rows_first || runs_in_order(a, group_of, kBatch, kSum, kRows));
  ok = ok && (b_sum_first || runs_in_order(b, group_of, kBatch, kCols, kSum));
  ok = ok && same_labels(batch, nbatch, other, group_labels(a, group_of, kBatch, other));
  ok = ok && same_labels(batch, nbatch, other, group_labels(b, group_of, kBatch, other));
  ok = ok && same_labels(rows, nrows, other, group_labels(a, group_of, kRows, other));
  ok = ok && same_labels(cols, ncols, other, group_labels(b, group_of, kCols, other));
  ok = ok && same_labels(sum, nsum, other, group_labels(b, group_of, kSum, other));
  if (!ok) return SPUD_ERROR(kDeclined, "Eigen Einsum: not a matrix product of the tensors as they lie");
  int64_t dims[kMaxRank];
  for (int i = 0; i < y.rank; ++i) dims[i] = size[y.labels[i]];
  Tensor* out = ctx->output(0);
  out->dtype = ta->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(out, y.rank, dims), kInvalidModel, "Einsum: output overflows");
  int64_t count = 1, m = 1, n = 1, k = 1;
  for (int i = 0; i < nbatch; ++i) count *= size[batch[i]];
  for (int i = 0; i < nrows; ++i) m *= size[rows[i]];
  for (int i = 0; i < ncols; ++i) n *= size[cols[i]];
  for (int i = 0; i < nsum; ++i) k *= size[sum[i]];
  d->count = count;
  if (gemm_too_small_to_batch(count, m, n, k)) return SPUD_ERROR(kDeclined, "Eigen Einsum: tiny products");
  // Swapped, Y^T = op(B)^T op(A)^T: B takes A's place, transposed.
  if (d->swap)
    return gemm_plan_prepare(ctx, &d->plan, n, m, k, b_sum_first, a_rows_first, dtype_size(ta->dtype));
  return gemm_plan_prepare(ctx, &d->plan, m, n, k, !a_rows_first, !b_sum_first, dtype_size(ta->dtype));
}

template <typename T>
Status eval(KernelContext* ctx) {
  const EinsumEigenData* d = ctx->data<EinsumEigenData>();
  const GemmPlan& p = d->plan;
  T* y = ctx->output(0)->data_as<T>();
  EigenArray<T>(y, ctx->output(0)->num_elements()).setZero();
  const T* a = ctx->input(d->swap ? 1 : 0)->data_as<const T>();
  const T* b = ctx->input(d->swap ? 0 : 1)->data_as<const T>();
  const auto offsets = [&p](int64_t i) { return GemmOffsets{i * p.m * p.k, i * p.k * p.n, i * p.m * p.n}; };
  gemm_plan_run(ctx, p, d->count, a, b, y, T(1), offsets);
  return Status::Ok();
}


}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kEinsumEigenFloat32 = {"", "Einsum", 12, 12, dtype_bit(DType::kFloat32), 0,
                                              sizeof(EinsumEigenData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kEinsumEigenFloat64 = {"", "Einsum", 12, 12, dtype_bit(DType::kFloat64), 0,
                                              sizeof(EinsumEigenData), init, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
