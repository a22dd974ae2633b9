// Shape: the input's dimensions as int64, optionally sliced by start/end
// (opset 15). Usually folded away by the converter.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

struct ShapeData {
  int64_t start, end;
  int64_t first, count;  // resolved in prepare
};

Status init(KernelContext* ctx) {
  ShapeData* d = ctx->data<ShapeData>();
  d->start = ctx->attributes->get_int("start", 0);
  d->end = ctx->attributes->get_int("end", INT64_MAX);
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ShapeData* d = ctx->data<ShapeData>();
  const Tensor* x = ctx->input(0);
  SPUD_CHECK_OR_RETURN(x != nullptr && ctx->num_outputs == 1, kInvalidModel, "Shape: needs X and Y");
  const int64_t r = x->rank;
  int64_t s = d->start < 0 ? d->start + r : d->start;
  int64_t e = d->end < 0 ? d->end + r : d->end;
  s = s < 0 ? 0 : (s > r ? r : s);
  e = e < 0 ? 0 : (e > r ? r : e);
  d->first = s;
  d->count = e > s ? e - s : 0;
  Tensor* y = ctx->output(0);
  y->dtype = DType::kInt64;
  SPUD_CHECK_OR_RETURN(set_shape(y, 1, &d->count), kInvalidModel, "Shape: bad shape");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const ShapeData* d = ctx->data<ShapeData>();
  int64_t* out = ctx->output(0)->data_as<int64_t>();
  for (int64_t i = 0; i < d->count; ++i) out[i] = ctx->input(0)->dims[d->first + i];
  return Status::Ok();
}

}  // namespace

extern const KernelDef kShapeAll = {"", "Shape", 1, 21, kAllFixedSizeTypes, 0, sizeof(ShapeData), init,
                                    prepare, eval};

}  // namespace kernels
}  // namespace spud
