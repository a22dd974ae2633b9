// Einsum: a sum of products over the labels of `equation` ("ij,jk->ik",
// "...ii->...i", "i,i"). Labels repeated within a term take diagonals; an
// ellipsis stands for the broadcast leading dims; without "->" the output is
// the ellipsis then the labels used once, in alphabetical order. Labels not
// in the output are summed over.
#include <string.h>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

constexpr int kMaxTerms = 8;
constexpr int kMaxLabels = 52 + kMaxRank;  // letters, then ellipsis dims
constexpr int kMaxEquation = 128;

struct EinsumData {
  char equation[kMaxEquation];
  int num_inputs;
  int labels[kMaxTerms][kMaxRank];  // per input axis
  int out_labels[kMaxRank];
  int out_rank;
  int sum_labels[kMaxLabels];
  int num_sum;
  int64_t size[kMaxLabels];
};

int letter_id(char c) { return c >= 'a' && c <= 'z' ? c - 'a' : (c >= 'A' && c <= 'Z' ? 26 + c - 'A' : -1); }

Status init(KernelContext* ctx) {
  EinsumData* d = ctx->data<EinsumData>();
  const std::string_view eq = ctx->attributes->get_string("equation");
  SPUD_CHECK_OR_RETURN(!eq.empty() && eq.size() < kMaxEquation, kUnsupported, "Einsum: equation missing or too long");
  size_t n = 0;
  for (char c : eq)
    if (c != ' ') d->equation[n++] = c;  // whitespace is insignificant
  d->equation[n] = '\0';
  return Status::Ok();
}

