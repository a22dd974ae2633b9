// SplitToSequence: `input` cut along `axis` into a sequence: into pieces of
// the sizes in `split` (1-D), of `split` each (a scalar; the last may be
// shorter), or, without `split`, into pieces of 1 (the axis dropped unless
// keepdims).
#include "sequence_util.h"

namespace spud {
namespace kernels {
namespace {

struct SplitData {
  int64_t axis;
  bool keepdims;
};

Status init(KernelContext* ctx) {
  SplitData* d = ctx->data<SplitData>();
  d->axis = ctx->attributes->get_int("axis", 0);
  d->keepdims = ctx->attributes->get_int("keepdims", 1) != 0;
  return Status::Ok();
}

int64_t split_value(const Tensor* s, int64_t k) {
  return s->dtype == DType::kInt64 ? s->data_as<int64_t>()[k] : s->data_as<int32_t>()[k];
}

// Walks the pieces: writes them when `w` has memory, counts bytes otherwise.
Status pieces(KernelContext* ctx, uint8_t* out, uint64_t* bytes) {
  const SplitData* d = ctx->data<SplitData>();
  const Tensor* x = ctx->input(0);
  const Tensor* split = ctx->input(1);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "SplitToSequence: needs input and one output");
  int axis = 0;
  SPUD_CHECK_OR_RETURN(x->rank >= 1 && normalize_axis(d->axis, x->rank, &axis), kInvalidModel,
                       "SplitToSequence: axis is out of range");
  const int64_t length = x->dims[axis];
  int64_t count = length, each = 1;
  bool scalar = true;
  if (split != nullptr) {
    SPUD_CHECK_OR_RETURN(split->dtype == DType::kInt64 || split->dtype == DType::kInt32, kInvalidModel,
                         "SplitToSequence: split must be int32 or int64");
    SPUD_CHECK_OR_RETURN(split->rank <= 1, kInvalidModel, "SplitToSequence: split must be a scalar or 1-D");
    SPUD_CHECK_OR_RETURN(split->data != nullptr, kDataDependent, "SplitToSequence: split is not known yet");
    scalar = split->rank == 0;
    if (scalar) {
      each = split_value(split, 0);
      SPUD_CHECK_OR_RETURN(each > 0, kInvalidArgument, "SplitToSequence: a scalar split must be positive");
      count = (length + each - 1) / each;
    } else {
      count = split->dims[0];
      int64_t sum = 0;
      for (int64_t k = 0; k < count; ++k) {
        const int64_t v = split_value(split, k);
        SPUD_CHECK_OR_RETURN(v >= 0 && v <= length - sum, kInvalidArgument,
                             "SplitToSequence: the split sizes do not add up to the axis's length");
        sum += v;
      }
      SPUD_CHECK_OR_RETURN(sum == length, kInvalidArgument, "SplitToSequence: the split sizes do not add up to the axis's length");
    }
  }
  SPUD_CHECK_OR_RETURN(count < 0x7fffffff, kInvalidArgument, "SplitToSequence: too many pieces");
  const bool drop_axis = split == nullptr && !d->keepdims;
  int64_t outer = 1, inner = static_cast<int64_t>(dtype_size(x->dtype));
  for (int i = 0; i < axis; ++i) outer *= x->dims[i];
  for (int i = axis + 1; i < x->rank; ++i) inner *= x->dims[i];
  BlobWriter w(out, static_cast<uint32_t>(count), static_cast<int32_t>(x->dtype));
  int64_t start = 0;
  for (int64_t k = 0; k < count; ++k) {
    const int64_t size = scalar ? (length - start < each ? length - start : each) : split_value(split, k);
    int64_t dims[kMaxRank];
    int rank = 0;
    for (int i = 0; i < x->rank; ++i) {
      if (i == axis && drop_axis) continue;
      dims[rank++] = i == axis ? size : x->dims[i];
    }
    w.add(x->dtype, rank, dims, nullptr);
    if (out != nullptr) {
      uint8_t* dst = w.data(static_cast<uint32_t>(k));
      const uint8_t* src = static_cast<const uint8_t*>(x->data);
      const size_t run = static_cast<size_t>(size * inner);
      for (int64_t o = 0; o < outer; ++o)
        memcpy(dst + o * run, src + static_cast<size_t>((o * length + start) * inner), run);
    }
    start += size;
  }
  *bytes = w.size();
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  uint64_t bytes = 0;
  SPUD_RETURN_IF_ERROR(pieces(ctx, nullptr, &bytes));
  set_blob_output(ctx->output(0), bytes);
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  uint64_t bytes = 0;
  return pieces(ctx, ctx->output(0)->data_as<uint8_t>(), &bytes);
}

}  // namespace

extern const KernelDef kSplitToSequenceAll = {"", "SplitToSequence", 11, 21, kAllFixedSizeTypes, 0, sizeof(SplitData), init, prepare, eval};

}  // namespace kernels
}  // namespace spud
