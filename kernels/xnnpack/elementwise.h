// The shared body of XNNPACK's element-wise kernels: unary ones over the
// tensor as one contiguous row, binary ones with numpy broadcasting (up to
// XNN_MAX_TENSOR_DIMS axes), cut into pieces for the threads when both
// inputs have one shape. Each kernels/xnnpack/<op>.cc names its create
// and setup functions and spells out its own KernelDef.
#ifndef SPUD_KERNELS_XNNPACK_ELEMENTWISE_H_
#define SPUD_KERNELS_XNNPACK_ELEMENTWISE_H_

#include "reference/broadcast.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {

using XnnUnarySetup = enum xnn_status (*)(xnn_operator_t, size_t, const float*, float*, pthreadpool_t);
using XnnBinarySetup = enum xnn_status (*)(xnn_operator_t, size_t, const size_t*, size_t, const size_t*,
                                           const float*, const float*, float*, pthreadpool_t);

template <XnnUnarySetup Setup>
Status setup_unary(KernelContext* ctx) {
  XnnpackOperator* d = xnnpack_operator(ctx);
  // channels = 1 and batch = the element count: XNNPACK then runs it as one
  // contiguous row, split between threads.
  SPUD_RETURN_IF_ERROR(xnnpack_status(Setup(d->op, static_cast<size_t>(ctx->input(0)->num_elements()),
                                            ctx->input(0)->data_as<const float>(),
                                            ctx->output(0)->data_as<float>(), xnnpack_pool(ctx))));
  remember_pointers(ctx);
  return Status::Ok();
}

// Binary kernels keep one operator, or, for tensors of one shape with a
// thread pool, one per contiguous piece: this XNNPACK runs a same-shape
// operation (which it flattens to one row) on one thread, so the kernel
// hands the pieces to the pool itself.
constexpr int kMaxPieces = 8;
constexpr int64_t kPieceFrom = 1 << 15;  // elements: below this one thread is enough

struct XnnpackBinaryData {
  xnn_operator_t piece[kMaxPieces];
  int pieces;
  int64_t piece_len;  // elements per piece; the last may have fewer
  const void* a;
  const void* b;
  void* out;
};

template <XnnBinarySetup Setup>
Status setup_binary(KernelContext* ctx) {
  XnnpackBinaryData* d = ctx->data<XnnpackBinaryData>();
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  float* out = ctx->output(0)->data_as<float>();
  if (d->pieces == 1) {
    size_t sa[XNN_MAX_TENSOR_DIMS], sb[XNN_MAX_TENSOR_DIMS];
    for (int i = 0; i < a->rank; ++i) sa[i] = static_cast<size_t>(a->dims[i]);
    for (int i = 0; i < b->rank; ++i) sb[i] = static_cast<size_t>(b->dims[i]);
    SPUD_RETURN_IF_ERROR(xnnpack_status(Setup(d->piece[0], static_cast<size_t>(a->rank), sa,
                                              static_cast<size_t>(b->rank), sb, a->data_as<const float>(),
                                              b->data_as<const float>(), out, xnnpack_pool(ctx))));
  } else {
    const int64_t n = a->num_elements();
    for (int i = 0; i < d->pieces; ++i) {
      const int64_t first = i * d->piece_len;
      const size_t len = static_cast<size_t>(first + d->piece_len <= n ? d->piece_len : n - first);
      SPUD_RETURN_IF_ERROR(xnnpack_status(Setup(d->piece[i], 1, &len, 1, &len, a->data_as<const float>() + first,
                                                b->data_as<const float>() + first, out + first, nullptr)));
    }
  }
  d->a = a->data;
  d->b = b->data;
  d->out = out;
  return Status::Ok();
}

inline void run_piece(void* data, size_t i) {
  (void)xnn_run_operator(static_cast<XnnpackBinaryData*>(data)->piece[i], nullptr);
}

template <XnnBinarySetup Setup>
Status eval_binary_xnn(KernelContext* ctx) {
  XnnpackBinaryData* d = ctx->data<XnnpackBinaryData>();
  if (d->a != ctx->input(0)->data || d->b != ctx->input(1)->data || d->out != ctx->output(0)->data)
    SPUD_RETURN_IF_ERROR(setup_binary<Setup>(ctx));
  if (d->pieces == 1) return xnnpack_status(xnn_run_operator(d->piece[0], xnnpack_pool(ctx)));
  pthreadpool_parallelize_1d(xnnpack_pool(ctx), run_piece, d, static_cast<size_t>(d->pieces), 0);
  return Status::Ok();
}

