// NonMaxSuppression (opsets 10, 11): per batch and class, greedily keeps the
// highest-scoring boxes (score > score_threshold, ties: the lower index),
// dropping every box whose IoU with a kept one exceeds iou_threshold, up to
// max_output_boxes_per_class. Output [count, 3] int64 (batch, class, box).
// The count depends on the values, so prepare runs the selection (in the
// scratch the session offers it, kernel.h) and eval runs it again to write.
#include <math.h>

#include "kernel_util.h"
#include "sort_util.h"

namespace spud {
namespace kernels {
namespace {

struct NmsData {
  bool center_point_box;
  int64_t batches, classes, boxes, max_per_class;
  float iou_threshold, score_threshold;
  bool has_score_threshold;
};

Status init(KernelContext* ctx) {
  NmsData* d = ctx->data<NmsData>();
  const int64_t c = ctx->attributes->get_int("center_point_box", 0);
  SPUD_CHECK_OR_RETURN(c == 0 || c == 1, kInvalidModel, "NonMaxSuppression: center_point_box must be 0 or 1");
  d->center_point_box = c == 1;
  return Status::Ok();
}

// Corners (y1, x1, y2, x2) with y1 <= y2, x1 <= x2.
void corners(const float* b, bool center, float* out) {
  if (center) {
    out[0] = b[1] - b[3] / 2;
    out[1] = b[0] - b[2] / 2;
    out[2] = b[1] + b[3] / 2;
    out[3] = b[0] + b[2] / 2;
    return;
  }
  out[0] = fminf(b[0], b[2]);
  out[1] = fminf(b[1], b[3]);
  out[2] = fmaxf(b[0], b[2]);
  out[3] = fmaxf(b[1], b[3]);
}

bool suppresses(const float* a, const float* b, bool center, float threshold) {
  float p[4], q[4];
  corners(a, center, p);
  corners(b, center, q);
  const float area_p = (p[2] - p[0]) * (p[3] - p[1]), area_q = (q[2] - q[0]) * (q[3] - q[1]);
  if (area_p <= 0 || area_q <= 0) return false;
  const float ih = fminf(p[2], q[2]) - fmaxf(p[0], q[0]), iw = fminf(p[3], q[3]) - fmaxf(p[1], q[1]);
  if (ih <= 0 || iw <= 0) return false;
  const float inter = ih * iw;
  return inter / (area_p + area_q - inter) > threshold;
}

// Runs the selection; writes the triples to `out` when not null. Returns
// the count. `order` and `kept` hold `boxes` entries each.
int64_t select(const NmsData* d, const float* boxes, const float* scores, int64_t* order, int64_t* kept, int64_t* out) {
  int64_t total = 0;
  for (int64_t b = 0; b < d->batches; ++b) {
    const float* bb = boxes + b * d->boxes * 4;
    for (int64_t c = 0; c < d->classes; ++c) {
      const float* s = scores + (b * d->classes + c) * d->boxes;
      int64_t n = 0;
      for (int64_t i = 0; i < d->boxes; ++i)
        if (!d->has_score_threshold || s[i] > d->score_threshold) order[n++] = i;
      // Best first: higher score, then lower index.
      heap_sort(order, n, [s](int64_t x, int64_t y) { return s[x] < s[y] || (s[x] == s[y] && x > y); });
      int64_t nk = 0;
      for (int64_t r = n - 1; r >= 0 && nk < d->max_per_class; --r) {
        const int64_t i = order[r];
        bool keep = true;
        for (int64_t k = 0; k < nk && keep; ++k) keep = !suppresses(bb + kept[k] * 4, bb + i * 4, d->center_point_box, d->iou_threshold);
        if (!keep) continue;
        kept[nk++] = i;
        if (out != nullptr) {
          out[total * 3] = b;
          out[total * 3 + 1] = c;
          out[total * 3 + 2] = i;
        }
        ++total;
      }
    }
  }
  return total;
}

Status prepare(KernelContext* ctx) {
  NmsData* d = ctx->data<NmsData>();
  const Tensor* boxes = ctx->input(0);
  const Tensor* scores = ctx->input(1);
  const Tensor* max_out = ctx->input(2);
  const Tensor* iou = ctx->input(3);
  const Tensor* score_thr = ctx->input(4);
  SPUD_CHECK_OR_RETURN(boxes != nullptr && scores != nullptr && ctx->num_outputs == 1, kInvalidModel,
                       "NonMaxSuppression: needs boxes, scores and one output");
  SPUD_CHECK_OR_RETURN(boxes->dtype == DType::kFloat32 && scores->dtype == DType::kFloat32, kInvalidModel,
                       "NonMaxSuppression: boxes and scores must be float32");
  SPUD_CHECK_OR_RETURN(boxes->rank == 3 && boxes->dims[2] == 4, kInvalidModel,
                       "NonMaxSuppression: boxes must be [num_batches, spatial_dimension, 4]");
  SPUD_CHECK_OR_RETURN(scores->rank == 3 && scores->dims[0] == boxes->dims[0] && scores->dims[2] == boxes->dims[1],
                       kInvalidModel, "NonMaxSuppression: scores must be [num_batches, num_classes, spatial_dimension] of boxes' batches and boxes");
  SPUD_CHECK_OR_RETURN(max_out == nullptr || (max_out->dtype == DType::kInt64 && max_out->num_elements() == 1), kInvalidModel,
                       "NonMaxSuppression: max_output_boxes_per_class must be one int64");
  SPUD_CHECK_OR_RETURN(iou == nullptr || (iou->dtype == DType::kFloat32 && iou->num_elements() == 1), kInvalidModel,
                       "NonMaxSuppression: iou_threshold must be one float32");
  SPUD_CHECK_OR_RETURN(score_thr == nullptr || (score_thr->dtype == DType::kFloat32 && score_thr->num_elements() == 1),
                       kInvalidModel, "NonMaxSuppression: score_threshold must be one float32");
  d->batches = boxes->dims[0];
  d->boxes = boxes->dims[1];
  d->classes = scores->dims[1];
  const bool known = boxes->data != nullptr && scores->data != nullptr && (max_out == nullptr || max_out->data != nullptr) &&
                     (iou == nullptr || iou->data != nullptr) && (score_thr == nullptr || score_thr->data != nullptr);
  SPUD_CHECK_OR_RETURN(known, kDataDependent, "NonMaxSuppression: the selection depends on the values");
  d->max_per_class = max_out != nullptr ? *max_out->data_as<const int64_t>() : 0;
  if (d->max_per_class < 0) d->max_per_class = 0;
  d->iou_threshold = iou != nullptr ? *iou->data_as<const float>() : 0.f;
  SPUD_CHECK_OR_RETURN(d->iou_threshold >= 0.f && d->iou_threshold <= 1.f, kInvalidArgument,
                       "NonMaxSuppression: iou_threshold must be in [0, 1]");
  d->has_score_threshold = score_thr != nullptr;
  d->score_threshold = score_thr != nullptr ? *score_thr->data_as<const float>() : 0.f;
  ctx->scratch_size = static_cast<size_t>(d->boxes) * 2 * sizeof(int64_t);
  SPUD_CHECK_OR_RETURN(ctx->scratch_size <= ctx->scratch_capacity, kDataDependent,
                       "NonMaxSuppression: needs scratch to select the boxes");
  int64_t* order = static_cast<int64_t*>(ctx->scratch);
  const int64_t count = select(d, boxes->data_as<const float>(), scores->data_as<const float>(), order, order + d->boxes, nullptr);
  Tensor* y = ctx->output(0);
  y->dtype = DType::kInt64;
  const int64_t dims[2] = {count, 3};
  SPUD_CHECK_OR_RETURN(set_shape(y, 2, dims), kInvalidModel, "NonMaxSuppression: bad output shape");
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  const NmsData* d = ctx->data<NmsData>();
  int64_t* order = static_cast<int64_t*>(ctx->scratch);
  (void)select(d, ctx->input(0)->data_as<const float>(), ctx->input(1)->data_as<const float>(), order, order + d->boxes,
               ctx->output(0)->data_as<int64_t>());
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kNonMaxSuppressionFloat32 = {"", "NonMaxSuppression", 10, 11, dtype_bit(DType::kFloat32), 0, sizeof(NmsData), init, prepare, eval};
#endif

}  // namespace kernels
}  // namespace spud