// Parses one term's labels for a tensor of `rank` dims into `out`; the
// ellipsis takes ids 52.. right-aligned to `ell_rank` dims.
Status parse_term(const char* begin, const char* end, int rank, int ell_rank, int* out, int* count, bool* has_ellipsis) {
  int n = 0;
  *has_ellipsis = false;
  int letters = 0;
  for (const char* p = begin; p < end; ++p) letters += letter_id(*p) >= 0;
  for (const char* p = begin; p < end;) {
    if (*p == '.') {
      SPUD_CHECK_OR_RETURN(end - p >= 3 && p[1] == '.' && p[2] == '.' && !*has_ellipsis, kInvalidModel, "Einsum: bad ellipsis");
      *has_ellipsis = true;
      const int dims = rank >= 0 ? rank - letters : ell_rank;
      SPUD_CHECK_OR_RETURN(dims >= 0 && dims <= ell_rank, kInvalidModel, "Einsum: term does not match the input's rank");
      for (int k = 0; k < dims; ++k) {
        SPUD_CHECK_OR_RETURN(n < kMaxRank, kUnsupported, "Einsum: rank above 8");
        out[n++] = 52 + (ell_rank - dims) + k;
      }
      p += 3;
      continue;
    }
    const int id = letter_id(*p);
    SPUD_CHECK_OR_RETURN(id >= 0, kInvalidModel, "Einsum: labels must be letters");
    SPUD_CHECK_OR_RETURN(n < kMaxRank, kUnsupported, "Einsum: rank above 8");
    out[n++] = id;
    ++p;
  }
  *count = n;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  EinsumData* d = ctx->data<EinsumData>();
  SPUD_CHECK_OR_RETURN(ctx->num_inputs >= 1 && ctx->num_inputs <= kMaxTerms && ctx->num_outputs == 1, kUnsupported,
                       "Einsum: 1 to 8 inputs and one output");
  d->num_inputs = ctx->num_inputs;
  const char* eq = d->equation;
  const char* arrow = strstr(eq, "->");
  const char* lhs_end = arrow != nullptr ? arrow : eq + strlen(eq);
  // Ellipsis rank: the largest number of dims any term's ellipsis covers.
  int ell_rank = 0;
  {
    const char* p = eq;
    for (int i = 0; i < d->num_inputs; ++i) {
      const char* q = p;
      while (q < lhs_end && *q != ',') ++q;
      const Tensor* t = ctx->input(i);
      SPUD_CHECK_OR_RETURN(t != nullptr && t->dtype == ctx->input(0)->dtype, kInvalidModel, "Einsum: inputs must share a type");
      int letters = 0;
      bool ell = false;
      for (const char* c = p; c < q; ++c) letters += letter_id(*c) >= 0, ell = ell || *c == '.';
      if (ell && t->rank - letters > ell_rank) ell_rank = t->rank - letters;
      SPUD_CHECK_OR_RETURN(i == d->num_inputs - 1 ? q == lhs_end : q < lhs_end, kInvalidModel,
                           "Einsum: the equation's terms do not match the inputs");
      p = q + 1;
    }
  }
  for (int l = 0; l < kMaxLabels; ++l) d->size[l] = -1;
  int uses[kMaxLabels] = {};
  bool any_ellipsis = false;
  const char* p = eq;
  for (int i = 0; i < d->num_inputs; ++i) {
    const char* q = p;
    while (q < lhs_end && *q != ',') ++q;
    const Tensor* t = ctx->input(i);
    int count = 0;
    bool ell = false;
    SPUD_RETURN_IF_ERROR(parse_term(p, q, t->rank, ell_rank, d->labels[i], &count, &ell));
    any_ellipsis = any_ellipsis || ell;
    SPUD_CHECK_OR_RETURN(count == t->rank, kInvalidModel, "Einsum: a term's labels do not match its input's rank");
    for (int a = 0; a < t->rank; ++a) {
      const int l = d->labels[i][a];
      ++uses[l];
      const int64_t dim = t->dims[a];
      if (d->size[l] < 0 || d->size[l] == 1) d->size[l] = dim;
      else SPUD_CHECK_OR_RETURN(dim == d->size[l] || (l >= 52 && dim == 1), kInvalidModel, "Einsum: a label's sizes differ");
    }
    p = q + 1;
  }
  if (arrow != nullptr) {
    bool ell = false;
    SPUD_RETURN_IF_ERROR(parse_term(arrow + 2, eq + strlen(eq), -1, ell_rank, d->out_labels, &d->out_rank, &ell));
    for (int k = 0; k < d->out_rank; ++k)
      SPUD_CHECK_OR_RETURN(d->size[d->out_labels[k]] >= 0, kInvalidModel, "Einsum: an output label is not in any input");
  } else {
    d->out_rank = 0;
    if (any_ellipsis)
      for (int k = 0; k < ell_rank; ++k) d->out_labels[d->out_rank++] = 52 + k;
    for (int l = 0; l < 52; ++l)
      if (uses[l] == 1) {
        SPUD_CHECK_OR_RETURN(d->out_rank < kMaxRank, kUnsupported, "Einsum: output rank above 8");
        d->out_labels[d->out_rank++] = l;
      }
  }
  d->num_sum = 0;
  for (int l = 0; l < kMaxLabels; ++l) {
    if (d->size[l] < 0) continue;
    bool in_out = false;
    for (int k = 0; k < d->out_rank; ++k) in_out = in_out || d->out_labels[k] == l;
    if (!in_out) d->sum_labels[d->num_sum++] = l;
  }
  int64_t dims[kMaxRank];
  for (int k = 0; k < d->out_rank; ++k) dims[k] = d->size[d->out_labels[k]];
  Tensor* y = ctx->output(0);
  y->dtype = ctx->input(0)->dtype;
  SPUD_CHECK_OR_RETURN(set_shape(y, d->out_rank, dims), kInvalidModel, "Einsum: output overflows");
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const EinsumData* d = ctx->data<EinsumData>();
  int64_t strides[kMaxTerms][kMaxRank];
  for (int i = 0; i < d->num_inputs; ++i) {
    const Tensor* t = ctx->input(i);
    int64_t s = 1;
    for (int a = t->rank - 1; a >= 0; --a) {
      strides[i][a] = t->dims[a] == 1 ? 0 : s;  // size-1 ellipsis dims broadcast
      s *= t->dims[a];
    }
  }
  int64_t value[kMaxLabels] = {};
  T* out = ctx->output(0)->data_as<T>();
  const int64_t total = ctx->output(0)->num_elements();
  for (int64_t o = 0; o < total; ++o) {
    T acc = T(0);
    for (int k = 0; k < d->num_sum; ++k) value[d->sum_labels[k]] = 0;
    bool empty = false;
    for (int k = 0; k < d->num_sum; ++k) empty = empty || d->size[d->sum_labels[k]] == 0;
    while (!empty) {
      T prod = T(1);
      for (int i = 0; i < d->num_inputs; ++i) {
        const Tensor* t = ctx->input(i);
        int64_t off = 0;
        for (int a = 0; a < t->rank; ++a) off += value[d->labels[i][a]] * strides[i][a];
        prod = static_cast<T>(prod * t->data_as<const T>()[off]);
      }
      acc = static_cast<T>(acc + prod);
      int k = d->num_sum - 1;
      for (; k >= 0; --k) {
        const int l = d->sum_labels[k];
        if (++value[l] < d->size[l]) break;
        value[l] = 0;
      }
      if (k < 0) break;
    }
    out[o] = acc;
    for (int k = d->out_rank - 1; k >= 0; --k) {
      const int l = d->out_labels[k];
      if (++value[l] < d->size[l]) break;
      value[l] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kEinsumFloat32 = {"", "Einsum", 12, 12, dtype_bit(DType::kFloat32), 0, sizeof(EinsumData), init, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kEinsumFloat64 = {"", "Einsum", 12, 12, dtype_bit(DType::kFloat64), 0, sizeof(EinsumData), init, prepare, eval<double>};
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kEinsumInt32 = {"", "Einsum", 12, 12, dtype_bit(DType::kInt32), 0, sizeof(EinsumData), init, prepare, eval<int32_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kEinsumInt64 = {"", "Einsum", 12, 12, dtype_bit(DType::kInt64), 0, sizeof(EinsumData), init, prepare, eval<int64_t>};
#endif

}  // namespace kernels
}  // namespace spud
