// Multidirectional (numpy) broadcasting for binary element-wise kernels,
// without allocation.
#ifndef SPUD_KERNELS_REFERENCE_BROADCAST_H_
#define SPUD_KERNELS_REFERENCE_BROADCAST_H_

#include "kernel_util.h"

namespace spud {
namespace kernels {

// Per-output-axis element strides of each input (0 where it broadcasts),
// with both inputs aligned to the output's rank.
struct Broadcast {
  int rank = 0;
  int64_t dims[kMaxRank] = {};
  int64_t a_stride[kMaxRank] = {};
  int64_t b_stride[kMaxRank] = {};
};

// Computes the broadcast of a and b; false when the shapes are incompatible.
inline bool make_broadcast(const Tensor& a, const Tensor& b, Broadcast* out) {
  const int rank = a.rank > b.rank ? a.rank : b.rank;
  out->rank = rank;
  int64_t sa = 1, sb = 1;
  for (int i = rank - 1; i >= 0; --i) {
    const int ia = i - (rank - a.rank), ib = i - (rank - b.rank);
    const int64_t da = ia >= 0 ? a.dims[ia] : 1;
    const int64_t db = ib >= 0 ? b.dims[ib] : 1;
    if (da != db && da != 1 && db != 1) return false;
    out->dims[i] = da == 1 ? db : da;
    out->a_stride[i] = da == 1 ? 0 : sa;
    out->b_stride[i] = db == 1 ? 0 : sb;
    sa *= da;
    sb *= db;
  }
  return true;
}

// Checks types and sets the output of a binary element-wise op.
inline Status prepare_binary(KernelContext* ctx, Broadcast* bc, DType out_type) {
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  SPUD_CHECK_OR_RETURN(a != nullptr && b != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "element-wise op needs two inputs and one output");
  SPUD_CHECK_OR_RETURN(a->dtype == b->dtype, kInvalidModel, "element-wise op inputs differ in type");
  SPUD_CHECK_OR_RETURN(make_broadcast(*a, *b, bc), kInvalidModel,
                       "element-wise op input shapes cannot be broadcast together");
  Tensor* y = ctx->output(0);
  y->dtype = out_type;
  SPUD_CHECK_OR_RETURN(set_shape(y, bc->rank, bc->dims), kInvalidModel, "element-wise op output overflows");
  return Status::Ok();
}

// y[i] = op(a[..], b[..]) over the broadcast shape. The innermost axis is a
// plain loop; outer axes are walked with an odometer.
template <typename A, typename B, typename Out, typename Op>
void broadcast_apply(const Broadcast& bc, const A* a, const B* b, Out* y, Op op) {
  if (bc.rank == 0) {
    y[0] = op(a[0], b[0]);
    return;
  }
  const int last = bc.rank - 1;
  const int64_t inner = bc.dims[last];
  const int64_t as = bc.a_stride[last], bs = bc.b_stride[last];
  int64_t outer = 1;
  for (int i = 0; i < last; ++i) outer *= bc.dims[i];
  if (inner == 0) return;
  int64_t idx[kMaxRank] = {};
  int64_t ao = 0, bo = 0;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) y[i] = op(a[ao + i * as], b[bo + i * bs]);
    y += inner;
    for (int ax = last - 1; ax >= 0; --ax) {
      ++idx[ax];
      ao += bc.a_stride[ax];
      bo += bc.b_stride[ax];
      if (idx[ax] < bc.dims[ax]) break;
      ao -= bc.a_stride[ax] * idx[ax];
      bo -= bc.b_stride[ax] * idx[ax];
      idx[ax] = 0;
    }
  }
}

struct BinaryData {
  Broadcast bc;
};

// prepare/eval pair for an arithmetic op whose output has the inputs' type.
template <typename T, typename Op>
Status eval_arith(KernelContext* ctx) {
  const Broadcast& bc = ctx->data<BinaryData>()->bc;
  broadcast_apply(bc, ctx->input(0)->data_as<const T>(), ctx->input(1)->data_as<const T>(),
                  ctx->output(0)->data_as<T>(), Op());
  return Status::Ok();
}

inline Status prepare_arith(KernelContext* ctx) {
  const Tensor* a = ctx->input(0);
  return prepare_binary(ctx, &ctx->data<BinaryData>()->bc, a != nullptr ? a->dtype : DType::kUndefined);
}

