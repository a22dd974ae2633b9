// Softmax on Eigen's vectorized exp, for lanes that lie contiguous: every
// opset before 13 (the input seen as 2-D rows), and opset 13 along the last
// axis (or one followed by size-1 axes). Another axis is declined.
#include "eigen_support.h"
#include "reference/softmax_like.h"

namespace spud {
namespace kernels {
namespace {

Status prepare(KernelContext* ctx) {
  SPUD_RETURN_IF_ERROR(prepare_softmax_like(ctx));
  const SoftmaxData* d = ctx->data<SoftmaxData>();
  if (d->inner != 1) return SPUD_ERROR(kDeclined, "Eigen Softmax: along the last axis only");
  return Status::Ok();
}

template <typename T>
Status eval(KernelContext* ctx) {
  const SoftmaxData* d = ctx->data<SoftmaxData>();
  const T* in = ctx->input(0)->data_as<const T>();
  T* out = ctx->output(0)->data_as<T>();
  const int64_t rows = d->extent == 0 ? 0 : d->outer, extent = d->extent;
  size_t tasks = elementwise_tasks(ctx, rows * extent);
  if (static_cast<int64_t>(tasks) > rows) tasks = 1;
  run_tasks(ctx, tasks, [=](size_t t) {
    int64_t begin = 0, end = 0;
    task_range(rows, tasks, t, &begin, &end);
    for (int64_t r = begin; r < end; ++r) {
      EigenConstArray<T> x(in + r * extent, extent);
      EigenArray<T> y(out + r * extent, extent);
      // The lane's maximum is subtracted so exp never overflows.
      y = (x - x.maxCoeff()).exp();
      y *= T(1) / y.sum();
    }
  });
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kSoftmaxEigenFloat32 = {"", "Softmax", 1, 13, dtype_bit(DType::kFloat32), 0,
                                               sizeof(SoftmaxData), init_softmax_like, prepare, eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kSoftmaxEigenFloat64 = {"", "Softmax", 1, 13, dtype_bit(DType::kFloat64), 0,
                                               sizeof(SoftmaxData), init_softmax_like, prepare, eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