inline Status release_binary_xnn(KernelContext* ctx) {
  XnnpackBinaryData* d = ctx->data<XnnpackBinaryData>();
  for (int i = 0; i < kMaxPieces; ++i) xnnpack_delete(&d->piece[i]);
  return Status::Ok();
}

// prepare of a float32 unary kernel: Y has X's shape; `create` makes the
// operator for a contiguous row.
template <enum xnn_status (*Create)(xnn_operator_t*), XnnUnarySetup Setup>
Status prepare_unary_xnn(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "element-wise op needs X and Y");
  copy_type_and_shape(*x, ctx->output(0));
  if (!xnnpack_available() || x->dtype != DType::kFloat32 || x->num_elements() == 0)
    return SPUD_ERROR(kDeclined, "XNNPACK: float32 with elements only");
  XnnpackOperator* d = xnnpack_operator(ctx);
  xnnpack_delete(&d->op);
  PersistentBytes held(ctx);
  SPUD_RETURN_IF_ERROR(xnnpack_status(Create(&d->op)));
  return setup_when_bound<setup_unary<Setup>>(ctx);
}

// prepare of a float32 binary kernel with broadcasting.
template <enum xnn_status (*Create)(float, float, uint32_t, xnn_operator_t*), XnnBinarySetup Setup>
Status prepare_binary_xnn(KernelContext* ctx) {
  Broadcast bc;
  SPUD_RETURN_IF_ERROR(prepare_binary(ctx, &bc, ctx->input(0) != nullptr ? ctx->input(0)->dtype : DType::kUndefined));
  const Tensor* a = ctx->input(0);
  const Tensor* b = ctx->input(1);
  if (!xnnpack_available() || a->dtype != DType::kFloat32 || a->rank > XNN_MAX_TENSOR_DIMS ||
      b->rank > XNN_MAX_TENSOR_DIMS || ctx->output(0)->num_elements() == 0)
    return SPUD_ERROR(kDeclined, "XNNPACK: float32 up to 6-D only");
  XnnpackBinaryData* d = ctx->data<XnnpackBinaryData>();
  (void)release_binary_xnn(ctx);
  const int64_t n = a->num_elements();
  const size_t threads = ctx->thread_pool != nullptr ? pthreadpool_get_threads_count(xnnpack_pool(ctx)) : 1;
  d->pieces = 1;
  if (threads > 1 && same_shape(*a, *b) && n >= kPieceFrom) {
    d->pieces = threads < static_cast<size_t>(kMaxPieces) ? static_cast<int>(threads) : kMaxPieces;
    d->piece_len = (n + d->pieces - 1) / d->pieces;
  }
  PersistentBytes held(ctx);
  for (int i = 0; i < d->pieces; ++i) {
    const Status st = xnnpack_status(Create(-__builtin_inff(), __builtin_inff(), 0, &d->piece[i]));
    if (!st.ok()) {
      (void)release_binary_xnn(ctx);
      return st;
    }
  }
  if (a->data == nullptr || b->data == nullptr || ctx->output(0)->data == nullptr) return Status::Ok();
  const Status st = setup_binary<Setup>(ctx);
  if (!st.ok()) (void)release_binary_xnn(ctx);
  return st;
}

// KernelDef initializers; the registry generator reads the operator from the
// first literal.
#define SPUD_XNNPACK_UNARY_DEF(op_name, since_min, since_max, create, setup)                                 \
  {"", op_name, since_min, since_max, dtype_bit(DType::kFloat32), 0, sizeof(XnnpackOperator), nullptr,       \
   prepare_unary_xnn<create, setup>, run_operator<setup_unary<setup>>, release_operator}
#define SPUD_XNNPACK_BINARY_DEF(op_name, since_min, since_max, create, setup)                                \
  {"", op_name, since_min, since_max, dtype_bit(DType::kFloat32), 0, sizeof(XnnpackBinaryData), nullptr,     \
   prepare_binary_xnn<create, setup>, eval_binary_xnn<setup>, release_binary_xnn}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_XNNPACK_ELEMENTWISE_H_