// The initializer of an arithmetic KernelDef for element type T (opsets
// 7-14: multidirectional broadcasting). Each kernel file still spells out
// `extern const KernelDef kName = ...;` so the registry generator sees it.
#define SPUD_ARITH_DEF(op_name, T, dtype, Functor)                                        \
  {"", op_name, 7, 14, dtype_bit(DType::dtype), 0, sizeof(BinaryData), nullptr, prepare_arith, \
   eval_arith<T, Functor>}

// Comparisons and logic: inputs of type T, a bool output (stored as bytes).
inline Status prepare_compare(KernelContext* ctx) {
  return prepare_binary(ctx, &ctx->data<BinaryData>()->bc, DType::kBool);
}

template <typename T, typename Op>
Status eval_compare(KernelContext* ctx) {
  const Broadcast& bc = ctx->data<BinaryData>()->bc;
  const Op op{};
  broadcast_apply(bc, ctx->input(0)->data_as<const T>(), ctx->input(1)->data_as<const T>(),
                  ctx->output(0)->data_as<uint8_t>(),
                  [&op](T a, T b) { return static_cast<uint8_t>(op(a, b) ? 1 : 0); });
  return Status::Ok();
}

// Broadcasting over up to kMaxBroadcastInputs inputs (Where, and the
// variadic Min/Max/Sum/Mean).
constexpr int kMaxBroadcastInputs = 8;

struct BroadcastN {
  int rank = 0;
  int count = 0;
  int64_t dims[kMaxRank] = {};
  int64_t strides[kMaxBroadcastInputs][kMaxRank] = {};
};

// False when the shapes do not broadcast, a dimension is negative, or an
// input's element count overflows.
inline bool make_broadcast_n(const Tensor* const* ins, int count, BroadcastN* out) {
  if (count < 1 || count > kMaxBroadcastInputs) return false;
  int rank = 0;
  for (int k = 0; k < count; ++k) rank = ins[k]->rank > rank ? ins[k]->rank : rank;
  out->rank = rank;
  out->count = count;
  for (int i = 0; i < rank; ++i) out->dims[i] = 1;
  for (int k = 0; k < count; ++k) {
    const Tensor* t = ins[k];
    for (int i = 0; i < t->rank; ++i) {
      const int64_t d = t->dims[i];
      int64_t& o = out->dims[rank - t->rank + i];
      if (d < 0 || (d != o && d != 1 && o != 1)) return false;
      if (o == 1) o = d;
    }
  }
  for (int k = 0; k < count; ++k) {
    const Tensor* t = ins[k];
    int64_t s = 1;
    for (int i = rank - 1; i >= 0; --i) {
      const int ti = i - (rank - t->rank);
      const int64_t d = ti >= 0 ? t->dims[ti] : 1;
      out->strides[k][i] = d == 1 ? 0 : s;
      // A shape from a tensor's values (Expand's) is not checked yet: its
      // product may overflow, which no set_shape would accept.
      if (!multiply_fits(&s, d)) return false;
    }
  }
  return true;
}

// Calls f(i, offsets) for every output element i with each input's element
// offset, walking the output in order.
template <typename F>
void for_each_broadcast(const BroadcastN& bc, F f) {
  int64_t n = 1;
  for (int i = 0; i < bc.rank; ++i) n *= bc.dims[i];
  int64_t idx[kMaxRank] = {};
  int64_t off[kMaxBroadcastInputs] = {};
  for (int64_t i = 0; i < n; ++i) {
    f(i, off);
    for (int ax = bc.rank - 1; ax >= 0; --ax) {
      ++idx[ax];
      for (int k = 0; k < bc.count; ++k) off[k] += bc.strides[k][ax];
      if (idx[ax] < bc.dims[ax]) break;
      for (int k = 0; k < bc.count; ++k) off[k] -= bc.strides[k][ax] * idx[ax];
      idx[ax] = 0;
    }
  }
}

#define SPUD_COMPARE_DEF(op_name, since_min, since_max, T, dtype, Functor)                         \
  {"", op_name, since_min, since_max, dtype_bit(DType::dtype), 0, sizeof(BinaryData), nullptr, \
   prepare_compare, eval_compare<T, Functor>}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_BROADCAST_H_
