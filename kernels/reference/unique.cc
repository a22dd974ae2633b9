// Unique (opset 11): the distinct elements of X (flattened), or its distinct
// slices along `axis`, ascending (sorted = 1, slices compared element by
// element in row-major order) or in order of first occurrence (sorted = 0),
// with their first indices, each item's index into them (inverse_indices)
// and their counts. The count depends on the values: prepare sorts and
// groups the items in the scratch the session offers it (kernel.h), and
// eval writes the outputs from there.
#include "kernel_util.h"
#include "sort_util.h"

namespace spud {
namespace kernels {
namespace {

struct UniqueData {
  bool has_axis, sorted;
  int64_t axis_attr;
  int64_t outer, items, inner, groups;
};

// The scratch: six arrays of `items` int64 values.
struct Plan {
  int64_t* order;    // items sorted by (value, index)
  int64_t* group;    // item -> group, groups in ascending value order
  int64_t* first;    // group -> its first item
  int64_t* count;    // group -> its number of items
  int64_t* slot;     // output position -> group
  int64_t* place;    // group -> output position
};

Plan plan_in(void* scratch, int64_t items) {
  int64_t* p = static_cast<int64_t*>(scratch);
  return {p, p + items, p + 2 * items, p + 3 * items, p + 4 * items, p + 5 * items};
}

Status init(KernelContext* ctx) {
  UniqueData* d = ctx->data<UniqueData>();
  d->has_axis = ctx->attributes->has("axis");
  d->axis_attr = ctx->attributes->get_int("axis", 0);
  const int64_t sorted = ctx->attributes->get_int("sorted", 1);
  SPUD_CHECK_OR_RETURN(sorted == 0 || sorted == 1, kInvalidModel, "Unique: sorted must be 0 or 1");
  d->sorted = sorted == 1;
  return Status::Ok();
}

// -1, 0, 1 as item a's slice is below, equal to or above item b's.
template <typename T>
int compare_items(const UniqueData* d, const T* x, int64_t a, int64_t b) {
  for (int64_t o = 0; o < d->outer; ++o) {
    const T* base = x + o * d->items * d->inner;
    for (int64_t i = 0; i < d->inner; ++i) {
      const T va = base[a * d->inner + i], vb = base[b * d->inner + i];
      if (va < vb) return -1;
      if (vb < va) return 1;
    }
  }
  return 0;
}

template <typename T>
int64_t group_items(const UniqueData* d, const T* x, const Plan& p) {
  for (int64_t i = 0; i < d->items; ++i) p.order[i] = i;
  heap_sort(p.order, d->items, [d, x](int64_t a, int64_t b) {
    const int c = compare_items(d, x, a, b);
    return c < 0 || (c == 0 && a < b);
  });
  int64_t groups = 0;
  for (int64_t r = 0; r < d->items; ++r) {
    const int64_t item = p.order[r];
    if (r == 0 || compare_items(d, x, p.order[r - 1], item) != 0) {
      p.first[groups] = item;  // the lowest index of its group: ties sort by index
      p.count[groups] = 0;
      ++groups;
    }
    p.group[item] = groups - 1;
    ++p.count[groups - 1];
  }
  for (int64_t g = 0; g < groups; ++g) p.slot[g] = g;
  if (!d->sorted) heap_sort(p.slot, groups, [&p](int64_t a, int64_t b) { return p.first[a] < p.first[b]; });
  for (int64_t k = 0; k < groups; ++k) p.place[p.slot[k]] = k;
  return groups;
}

template <typename T>
Status prepare(KernelContext* ctx) {
  UniqueData* d = ctx->data<UniqueData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs >= 1 && ctx->num_outputs <= 4, kInvalidModel,
                       "Unique: needs X and one to four outputs");
  int axis = 0;
  if (d->has_axis) {
    SPUD_CHECK_OR_RETURN(normalize_axis(d->axis_attr, x->rank, &axis), kInvalidModel, "Unique: axis is out of range for X's rank");
    d->outer = d->inner = 1;
    for (int i = 0; i < axis; ++i) d->outer *= x->dims[i];
    for (int i = axis + 1; i < x->rank; ++i) d->inner *= x->dims[i];
    d->items = x->dims[axis];
  } else {
    d->outer = d->inner = 1;
    d->items = x->num_elements();
  }
  SPUD_CHECK_OR_RETURN(x->data != nullptr, kDataDependent, "Unique: the count depends on the values");
  ctx->scratch_size = static_cast<size_t>(d->items) * 6 * sizeof(int64_t);
  SPUD_CHECK_OR_RETURN(ctx->scratch_size <= ctx->scratch_capacity, kDataDependent, "Unique: needs scratch to sort the values");
  d->groups = group_items(d, x->data_as<const T>(), plan_in(ctx->scratch, d->items));
  if (Tensor* y = ctx->output(0)) {
    copy_type_and_shape(*x, y);
    if (d->has_axis) {
      y->dims[axis] = d->groups;
    } else {
      y->rank = 1;
      y->dims[0] = d->groups;
    }
    SPUD_CHECK_OR_RETURN(set_shape(y, y->rank, y->dims), kInvalidModel, "Unique: bad output shape");
  }
  for (int k = 1; k < ctx->num_outputs; ++k) {
    Tensor* t = ctx->output(k);
    if (t == nullptr) continue;
    t->dtype = DType::kInt64;
    const int64_t n = k == 2 ? d->items : d->groups;
    SPUD_CHECK_OR_RETURN(set_shape(t, 1, &n), kInvalidModel, "Unique: bad output shape");
  }
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const UniqueData* d = ctx->data<UniqueData>();
  const T* x = ctx->input(0)->data_as<const T>();
  const Plan p = plan_in(ctx->scratch, d->items);
  if (Tensor* y = ctx->output(0)) {
    T* out = y->data_as<T>();
    for (int64_t o = 0; o < d->outer; ++o)
      for (int64_t k = 0; k < d->groups; ++k) {
        const T* src = x + (o * d->items + p.first[p.slot[k]]) * d->inner;
        T* dst = out + (o * d->groups + k) * d->inner;
        for (int64_t i = 0; i < d->inner; ++i) dst[i] = src[i];
      }
  }
  if (Tensor* t = ctx->output(1))
    for (int64_t k = 0; k < d->groups; ++k) t->data_as<int64_t>()[k] = p.first[p.slot[k]];
  if (Tensor* t = ctx->output(2))
    for (int64_t i = 0; i < d->items; ++i) t->data_as<int64_t>()[i] = p.place[p.group[i]];
  if (Tensor* t = ctx->output(3))
    for (int64_t k = 0; k < d->groups; ++k) t->data_as<int64_t>()[k] = p.count[p.slot[k]];
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kUniqueFloat32 = {"", "Unique", 11, 11, dtype_bit(DType::kFloat32), 0, sizeof(UniqueData), init, prepare<float>, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kUniqueFloat64 = {"", "Unique", 11, 11, dtype_bit(DType::kFloat64), 0, sizeof(UniqueData), init, prepare<double>, eval<double>};
#endif
#if SPUD_TYPE_ENABLED(kInt8)
extern const KernelDef kUniqueInt8 = {"", "Unique", 11, 11, dtype_bit(DType::kInt8), 0, sizeof(UniqueData), init, prepare<int8_t>, eval<int8_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kUniqueUInt8 = {"", "Unique", 11, 11, dtype_bit(DType::kUInt8), 0, sizeof(UniqueData), init, prepare<uint8_t>, eval<uint8_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt16)
extern const KernelDef kUniqueInt16 = {"", "Unique", 11, 11, dtype_bit(DType::kInt16), 0, sizeof(UniqueData), init, prepare<int16_t>, eval<int16_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kUniqueUInt16 = {"", "Unique", 11, 11, dtype_bit(DType::kUInt16), 0, sizeof(UniqueData), init, prepare<uint16_t>, eval<uint16_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt32)
extern const KernelDef kUniqueInt32 = {"", "Unique", 11, 11, dtype_bit(DType::kInt32), 0, sizeof(UniqueData), init, prepare<int32_t>, eval<int32_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kUniqueUInt32 = {"", "Unique", 11, 11, dtype_bit(DType::kUInt32), 0, sizeof(UniqueData), init, prepare<uint32_t>, eval<uint32_t>};
#endif
#if SPUD_TYPE_ENABLED(kInt64)
extern const KernelDef kUniqueInt64 = {"", "Unique", 11, 11, dtype_bit(DType::kInt64), 0, sizeof(UniqueData), init, prepare<int64_t>, eval<int64_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kUniqueUInt64 = {"", "Unique", 11, 11, dtype_bit(DType::kUInt64), 0, sizeof(UniqueData), init, prepare<uint64_t>, eval<uint64_t>};
#endif
#if SPUD_TYPE_ENABLED(kBool)
extern const KernelDef kUniqueBool = {"", "Unique", 11, 11, dtype_bit(DType::kBool), 0, sizeof(UniqueData), init, prepare<bool>, eval<bool>};
#endif

}  // namespace kernels
}  // namespace spud
