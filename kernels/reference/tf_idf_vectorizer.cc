// TfIdfVectorizer (opset 9), for int32 and int64 input (spud has no string
// tensors): counts, in each row of X ([C] or [N, C]), the n-grams of the
// pool (pool_int64s, the n-grams of length n starting at ngram_counts[n - 1])
// of lengths min_gram_length to max_gram_length, their tokens every skip + 1
// positions for each skip up to max_skip_count (unigrams once), into output
// slot ngram_indexes[i] of pool n-gram i. mode TF gives the counts, IDF the
// n-gram's weight where it occurs, TFIDF the count times the weight
// (weights default to 1). Y is [max(ngram_indexes) + 1] per row. The pool
// and its lists are read in place from the model (kernel.h).
#include <string_view>

#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

enum class TfIdfMode { kTf, kIdf, kTfIdf };

struct TfIdfData {
  TfIdfMode mode;
  int64_t min_gram, max_gram, max_skip;
  const int64_t* pool;
  const int64_t* starts;  // ngram_counts
  const int64_t* indexes;
  const float* weights;  // null: all 1
  int pool_size, num_starts, num_ngrams;
  int64_t out_size;
  int64_t rows, cols;
};

Status init(KernelContext* ctx) {
  TfIdfData* d = ctx->data<TfIdfData>();
  const NodeAttributes& a = *ctx->attributes;
  const std::string_view mode = a.get_string("mode");
  if (mode == "TF") d->mode = TfIdfMode::kTf;
  else if (mode == "IDF") d->mode = TfIdfMode::kIdf;
  else if (mode == "TFIDF") d->mode = TfIdfMode::kTfIdf;
  else return SPUD_ERROR(kInvalidModel, "TfIdfVectorizer: mode must be TF, IDF or TFIDF");
  d->min_gram = a.get_int("min_gram_length", 0);
  d->max_gram = a.get_int("max_gram_length", 0);
  d->max_skip = a.get_int("max_skip_count", 0);
  SPUD_CHECK_OR_RETURN(d->min_gram >= 1 && d->max_gram >= d->min_gram, kInvalidModel,
                       "TfIdfVectorizer: needs 1 <= min_gram_length <= max_gram_length");
  SPUD_CHECK_OR_RETURN(d->max_skip >= 0, kInvalidModel, "TfIdfVectorizer: max_skip_count must not be negative");
  SPUD_CHECK_OR_RETURN(!a.has("pool_strings") || a.has("pool_int64s"), kUnsupported,
                       "TfIdfVectorizer: pool_strings needs string tensors, which spud does not support");
  d->pool = a.ints_in_place("pool_int64s", &d->pool_size);
  d->starts = a.ints_in_place("ngram_counts", &d->num_starts);
  d->indexes = a.ints_in_place("ngram_indexes", &d->num_ngrams);
  int num_weights = 0;
  d->weights = a.floats_in_place("weights", &num_weights);
  SPUD_CHECK_OR_RETURN(d->num_starts > 0 && d->num_ngrams > 0, kInvalidModel,
                       "TfIdfVectorizer: needs ngram_counts and ngram_indexes (or this target is big-endian)");
  SPUD_CHECK_OR_RETURN(d->weights == nullptr || num_weights == d->num_ngrams, kInvalidModel,
                       "TfIdfVectorizer: weights must have one value per entry of ngram_indexes");
  int64_t ngrams = 0;
  for (int i = 0; i < d->num_starts; ++i) {
    const int64_t begin = d->starts[i], end = i + 1 < d->num_starts ? d->starts[i + 1] : d->pool_size;
    SPUD_CHECK_OR_RETURN(begin >= 0 && begin <= end && end <= d->pool_size && (end - begin) % (i + 1) == 0, kInvalidModel,
                         "TfIdfVectorizer: ngram_counts must be increasing offsets into the pool, each length's part a whole number of n-grams");
    ngrams += (end - begin) / (i + 1);
  }
  SPUD_CHECK_OR_RETURN(ngrams == d->num_ngrams, kInvalidModel, "TfIdfVectorizer: ngram_indexes must have one entry per n-gram of the pool");
  d->out_size = 0;
  for (int i = 0; i < d->num_ngrams; ++i) {
    SPUD_CHECK_OR_RETURN(d->indexes[i] >= 0 && d->indexes[i] < INT64_MAX, kInvalidModel,
                         "TfIdfVectorizer: ngram_indexes must be in [0, INT64_MAX)");
    if (d->indexes[i] + 1 > d->out_size) d->out_size = d->indexes[i] + 1;
  }
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  TfIdfData* d = ctx->data<TfIdfData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "TfIdfVectorizer: needs X and one output");
  SPUD_CHECK_OR_RETURN(x->rank == 1 || x->rank == 2, kInvalidModel, "TfIdfVectorizer: X must be [C] or [N, C]");
  d->rows = x->rank == 2 ? x->dims[0] : 1;
  d->cols = x->dims[x->rank - 1];
  Tensor* y = ctx->output(0);
  y->dtype = DType::kFloat32;
  const int64_t dims[2] = {d->rows, d->out_size};
  SPUD_CHECK_OR_RETURN(x->rank == 2 ? set_shape(y, 2, dims) : set_shape(y, 1, dims + 1), kInvalidModel,
                       "TfIdfVectorizer: bad output shape");
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const TfIdfData* d = ctx->data<TfIdfData>();
  const T* x = ctx->input(0)->data_as<const T>();
  float* y = ctx->output(0)->data_as<float>();
  for (int64_t i = 0; i < d->rows * d->out_size; ++i) y[i] = 0;
  const int64_t top = d->max_gram < d->num_starts ? d->max_gram : d->num_starts;
  for (int64_t r = 0; r < d->rows; ++r) {
    const T* row = x + r * d->cols;
    float* out = y + r * d->out_size;
    int64_t first_ngram = 0;  // ordinal of the first pool n-gram of length n
    for (int64_t n = 1; n <= top; ++n) {
      const int64_t begin = d->starts[n - 1], end = n < d->num_starts ? d->starts[n] : d->pool_size;
      if (n >= d->min_gram)
        for (int64_t skip = 0; skip <= (n == 1 ? 0 : d->max_skip); ++skip) {
          // The n-gram's span; once it no longer fits in the row, no larger
          // skip fits either (so a huge max_skip_count costs nothing).
          int64_t span = n - 1;
          if (!multiply_fits(&span, skip + 1) || span >= d->cols) break;
          for (int64_t start = 0; start + span < d->cols; ++start)
            for (int64_t p = begin; p < end; p += n) {
              bool match = true;
              for (int64_t t = 0; t < n && match; ++t) match = static_cast<int64_t>(row[start + t * (skip + 1)]) == d->pool[p + t];
              if (!match) continue;
              const int64_t ordinal = first_ngram + (p - begin) / n;
              const float w = d->weights != nullptr ? d->weights[ordinal] : 1.f;
              float& slot = out[d->indexes[ordinal]];
              if (d->mode == TfIdfMode::kTf) slot += 1;
              else if (d->mode == TfIdfMode::kTfIdf) slot += w;
              else slot = w;
            }
        }
      first_ngram += (end - begin) / n;
    }
  }
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kTfIdfVectorizerInt32 = {"", "TfIdfVectorizer", 9, 9, dtype_bit(DType::kInt32), 0, sizeof(TfIdfData), init, prepare, eval<int32_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kTfIdfVectorizerInt64 = {"", "TfIdfVectorizer", 9, 9, dtype_bit(DType::kInt64), 0, sizeof(TfIdfData), init, prepare, eval<int64_t>};
#endif

}  // namespace kernels
}  // namespace spud
