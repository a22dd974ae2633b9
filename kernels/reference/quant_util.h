// Shared pieces of the quantized operators (QuantizeLinear, DequantizeLinear,
// DynamicQuantizeLinear, QLinearMatMul, QLinearConv, MatMulInteger,
// ConvInteger): ONNX's rounding (to nearest, ties to even) and saturation,
// per-tensor or per-axis scale and zero point, and the integer matrix
// product geometry with numpy's broadcasting.
#ifndef SPUD_KERNELS_REFERENCE_QUANT_UTIL_H_
#define SPUD_KERNELS_REFERENCE_QUANT_UTIL_H_

#include <math.h>

#include <limits>

#include "kernel_util.h"

namespace spud {
namespace kernels {

// round-half-to-even of v, saturated to T's range. NaN gives 0.
template <typename T>
T saturate_round(float v) {
  constexpr float lo = static_cast<float>(std::numeric_limits<T>::min());
  constexpr float hi = static_cast<float>(std::numeric_limits<T>::max());
  if (!(v == v)) return T(0);
  const float r = nearbyintf(v);  // the default rounding mode rounds ties to even
  return r <= lo ? std::numeric_limits<T>::min() : r >= hi ? std::numeric_limits<T>::max() : static_cast<T>(r);
}

// Element i of an int8/uint8/int32 zero point (0 when absent).
inline int32_t zero_point_at(const Tensor* zp, int64_t i) {
  if (zp == nullptr) return 0;
  switch (zp->dtype) {
    case DType::kInt8: return zp->data_as<const int8_t>()[i];
    case DType::kUInt8: return zp->data_as<const uint8_t>()[i];
    case DType::kInt32: return zp->data_as<const int32_t>()[i];
    default: return 0;
  }
}

inline bool is_quant_type(DType t) { return t == DType::kInt8 || t == DType::kUInt8; }

// A scale (and zero point) that is per tensor (one value) or, along axis
// `axis` of a tensor of `dims`, one per index: 1-D of dims[axis] values.
// Returns "" when the pair fits, else what is wrong.
inline const char* check_scale_zero_point(const Tensor* scale, const Tensor* zp, int rank, const int64_t* dims, int axis) {
  if (scale->dtype != DType::kFloat32) return "the scale must be float32";
  const bool per_tensor = scale->num_elements() == 1 && scale->rank <= 1;
  if (!per_tensor && !(scale->rank == 1 && axis >= 0 && axis < rank && scale->dims[0] == dims[axis]))
    return "the scale must be a scalar or 1-D with one value per index of the axis";
  if (zp != nullptr && (zp->num_elements() != scale->num_elements() || zp->rank != scale->rank))
    return "the zero point must have the scale's shape";
  return "";
}

// Geometry of a matrix product with numpy semantics (MatMul's): batch axes
// broadcast, 1-D operands promoted to a row (A) or a column (B).
struct QMatMulGeometry {
  int64_t m, k, n, count;
  int batch_rank;
  int64_t batch[kMaxRank];
  int64_t a_stride[kMaxRank], b_stride[kMaxRank];
};

// Fills g and the output shape; "" when the shapes fit, else what is wrong.
inline const char* matmul_geometry(const Tensor& a, const Tensor& b, QMatMulGeometry* g, int* rank, int64_t* dims) {
  if (a.rank < 1 || b.rank < 1) return "the operands must not be scalars";
  g->m = a.rank == 1 ? 1 : a.dims[a.rank - 2];
  g->k = a.dims[a.rank - 1];
  const int64_t kb = b.rank == 1 ? b.dims[0] : b.dims[b.rank - 2];
  g->n = b.rank == 1 ? 1 : b.dims[b.rank - 1];
  if (kb != g->k) return "the inner dimensions differ";
  const int ar = a.rank > 2 ? a.rank - 2 : 0, br = b.rank > 2 ? b.rank - 2 : 0;
  g->batch_rank = ar > br ? ar : br;
  int64_t sa = 1, sb = 1;
  g->count = 1;
  for (int i = g->batch_rank - 1; i >= 0; --i) {
    const int ia = i - (g->batch_rank - ar), ib = i - (g->batch_rank - br);
    const int64_t da = ia >= 0 ? a.dims[ia] : 1, db = ib >= 0 ? b.dims[ib] : 1;
    if (da != db && da != 1 && db != 1) return "the batch dimensions cannot be broadcast";
    g->batch[i] = da == 1 ? db : da;
    g->a_stride[i] = da == 1 ? 0 : sa;
    g->b_stride[i] = db == 1 ? 0 : sb;
    sa *= da;
    sb *= db;
    g->count *= g->batch[i];
  }
  *rank = 0;
  for (int i = 0; i < g->batch_rank; ++i) dims[(*rank)++] = g->batch[i];
  if (a.rank > 1) dims[(*rank)++] = g->m;
  if (b.rank > 1) dims[(*rank)++] = g->n;
  return "";
}

// Calls visit(batch, a_matrix, b_matrix) for each output matrix, with the
// operands' matrix indices under broadcasting.
template <typename Visit>
void for_each_matrix(const QMatMulGeometry& g, Visit visit) {
  int64_t idx[kMaxRank] = {};
  int64_t ao = 0, bo = 0;
  for (int64_t batch = 0; batch < g.count; ++batch) {
    visit(batch, ao, bo);
    for (int ax = g.batch_rank - 1; ax >= 0; --ax) {
      ++idx[ax];
      ao += g.a_stride[ax];
      bo += g.b_stride[ax];
      if (idx[ax] < g.batch[ax]) break;
      ao -= g.a_stride[ax] * idx[ax];
      bo -= g.b_stride[ax] * idx[ax];
      idx[ax] = 0;
    }
  }
}

// A quantization parameter (scale or zero point) that is absent, one value,
// or 1-D with one value per index of an axis of length n (a row or column);
// and the element of it index i reads.
inline bool one_or_per_index(const Tensor* t, int64_t n) {
  return t == nullptr || t->num_elements() == 1 || (t->rank == 1 && t->dims[0] == n);
}
inline int64_t param_index(const Tensor* t, int64_t i) { return t != nullptr && t->num_elements() > 1 ? i : 0; }

// ONNX Runtime's contrib operators (com.microsoft) take per-tensor
// quantization parameters: a float32 scale of one element, and a zero point
// of the quantized type (absent: 0).
inline bool one_scale(const Tensor* s) { return s != nullptr && s->dtype == DType::kFloat32 && s->num_elements() == 1; }
inline bool one_zero_point(const Tensor* z, DType t) { return z == nullptr || (z->dtype == t && z->num_elements() == 1); }
inline float scale_of(const Tensor* s) { return s->data_as<const float>()[0]; }

// DynamicQuantizeLinear's uint8 quantization of n floats: the scale and zero
// point from their range widened to hold 0 (all zero: scale 0, zero point
// 0), and the quantized values into q.
inline void dynamic_quantize_u8(const float* x, int64_t n, uint8_t* q, float* scale, uint8_t* zero_point) {
  float lo = 0, hi = 0;
  for (int64_t i = 0; i < n; ++i) {
    lo = x[i] < lo ? x[i] : lo;
    hi = x[i] > hi ? x[i] : hi;
  }
  const float s = (hi - lo) / 255.f;
  const uint8_t zp = s == 0.f ? 0 : saturate_round<uint8_t>(-lo / s);
  for (int64_t i = 0; i < n; ++i) q[i] = s == 0.f ? zp : saturate_round<uint8_t>(nearbyintf(x[i] / s) + static_cast<float>(zp));
  *scale = s;
  *zero_point = zp;
}

// Element i of an int8 or uint8 tensor's data.
inline int32_t q_at(const void* data, DType t, int64_t i) {
  return t == DType::kInt8 ? static_cast<const int8_t*>(data)[i] : static_cast<const uint8_t*>(data)[i];
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_QUANT_UTIL_H_
