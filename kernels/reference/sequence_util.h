// Sequence and optional values as the kernels see them: a uint8 tensor of
// rank 1 holding a blob (spud/sequence.h). read_sequence checks a blob
// entirely before anything reads an element; BlobWriter lays one out,
// first counting its size (prepare), then writing it (eval).
#ifndef SPUD_KERNELS_REFERENCE_SEQUENCE_UTIL_H_
#define SPUD_KERNELS_REFERENCE_SEQUENCE_UTIL_H_

#include <string.h>

#include "kernel_util.h"
#include "spud/sequence.h"

namespace spud {
namespace kernels {

struct SeqView {
  const uint8_t* base = nullptr;
  uint64_t size = 0;
  uint32_t count = 0;
  int32_t elem_dtype = 0;
  const spud_sequence_entry* entries = nullptr;
};

constexpr uint64_t kSeqHeaderBytes = sizeof(spud_sequence_header);
constexpr uint64_t kSeqEntryBytes = sizeof(spud_sequence_entry);

inline uint64_t seq_align(uint64_t v) { return (v + SPUD_SEQUENCE_ALIGN - 1) & ~uint64_t{SPUD_SEQUENCE_ALIGN - 1}; }

// Checks that `t` holds a well-formed blob: kDataDependent while its bytes
// are not known yet (shape analysis), kInvalidArgument naming what is wrong.
inline Status read_sequence(const Tensor* t, SeqView* v) {
  SPUD_CHECK_OR_RETURN(t != nullptr, kInvalidModel, "the sequence or optional input is missing");
  SPUD_CHECK_OR_RETURN(t->dtype == DType::kUInt8 && t->rank == 1, kInvalidModel,
                       "a sequence or optional value must be a uint8 blob of rank 1");
  SPUD_CHECK_OR_RETURN(t->data != nullptr, kDataDependent, "the sequence's contents are not known yet");
  SPUD_CHECK_OR_RETURN(reinterpret_cast<uintptr_t>(t->data) % 8 == 0, kInvalidArgument,
                       "a sequence blob must start at an 8-byte-aligned address");
  const uint64_t size = static_cast<uint64_t>(t->dims[0]);
  SPUD_CHECK_OR_RETURN(size >= kSeqHeaderBytes, kInvalidArgument, "a sequence blob is shorter than its header");
  const auto* h = static_cast<const spud_sequence_header*>(t->data);
  SPUD_CHECK_OR_RETURN(h->magic == SPUD_SEQUENCE_MAGIC, kInvalidArgument, "a sequence blob has a bad magic number");
  SPUD_CHECK_OR_RETURN(h->count <= (size - kSeqHeaderBytes) / kSeqEntryBytes, kInvalidArgument,
                       "a sequence blob's entries do not fit in it");
  v->base = static_cast<const uint8_t*>(t->data);
  v->size = size;
  v->count = h->count;
  v->elem_dtype = h->elem_dtype;
  v->entries = reinterpret_cast<const spud_sequence_entry*>(v->base + kSeqHeaderBytes);
  const uint64_t data_start = kSeqHeaderBytes + kSeqEntryBytes * h->count;
  for (uint32_t k = 0; k < h->count; ++k) {
    const spud_sequence_entry& e = v->entries[k];
    Tensor probe;
    probe.dtype = static_cast<DType>(e.dtype);
    SPUD_CHECK_OR_RETURN(e.dtype > 0 && e.dtype < 32 && dtype_size(probe.dtype) > 0, kInvalidArgument,
                         "a sequence element has a type the runtime cannot hold");
    SPUD_CHECK_OR_RETURN(e.rank >= 0 && e.rank <= kMaxRank && set_shape(&probe, e.rank, e.dims), kInvalidArgument,
                         "a sequence element has an invalid shape");
    SPUD_CHECK_OR_RETURN(e.bytes == probe.size_bytes() && e.offset % SPUD_SEQUENCE_ALIGN == 0 && e.offset >= data_start &&
                             e.offset <= size && e.bytes <= size - e.offset,
                         kInvalidArgument, "a sequence element's data lies outside the blob or has the wrong size");
  }
  return Status::Ok();
}

// Element k as a read-only tensor view.
inline Tensor seq_element(const SeqView& v, uint32_t k) {
  const spud_sequence_entry& e = v.entries[k];
  Tensor t;
  t.dtype = static_cast<DType>(e.dtype);
  t.rank = e.rank;
  for (int d = 0; d < e.rank; ++d) t.dims[d] = e.dims[d];
  t.data = const_cast<uint8_t*>(v.base + e.offset);
  t.capacity = static_cast<size_t>(e.bytes);
  return t;
}

// The prepare and eval of an operator whose output is one element of a
// sequence or optional (SequenceAt, OptionalGetElement): Element finds it.
template <Status (*Element)(KernelContext*, Tensor*)>
Status prepare_element_output(KernelContext* ctx) {
  Tensor e;
  SPUD_RETURN_IF_ERROR(Element(ctx, &e));
  copy_type_and_shape(e, ctx->output(0));
  return Status::Ok();
}

template <Status (*Element)(KernelContext*, Tensor*)>
Status copy_element_output(KernelContext* ctx) {
  Tensor e;
  SPUD_RETURN_IF_ERROR(Element(ctx, &e));
  if (e.size_bytes() > 0) memcpy(ctx->output(0)->data, e.data, e.size_bytes());
  return Status::Ok();
}

// A sequence position (int32 or int64 scalar) normalized against `count`
// (`extra` 1 when the position one past the end is allowed: Insert).
inline Status seq_position(const Tensor* p, uint32_t count, uint32_t extra, uint32_t fallback, uint32_t* out) {
  if (p == nullptr) {
    *out = fallback;
    return Status::Ok();
  }
  SPUD_CHECK_OR_RETURN(p->dtype == DType::kInt64 || p->dtype == DType::kInt32, kInvalidModel,
                       "the position must be int32 or int64");
  SPUD_CHECK_OR_RETURN(p->num_elements() == 1, kInvalidModel, "the position must be a scalar");
  SPUD_CHECK_OR_RETURN(p->data != nullptr, kDataDependent, "the position is not known yet");
  const int64_t pos = p->dtype == DType::kInt64 ? *p->data_as<int64_t>() : *p->data_as<int32_t>();
  const int64_t n = count;
  SPUD_CHECK_OR_RETURN(pos >= -n && pos < n + extra, kInvalidArgument,
                       "the position is out of range for the sequence's length");
  *out = static_cast<uint32_t>(pos < 0 ? pos + n : pos);
  return Status::Ok();
}

// Lays out a blob of `count` entries: construct it with out == nullptr to
// count bytes (size()), or with the output's memory to write. add() is
// called once per entry, in order.
class BlobWriter {
 public:
  BlobWriter(uint8_t* out, uint32_t count, int32_t elem_dtype)
      : out_(out), at_(seq_align(kSeqHeaderBytes + kSeqEntryBytes * count)) {
    if (out_ == nullptr) return;
    spud_sequence_header h{SPUD_SEQUENCE_MAGIC, count, elem_dtype, 0};
    memcpy(out_, &h, sizeof(h));
    memset(out_ + kSeqHeaderBytes, 0, static_cast<size_t>(at_ - kSeqHeaderBytes));
  }
  // The entry's data is written by the caller at data(k) when src is null.
  void add(DType dtype, int rank, const int64_t* dims, const void* src) {
    Tensor probe;
    probe.dtype = dtype;
    probe.rank = rank;
    for (int d = 0; d < rank; ++d) probe.dims[d] = dims[d];
    const uint64_t bytes = probe.size_bytes();
    if (out_ != nullptr) {
      spud_sequence_entry e;
      memset(&e, 0, sizeof(e));
      e.dtype = static_cast<int32_t>(dtype);
      e.rank = rank;
      for (int d = 0; d < rank; ++d) e.dims[d] = dims[d];
      e.offset = at_;
      e.bytes = bytes;
      memcpy(out_ + kSeqHeaderBytes + kSeqEntryBytes * next_, &e, sizeof(e));
      if (src != nullptr && bytes > 0) memcpy(out_ + at_, src, static_cast<size_t>(bytes));
    }
    ++next_;
    at_ = seq_align(at_ + bytes);
  }
  void add(const Tensor& t) { add(t.dtype, t.rank, t.dims, t.data); }
  uint8_t* data(uint32_t k) const {
    spud_sequence_entry e;
    memcpy(&e, out_ + kSeqHeaderBytes + kSeqEntryBytes * k, sizeof(e));
    return out_ + e.offset;
  }
  uint64_t size() const { return at_; }

 private:
  uint8_t* out_;
  uint32_t next_ = 0;
  uint64_t at_;
};

// Sets a blob output's type and shape: uint8, [bytes].
inline void set_blob_output(Tensor* y, uint64_t bytes) {
  y->dtype = DType::kUInt8;
  y->rank = 1;
  y->dims[0] = static_cast<int64_t>(bytes);
}

constexpr uint32_t kSequenceBlobTypes = dtype_bit(DType::kUInt8);
// Kernels whose first input selects nothing (SequenceEmpty): the registry
// matches them without looking at input types.
constexpr uint32_t kNoTypedInput = 0;

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_SEQUENCE_UTIL_H_
