// Silu (com.spud, since 1): x * sigmoid(x) over float32, 16 lanes at a time
// with its own exp (lanes.h), in pieces for the threads. XNNPACK has no
// such operator; its Sigmoid and Multiply take two passes over memory.
#include "lanes.h"
#include "reference/unary.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

constexpr size_t kPiece = 1 << 14;  // elements per task of the thread pool

struct SiluTask {
  const float* in;
  float* out;
  size_t count;
};

SPUD_LANE_CLONES void silu_piece(void* context, size_t start, size_t len) {
  const SiluTask& t = *static_cast<const SiluTask*>(context);
  const float* in = t.in + start;
  float* out = t.out + start;
  size_t i = 0;
  Lanes v;
  for (; i + kLanes <= len; i += kLanes) {
    load_lanes(v, in + i);
    silu_lanes(v);
    store_lanes(out + i, v);
  }
  if (i < len) {  // the tail, through a full vector
    float buf[kLanes] = {};
    for (size_t k = 0; i + k < len; ++k) buf[k] = in[i + k];
    load_lanes(v, buf);
    silu_lanes(v);
    store_lanes(buf, v);
    for (size_t k = 0; i + k < len; ++k) out[i + k] = buf[k];
  }
}

Status eval(KernelContext* ctx) {
  const Tensor* x = ctx->input(0);
  SiluTask task{x->data_as<const float>(), ctx->output(0)->data_as<float>(), static_cast<size_t>(x->num_elements())};
  pthreadpool_t pool = xnnpack_pool(ctx);
  if (pool == nullptr || task.count <= kPiece) silu_piece(&task, 0, task.count);
  else pthreadpool_parallelize_1d_tile_1d(pool, silu_piece, &task, task.count, kPiece, 0);
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSiluXnnpackFloat32 = {"com.spud", "Silu", 1, 1, dtype_bit(DType::kFloat32), 0, 0,
                                              nullptr, prepare_unary, eval};
#endif

}  // namespace kernels
}  // namespace spud
