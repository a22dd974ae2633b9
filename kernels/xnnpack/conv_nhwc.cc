// Conv in spud's NHWC domain on the XNNPACK tier: 2-D float32 convolution
// with constant OHWI weights, packed once at session creation, bias and the
// fused output clamp. Declines weights that are not constant.
//
// Four definitions, tried in this order:
//
// 1x1 convolutions of stride 1 without padding, on AVX-512 CPUs: one packed
// product (packed_gemm.h) over every pixel.
//
// Winograd F(2x2, 3x3) for 3x3 convolutions of stride and dilation 1 with
// enough channels: each 4x4 tile of input gives 16 transformed values per
// channel (V = B' d B), the 16 position-wise products with the transformed
// weights (U = G g G') are 16 matrix products (the packed product on
// AVX-512, XNNPACK's fully connected operator elsewhere), and each tile's 16
// products give its 2x2 outputs (Y = A' M A). That is 16 multiplies per 4
// outputs where the direct sum takes 36. The tiles go through in blocks
// sized for the cache, in the session's shared workspace (not planned
// scratch: the file must run on builds that choose another kernel). Small
// images (the 7x7 of a ResNet's last stage) are declined: there the
// transformed weights, 16/9 of the originals, cost more memory traffic than
// the products save.
//
// Other one-group convolutions up to 7x7 with products of 64 or more, on
// AVX-512 CPUs: the packed product over each output pixel's gathered window.
//
// XNNPACK's direct convolution, for everything else. A convolution whose
// weights outgrow the L2 cache is split along its output channels into
// operators whose weights fit, each writing its slice of every output
// pixel: XNNPACK walks the weights once per tile of output pixels, so each
// slice is then read from cache instead of from memory.
#include <stdlib.h>
#include <string.h>

#include "lanes.h"
#include "packed_gemm.h"
#include "reference/nhwc_util.h"
#include "xnnpack_support.h"

namespace spud {
namespace kernels {
namespace {

// ---- Winograd F(2x2, 3x3) ----

constexpr int kTileValues = 16;  // a 4x4 input tile, transformed
// Smallest channel counts worth the transforms (below them the products
// are too short for the transforms to pay).
constexpr int64_t kWinogradMinChannels = 16;
// V and M of one block of tiles together, in bytes: the session's shared
// workspace. 2 MB measured best against 512 KB and 8 MB on resnet18's and
// googlenet's shapes (2 MB L2).
constexpr size_t kWinogradBlockBytes = size_t{2} << 20;
// Fewest tiles per image worth it: a 10x10 output (resnet18's 7x7 stage, 16
// tiles, ran slower).
constexpr int64_t kWinogradMinTiles = 25;
constexpr int64_t kWinogradMinBlock = 14;  // two rows of XNNPACK's 7-row tiles

struct WinogradData {
  ConvNhwcParams params;
  Window window;
  // M[k] = V[k] * U[k]', k = 4 * row + column: spud's packed product on
  // AVX-512, else XNNPACK's fully connected operators.
  PackedGemm u[kTileValues];
  PackedState u_state;  // the 16 packed products, one after another
  bool packed;
  xnn_operator_t op[kTileValues];
  float* zeros;     // [Cin]: what taps in the padding read
  const void* set_work;  // the workspace the operators were set up with
  int64_t c_in, c_out;
  int64_t tiles_h, tiles_w, tiles;  // tiles per image rows, columns; all images
  int64_t block, blocks;            // tiles per block (every block is full), blocks
};

void delete_winograd(WinogradData* d) {
  for (int k = 0; k < kTileValues; ++k) {
    xnnpack_delete(&d->op[k]);
    d->u[k] = PackedGemm();
  }
  free_packed(&d->u_state);
  xnnpack_free(d->zeros);
  d->zeros = nullptr;
}

// What the per-tile tasks of one block read and write.
struct WinogradTask {
  const WinogradData* d;
  float* v;  // V [16][block][Cin] in the workspace, then M [16][block][Cout]
  float* m;
  const float* x;
  float* y;
  int64_t first;  // the block's first tile over all images
  int64_t h, w;   // input rows and columns
  int64_t out_h, out_w;
};

// The transforms run over the channels 16 at a time (lanes.h).

// One channel group of the weight transform: taps[3 * r + c] points at
// W[o, r, c, :] and u at U[0][o][:], planes apart.
template <typename T, void (*Load)(T&, const float*), void (*Store)(float*, const T&)>
SPUD_LANE_INLINE void weight_channels(const float* const* taps, float* u, size_t plane,
                                                           int64_t i) {
  T t[4][3];  // G g: rows combined
  for (int c = 0; c < 3; ++c) {
    T g0, g1, g2;
    Load(g0, taps[c] + i);
    Load(g1, taps[3 + c] + i);
    Load(g2, taps[6 + c] + i);
    t[0][c] = g0;
    t[1][c] = (g0 + g1 + g2) * 0.5f;
    t[2][c] = (g0 - g1 + g2) * 0.5f;
    t[3][c] = g2;
  }
  for (int r = 0; r < 4; ++r) {  // (G g) G': columns combined
    float* out = u + static_cast<size_t>(r * 4) * plane + static_cast<size_t>(i);
    Store(out, t[r][0]);
    Store(out + plane, (t[r][0] + t[r][1] + t[r][2]) * 0.5f);
    Store(out + 2 * plane, (t[r][0] - t[r][1] + t[r][2]) * 0.5f);
    Store(out + 3 * plane, t[r][2]);
  }
}

// U[k][o][i] = (G g G')[k] of weight g = W[o, :, :, i] (OHWI), with
// G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1].
SPUD_LANE_CLONES void transform_weights(const float* w, int64_t c_out, int64_t c_in, float* u) {
  const size_t plane = static_cast<size_t>(c_out * c_in);
  for (int64_t o = 0; o < c_out; ++o) {
    const float* taps[9];
    for (int k = 0; k < 9; ++k) taps[k] = w + (o * 9 + k) * c_in;
    float* uo = u + static_cast<size_t>(o * c_in);
    int64_t i = 0;
    for (; i + kLanes <= c_in; i += kLanes) weight_channels<Lanes, load_lanes, store_lanes>(taps, uo, plane, i);
    for (; i < c_in; ++i) weight_channels<float, load_lanes1, store_lanes1>(taps, uo, plane, i);
  }
}

// One channel group of a tile's input transform: T is Lanes or float.
template <typename T, void (*Load)(T&, const float*), void (*Store)(float*, const T&)>
SPUD_LANE_INLINE void input_channels(const float* const* rows, float* v, size_t stride,
                                                          int64_t i) {
  T s[4][4];  // B' d: rows combined
  for (int c = 0; c < 4; ++c) {
    T d0, d1, d2, d3;
    Load(d0, rows[c] + i);
    Load(d1, rows[4 + c] + i);
    Load(d2, rows[8 + c] + i);
    Load(d3, rows[12 + c] + i);
    s[0][c] = d0 - d2;
    s[1][c] = d1 + d2;
    s[2][c] = d2 - d1;
    s[3][c] = d1 - d3;
  }
  for (int r = 0; r < 4; ++r) {  // (B' d) B: columns combined
    float* out = v + static_cast<size_t>(r * 4) * stride + static_cast<size_t>(i);
    Store(out, s[r][0] - s[r][2]);
    Store(out + stride, s[r][1] + s[r][2]);
    Store(out + 2 * stride, s[r][2] - s[r][1]);
    Store(out + 3 * stride, s[r][1] - s[r][3]);
  }
}

// V[k][j] = (B' d B)[k] of tile j's 4x4 input d, per channel, with
// B' = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]. Tiles past the last one
// (a full last block) and taps in the padding read the zero row.
SPUD_LANE_CLONES void input_tile(void* context, size_t j) {
  const WinogradTask& t = *static_cast<const WinogradTask*>(context);
  const WinogradData* d = t.d;
  const int64_t cin = d->c_in;
  const float* rows[16];  // [4 * r + c]: the input pixel under tap (r, c)
  const int64_t tile = t.first + static_cast<int64_t>(j);
  const int64_t per_image = d->tiles_h * d->tiles_w;
  const int64_t n = tile / per_image, ty = tile % per_image / d->tiles_w, tx = tile % d->tiles_w;
  const int64_t y0 = 2 * ty - d->window.pad_begin[kNhwcH], x0 = 2 * tx - d->window.pad_begin[kNhwcW];
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      const int64_t iy = y0 + r, ix = x0 + c;
      rows[4 * r + c] = tile < d->tiles && iy >= 0 && iy < t.h && ix >= 0 && ix < t.w
                            ? t.x + ((n * t.h + iy) * t.w + ix) * cin
                            : d->zeros;
    }
  const size_t stride = static_cast<size_t>(d->block * cin);  // from V[k] to V[k + 1]
  float* v = t.v + static_cast<size_t>(j) * static_cast<size_t>(cin);
  int64_t i = 0;
  for (; i + kLanes <= cin; i += kLanes) input_channels<Lanes, load_lanes, store_lanes>(rows, v, stride, i);
  for (; i < cin; ++i) input_channels<float, load_lanes1, store_lanes1>(rows, v, stride, i);
}

// One channel group of a tile's output transform, into out[4] (y00, y01,
// y10, y11).
template <typename T, void (*Load)(T&, const float*)>
SPUD_LANE_INLINE void output_channels(const float* m, size_t stride, int64_t o, T out[4]) {
  T a[4][2];  // M A: columns combined
  for (int r = 0; r < 4; ++r) {
    const float* row = m + static_cast<size_t>(r * 4) * stride + static_cast<size_t>(o);
    T m0, m1, m2, m3;
    Load(m0, row);
    Load(m1, row + stride);
    Load(m2, row + 2 * stride);
    Load(m3, row + 3 * stride);
    a[r][0] = m0 + m1 + m2;
    a[r][1] = m1 - m2 - m3;
  }
  for (int c = 0; c < 2; ++c) {  // A' (M A): rows combined
    out[c] = a[0][c] + a[1][c] + a[2][c];
    out[2 + c] = a[1][c] - a[2][c] - a[3][c];
  }
}

// Tile j's 2x2 outputs Y = A' M A, with A' = [1 1 1 0; 0 1 -1 -1] (the bias
// came with M[5]), then the clamp; outputs past the image's edge are not
// written.
SPUD_LANE_CLONES void output_tile(void* context, size_t j) {
  const WinogradTask& t = *static_cast<const WinogradTask*>(context);
  const WinogradData* d = t.d;
  const int64_t tile = t.first + static_cast<int64_t>(j);
  if (tile >= d->tiles) return;
  const int64_t cout = d->c_out;
  const int64_t per_image = d->tiles_h * d->tiles_w;
  const int64_t n = tile / per_image, ty = tile % per_image / d->tiles_w, tx = tile % d->tiles_w;
  const int64_t oy = 2 * ty, ox = 2 * tx;
  const bool right = ox + 1 < t.out_w, down = oy + 1 < t.out_h;
  float* y[4];
  y[0] = t.y + ((n * t.out_h + oy) * t.out_w + ox) * cout;
  y[1] = y[0] + cout;
  y[2] = y[0] + t.out_w * cout;
  y[3] = y[2] + cout;
  const bool keep[4] = {true, right, down, right && down};
  const size_t stride = static_cast<size_t>(d->block * cout);
  const float* m = t.m + static_cast<size_t>(j) * static_cast<size_t>(cout);
  const float lo = d->params.activation_min, hi = d->params.activation_max;
  int64_t o = 0;
  for (; o + kLanes <= cout; o += kLanes) {
    Lanes out[4];
    output_channels<Lanes, load_lanes>(m, stride, o, out);
    for (int q = 0; q < 4; ++q) {
      if (!keep[q]) continue;
      Lanes v = out[q];
      v = v < lo ? lo : v;
      v = v > hi ? hi : v;
      store_lanes(y[q] + o, v);
    }
  }
  for (; o < cout; ++o) {
    float out[4];
    output_channels<float, load_lanes1>(m, stride, o, out);
    for (int q = 0; q < 4; ++q)
      if (keep[q]) y[q][o] = out[q] < lo ? lo : (out[q] > hi ? hi : out[q]);
  }
}

// Rows [first, first + count) of M[k] = V[k] * U[k]'.
void winograd_product(void* context, size_t k, size_t first, size_t count) {
  const WinogradTask& t = *static_cast<const WinogradTask*>(context);
  const WinogradData* d = t.d;
  const size_t block = static_cast<size_t>(d->block), cin = static_cast<size_t>(d->c_in),
               cout = static_cast<size_t>(d->c_out);
  packed_gemm_rows(d->u[k], t.v + k * block * cin, cin, t.m + k * block * cout, cout, first, first + count,
                   -__builtin_inff(), __builtin_inff());
}

void for_each_tile(pthreadpool_t pool, void (*fn)(void*, size_t), WinogradTask* task, int64_t count) {
  if (pool == nullptr) {
    for (int64_t j = 0; j < count; ++j) fn(task, static_cast<size_t>(j));
    return;
  }
  pthreadpool_parallelize_1d(pool, fn, task, static_cast<size_t>(count), 0);
}

Status winograd_init(KernelContext* ctx) {
  return parse_conv_nhwc(*ctx->attributes, &ctx->data<WinogradData>()->params);
}

Status winograd_prepare(KernelContext* ctx) {
  WinogradData* d = ctx->data<WinogradData>();
  SPUD_RETURN_IF_ERROR(prepare_conv_nhwc(ctx, d->params, &d->window));
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  const Window& win = d->window;
  const bool shape = d->params.group == 1 && win.kernel[kNhwcH] == 3 && win.kernel[kNhwcW] == 3 &&
                     win.stride[kNhwcH] == 1 && win.stride[kNhwcW] == 1 && win.dilation[kNhwcH] == 1 &&
                     win.dilation[kNhwcW] == 1;
  const int64_t c_in = w->dims[3], c_out = w->dims[0];
  if (!xnnpack_available() || !shape || !w->constant || (b != nullptr && !b->constant) ||
      c_in < kWinogradMinChannels || c_out < kWinogradMinChannels ||
      (win.out[kNhwcH] + 1) / 2 * ((win.out[kNhwcW] + 1) / 2) < kWinogradMinTiles)
    return SPUD_ERROR(kDeclined, "Winograd Conv: 3x3, stride 1, constant weights, 16+ channels, 10x10+ outputs");
  delete_winograd(d);
  d->c_in = c_in;
  d->c_out = c_out;
  d->tiles_h = (win.out[kNhwcH] + 1) / 2;
  d->tiles_w = (win.out[kNhwcW] + 1) / 2;
  d->tiles = ctx->input(0)->dims[0] * d->tiles_h * d->tiles_w;
  // Blocks as even as can be: the last is as full as the others, padded
  // with tiles that read zeros and write nothing.
  const size_t per_tile = kTileValues * static_cast<size_t>(c_in + c_out) * sizeof(float);
  int64_t most = static_cast<int64_t>(kWinogradBlockBytes / per_tile);
  if (most < kWinogradMinBlock) most = kWinogradMinBlock;
  d->blocks = (d->tiles + most - 1) / most;
  d->block = (d->tiles + d->blocks - 1) / d->blocks;
  ctx->workspace_size = static_cast<size_t>(d->block) * per_tile;
  PersistentBytes held(ctx);
  d->zeros = static_cast<float*>(xnnpack_allocate(static_cast<size_t>(c_in) * sizeof(float)));
  if (d->zeros == nullptr) return SPUD_ERROR(kOutOfMemory, "Winograd Conv: no memory for the zero row");
  memset(d->zeros, 0, static_cast<size_t>(c_in) * sizeof(float));
  // The bias reaches all four outputs of a tile through M[5] alone (A' has
  // ones in column 1), so it goes with product 5.
  const float* bias = b != nullptr ? b->data_as<const float>() : nullptr;
  d->packed = use_packed_gemm(ctx);
  const size_t k_in = static_cast<size_t>(c_in), n_out = static_cast<size_t>(c_out);
  const size_t per = packed_gemm_bytes(k_in, n_out);
  char kind[64];
  packed_gemm_kind(kind, "winograd_f2x2_3x3", k_in, n_out);
  Status st = d->packed ? begin_packed(ctx, kind, kTileValues * per, &d->u_state) : Status::Ok();
  const size_t plane = static_cast<size_t>(c_out * c_in);
  float* u = nullptr;
  if (st.ok() && (!d->packed || d->u_state.made != nullptr)) {  // the transform is needed
    u = static_cast<float*>(malloc(kTileValues * plane * sizeof(float)));
    if (u == nullptr) st = SPUD_ERROR(kOutOfMemory, "Winograd Conv: no memory for the transformed weights");
    else transform_weights(w->data_as<const float>(), c_out, c_in, u);
  }
  for (int k = 0; k < kTileValues && st.ok(); ++k) {
    const float* plane_k = u + static_cast<size_t>(k) * plane;  // [Cout][Cin]
    if (d->packed) {
      uint8_t* at = static_cast<uint8_t*>(d->u_state.made);
      if (at != nullptr) pack_gemm_nk(plane_k, k_in, n_out, k == 5 ? bias : nullptr, at + k * per);
      d->u[k] = packed_gemm_view(static_cast<const uint8_t*>(d->u_state.bytes) + k * per, k_in, n_out);
    } else {
      st = xnnpack_status(xnn_create_fully_connected_nc_f32(k_in, n_out, k_in, n_out, plane_k,
                                                            k == 5 ? bias : nullptr, -__builtin_inff(),
                                                            __builtin_inff(), 0, &d->op[k]));
    }
  }
  free(u);
  if (!st.ok()) {
    delete_winograd(d);
    return st;
  }
  if (d->packed) share_packed(ctx, kind, d->u_state, kTileValues * per);
  ctx->packed_inputs = (1u << 1) | (1u << 2);  // W and B live in the operators now
  return Status::Ok();
}

// The operators read V and write M in the workspace: set up once, on the
// first run (the workspace is made after every prepare). Setting up a fully
// connected operator allocates nothing.
Status winograd_setup(KernelContext* ctx, float* v, float* m) {
  WinogradData* d = ctx->data<WinogradData>();
  for (int k = 0; k < kTileValues; ++k)
    SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_fully_connected_nc_f32(
        d->op[k], static_cast<size_t>(d->block), v + static_cast<size_t>(k * d->block * d->c_in),
        m + static_cast<size_t>(k * d->block * d->c_out), xnnpack_pool(ctx))));
  d->set_work = ctx->workspace;
  return Status::Ok();
}

Status winograd_eval(KernelContext* ctx) {
  const WinogradData* d = ctx->data<WinogradData>();
  SPUD_CHECK_OR_RETURN(ctx->workspace != nullptr, kInternal, "Winograd Conv: no workspace");
  float* v = static_cast<float*>(ctx->workspace);
  float* m = v + kTileValues * d->block * d->c_in;
  if (!d->packed && d->set_work != ctx->workspace) SPUD_RETURN_IF_ERROR(winograd_setup(ctx, v, m));
  const Tensor* x = ctx->input(0);
  Tensor* y = ctx->output(0);
  pthreadpool_t pool = xnnpack_pool(ctx);
  WinogradTask task{d, v, m, x->data_as<const float>(), y->data_as<float>(), 0, x->dims[1], x->dims[2],
                    y->dims[1], y->dims[2]};
  for (int64_t blk = 0; blk < d->blocks; ++blk) {
    task.first = blk * d->block;
    for_each_tile(pool, input_tile, &task, d->block);
    if (d->packed) {
      // The 16 products in one task list: (k, rows) pairs.
      if (pool == nullptr)
        for (size_t k = 0; k < kTileValues; ++k) winograd_product(&task, k, 0, static_cast<size_t>(d->block));
      else
        pthreadpool_parallelize_2d_tile_1d(pool, winograd_product, &task, kTileValues, static_cast<size_t>(d->block),
                                           kGemmBlockRows, 0);
    } else {
      for (int k = 0; k < kTileValues; ++k) SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_run_operator(d->op[k], pool)));
    }
    for_each_tile(pool, output_tile, &task, d->block);
  }
  return Status::Ok();
}

Status winograd_release(KernelContext* ctx) {
  delete_winograd(ctx->data<WinogradData>());
  return Status::Ok();
}

// ---- 1x1 convolutions as one packed product ----

// A 1x1 convolution of stride 1 without padding is Y[P, M] = X[P, C] * W'
// over the P pixels of every image: spud's packed product, on AVX-512 CPUs.
struct PointwiseData {
  ConvNhwcParams params;
  Window window;
  PackedState state;
  PackedGemm w;
};

struct PointwiseTask {
  const PointwiseData* d;
  const float* x;
  float* y;
};

void pointwise_tile(void* context, size_t first, size_t panel, size_t count, size_t panels) {
  const PointwiseTask& t = *static_cast<const PointwiseTask*>(context);
  packed_gemm_rows(t.d->w, t.x, t.d->w.k, t.y, t.d->w.n, first, first + count, t.d->params.activation_min,
                   t.d->params.activation_max, panel, panel + panels);
}

Status pointwise_init(KernelContext* ctx) {
  return parse_conv_nhwc(*ctx->attributes, &ctx->data<PointwiseData>()->params);
}

Status pointwise_prepare(KernelContext* ctx) {
  PointwiseData* d = ctx->data<PointwiseData>();
  SPUD_RETURN_IF_ERROR(prepare_conv_nhwc(ctx, d->params, &d->window));
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  const Window& win = d->window;
  bool plain = d->params.group == 1;
  for (int s : {kNhwcH, kNhwcW})
    plain = plain && win.kernel[s] == 1 && win.stride[s] == 1 && win.pad_begin[s] == 0 && win.pad_end[s] == 0;
  if (!use_packed_gemm(ctx) || !plain || !w->constant || (b != nullptr && !b->constant))
    return SPUD_ERROR(kDeclined, "1x1 Conv: stride 1, no padding, constant weights, AVX-512 only");
  free_packed(&d->state);
  PersistentBytes held(ctx);
  SPUD_RETURN_IF_ERROR(prepare_packed_gemm(ctx, "conv_ohwi", w->data_as<const float>(),
                                           static_cast<size_t>(w->dims[3]), static_cast<size_t>(w->dims[0]),
                                           b != nullptr ? b->data_as<const float>() : nullptr, &d->state, &d->w));
  ctx->packed_inputs = (1u << 1) | (1u << 2);  // W and B live in the packed panels now
  return Status::Ok();
}

Status pointwise_eval(KernelContext* ctx) {
  const PointwiseData* d = ctx->data<PointwiseData>();
  const Tensor* x = ctx->input(0);
  PointwiseTask task{d, x->data_as<const float>(), ctx->output(0)->data_as<float>()};
  const size_t pixels = static_cast<size_t>(x->dims[0] * x->dims[1] * x->dims[2]);
  pthreadpool_t pool = xnnpack_pool(ctx);
  if (pool == nullptr) {
    pointwise_tile(&task, 0, 0, pixels, d->w.num_panels);
  } else {
    // Blocks of rows, and for few rows (small images) groups of panels too.
    const size_t per = panels_per_task(d->w, pixels, pthreadpool_get_threads_count(pool));
    pthreadpool_parallelize_2d_tile_2d(pool, pointwise_tile, &task, pixels, d->w.num_panels, kGemmBlockRows, per, 0);
  }
  return Status::Ok();
}

Status pointwise_release(KernelContext* ctx) {
  free_packed(&ctx->data<PointwiseData>()->state);
  return Status::Ok();
}

// ---- Other convolutions of one group as a gathered packed product ----

// Any other convolution of one group (strided, dilated, padded, windows up
// to 7x7), on AVX-512 CPUs: each output pixel's row of A is gathered from
// the input pixels under its window (a zero row for the padding), against
// the OHWI weights packed as they lie.
constexpr int64_t kMaxGatherTaps = 49;
constexpr size_t kMaxCopiedK = 160;  // a 7x7 window over 3 channels
constexpr int64_t kMinGatherK = 64;

struct GatherData {
  ConvNhwcParams params;
  Window window;
  PackedState state;
  PackedGemm w;
  float* zeros;  // [Cin]
};

struct GatherTask {
  const GatherData* d;
  const float* x;
  float* y;
  int64_t h, w, c_in, c_out;
};

// Row r of a block, copied whole: a few input channels (an image's 3)
// would cost the micro-kernel a pointer per 3 FMAs. Each row of the window
// is one span of adjacent input pixels (dilation 1), zeros where it leaves
// the image.
void copy_window_row(const GatherTask& t, int64_t n, int64_t oy, int64_t ox, float* dst) {
  const Window& win = t.d->window;
  const int64_t kh = win.kernel[kNhwcH], kw = win.kernel[kNhwcW], c = t.c_in;
  const int64_t x0 = ox * win.stride[kNhwcW] - win.pad_begin[kNhwcW];
  const int64_t first = x0 < 0 ? -x0 : 0, end = x0 + kw > t.w ? t.w - x0 : kw;  // taps inside, [first, end)
  for (int64_t ky = 0; ky < kh; ++ky, dst += kw * c) {
    const int64_t iy = oy * win.stride[kNhwcH] - win.pad_begin[kNhwcH] + ky * win.dilation[kNhwcH];
    if (iy < 0 || iy >= t.h || end <= first) {
      memset(dst, 0, static_cast<size_t>(kw * c) * sizeof(float));
      continue;
    }
    if (first > 0) memset(dst, 0, static_cast<size_t>(first * c) * sizeof(float));
    memcpy(dst + first * c, t.x + ((n * t.h + iy) * t.w + x0 + first) * c,
           static_cast<size_t>((end - first) * c) * sizeof(float));
    if (end < kw) memset(dst + end * c, 0, static_cast<size_t>((kw - end) * c) * sizeof(float));
  }
}

void gather_tile(void* context, size_t first, size_t q0, size_t count, size_t panels) {
  const GatherTask& t = *static_cast<const GatherTask*>(context);
  const size_t q1 = q0 + panels;
  const GatherData* d = t.d;
  const Window& win = d->window;
  const int64_t kh = win.kernel[kNhwcH], kw = win.kernel[kNhwcW], taps = kh * kw;
  const int64_t out_h = win.out[kNhwcH], out_w = win.out[kNhwcW];
  const size_t k = static_cast<size_t>(taps * t.c_in);
  const bool copy = k <= kMaxCopiedK && t.c_in < 16 && win.dilation[kNhwcW] == 1;
  for (size_t start = first; start < first + count; start += kGemmBlockRows) {
    const size_t n_rows = first + count - start < kGemmBlockRows ? first + count - start : kGemmBlockRows;
    float* out = t.y + start * static_cast<size_t>(t.c_out);
    if (copy) {
      float copied[kGemmBlockRows * kMaxCopiedK];
      for (size_t r = 0; r < n_rows; ++r) {
        const int64_t pixel = static_cast<int64_t>(start + r);
        copy_window_row(t, pixel / (out_h * out_w), pixel / out_w % out_h, pixel % out_w, copied + r * k);
      }
      packed_gemm_rows(d->w, copied, k, out, static_cast<size_t>(t.c_out), 0, n_rows, d->params.activation_min,
                       d->params.activation_max, q0, q1);
      continue;
    }
    const float* rows[kGemmBlockRows * kMaxGatherTaps];
    for (size_t r = 0; r < n_rows; ++r) {
      const int64_t pixel = static_cast<int64_t>(start + r);
      const int64_t n = pixel / (out_h * out_w), oy = pixel / out_w % out_h, ox = pixel % out_w;
      const float** row = rows + r * static_cast<size_t>(taps);
      for (int64_t ky = 0; ky < kh; ++ky) {
        const int64_t iy = oy * win.stride[kNhwcH] - win.pad_begin[kNhwcH] + ky * win.dilation[kNhwcH];
        for (int64_t kx = 0; kx < kw; ++kx) {
          const int64_t ix = ox * win.stride[kNhwcW] - win.pad_begin[kNhwcW] + kx * win.dilation[kNhwcW];
          row[ky * kw + kx] = iy >= 0 && iy < t.h && ix >= 0 && ix < t.w ? t.x + ((n * t.h + iy) * t.w + ix) * t.c_in
                                                                         : d->zeros;
        }
      }
    }
    packed_gemm_indirect(d->w, rows, static_cast<size_t>(taps), static_cast<size_t>(t.c_in), out,
                         static_cast<size_t>(t.c_out), n_rows, d->params.activation_min, d->params.activation_max, q0,
                         q1);
  }
}

Status gather_init(KernelContext* ctx) { return parse_conv_nhwc(*ctx->attributes, &ctx->data<GatherData>()->params); }

void delete_gather(GatherData* d) {
  free_packed(&d->state);
  xnnpack_free(d->zeros);
  d->zeros = nullptr;
}

Status gather_prepare(KernelContext* ctx) {
  GatherData* d = ctx->data<GatherData>();
  SPUD_RETURN_IF_ERROR(prepare_conv_nhwc(ctx, d->params, &d->window));
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  const int64_t taps = d->window.kernel[kNhwcH] * d->window.kernel[kNhwcW];
  // Products shorter than kMinGatherK (a 3x3 stem over 3 channels: 27) run
  // faster on XNNPACK, whose micro-kernel does less per row around them.
  if (!use_packed_gemm(ctx) || d->params.group != 1 || taps > kMaxGatherTaps || taps * w->dims[3] < kMinGatherK ||
      !w->constant || (b != nullptr && !b->constant))
    return SPUD_ERROR(kDeclined, "gathered Conv: one group, windows up to 7x7, 64+ products, constant weights, AVX-512");
  delete_gather(d);
  const size_t c_in = static_cast<size_t>(w->dims[3]);
  PersistentBytes held(ctx);
  d->zeros = static_cast<float*>(xnnpack_allocate(c_in * sizeof(float)));
  if (d->zeros == nullptr) return SPUD_ERROR(kOutOfMemory, "gathered Conv: no memory for the zero row");
  memset(d->zeros, 0, c_in * sizeof(float));
  const Status st = prepare_packed_gemm(ctx, "conv_ohwi", w->data_as<const float>(), static_cast<size_t>(taps) * c_in,
                                        static_cast<size_t>(w->dims[0]),
                                        b != nullptr ? b->data_as<const float>() : nullptr, &d->state, &d->w);
  if (!st.ok()) {
    delete_gather(d);
    return st;
  }
  ctx->packed_inputs = (1u << 1) | (1u << 2);  // W and B live in the packed panels now
  return Status::Ok();
}

Status gather_eval(KernelContext* ctx) {
  const GatherData* d = ctx->data<GatherData>();
  const Tensor* x = ctx->input(0);
  Tensor* y = ctx->output(0);
  GatherTask task{d, x->data_as<const float>(), y->data_as<float>(), x->dims[1], x->dims[2], x->dims[3], y->dims[3]};
  const size_t pixels = static_cast<size_t>(y->dims[0] * y->dims[1] * y->dims[2]);
  pthreadpool_t pool = xnnpack_pool(ctx);
  if (pool == nullptr) {
    gather_tile(&task, 0, 0, pixels, d->w.num_panels);
  } else {
    const size_t per = panels_per_task(d->w, pixels, pthreadpool_get_threads_count(pool));
    pthreadpool_parallelize_2d_tile_2d(pool, gather_tile, &task, pixels, d->w.num_panels, kGemmBlockRows, per, 0);
  }
  return Status::Ok();
}

Status gather_release(KernelContext* ctx) {
  delete_gather(ctx->data<GatherData>());
  return Status::Ok();
}

// ---- Direct convolution ----

constexpr int kMaxSlices = 16;
// Weight bytes per slice: 256 KB measured best on resnet18 and googlenet
// (against 128 KB, 512 KB and 1 MB, on a 2 MB L2).
constexpr size_t kSliceWeightBytes = 1 << 18;

struct ConvData {
  ConvNhwcParams params;
  Window window;
  xnn_operator_t op[kMaxSlices];
  int num_slices;
  int64_t slice_channels;  // output channels per slice (the last may have fewer)
  const void* set_in;  // the pointers the operators were last set up with
  void* set_out;
};

void delete_ops(ConvData* d) {
  for (int i = 0; i < kMaxSlices; ++i) xnnpack_delete(&d->op[i]);
}

Status init(KernelContext* ctx) {
  return parse_conv_nhwc(*ctx->attributes, &ctx->data<ConvData>()->params);
}

Status setup(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  const Tensor* x = ctx->input(0);
  Tensor* y = ctx->output(0);
  for (int i = 0; i < d->num_slices; ++i)
    SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_setup_convolution2d_nhwc_f32(
        d->op[i], static_cast<size_t>(x->dims[0]), static_cast<size_t>(x->dims[1]),
        static_cast<size_t>(x->dims[2]), x->data_as<const float>(), y->data_as<float>() + i * d->slice_channels,
        xnnpack_pool(ctx))));
  d->set_in = x->data;
  d->set_out = y->data;
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  SPUD_RETURN_IF_ERROR(prepare_conv_nhwc(ctx, d->params, &d->window));
  const Tensor* w = ctx->input(1);
  const Tensor* b = ctx->input(2);
  if (!xnnpack_available() || !w->constant || (b != nullptr && !b->constant))
    return SPUD_ERROR(kDeclined, "XNNPACK Conv: needs constant weights");
  const Window& win = d->window;
  const uint32_t groups = static_cast<uint32_t>(d->params.group);
  const size_t cin_g = static_cast<size_t>(w->dims[3]);
  const size_t cout_g = static_cast<size_t>(w->dims[0]) / groups;
  delete_ops(d);
  const size_t c_out = cout_g * groups;
  const size_t per_channel = static_cast<size_t>(win.kernel[kNhwcH] * win.kernel[kNhwcW]) * cin_g * sizeof(float);
  size_t slice = c_out;
  if (groups == 1 && per_channel * c_out > kSliceWeightBytes) {
    slice = kSliceWeightBytes / per_channel / 16 * 16;  // whole 16-channel tiles
    if (slice < 16) slice = 16;
    if ((c_out + slice - 1) / slice > static_cast<size_t>(kMaxSlices)) slice = (c_out + kMaxSlices - 1) / kMaxSlices;
  }
  d->slice_channels = static_cast<int64_t>(slice);
  d->num_slices = static_cast<int>((c_out + slice - 1) / slice);
  {
    PersistentBytes held(ctx);
    const float* weights = w->data_as<const float>();
    const float* bias = b != nullptr ? b->data_as<const float>() : nullptr;
    for (int i = 0; i < d->num_slices; ++i) {
      const size_t first = static_cast<size_t>(i) * slice;
      const size_t count = first + slice <= c_out ? slice : c_out - first;
      // One operator per slice: groups stay whole (slices exist only for group 1).
      const Status st = xnnpack_status(xnn_create_convolution2d_nhwc_f32(
          static_cast<uint32_t>(win.pad_begin[kNhwcH]), static_cast<uint32_t>(win.pad_end[kNhwcW]),
          static_cast<uint32_t>(win.pad_end[kNhwcH]), static_cast<uint32_t>(win.pad_begin[kNhwcW]),
          static_cast<uint32_t>(win.kernel[kNhwcH]), static_cast<uint32_t>(win.kernel[kNhwcW]),
          static_cast<uint32_t>(win.stride[kNhwcH]), static_cast<uint32_t>(win.stride[kNhwcW]),
          static_cast<uint32_t>(win.dilation[kNhwcH]), static_cast<uint32_t>(win.dilation[kNhwcW]), groups, cin_g,
          d->num_slices == 1 ? cout_g : count, cin_g * groups, c_out, weights + first * per_channel / sizeof(float),
          bias != nullptr ? bias + first : nullptr, d->params.activation_min, d->params.activation_max, 0,
          &d->op[i]));
      if (!st.ok()) {
        delete_ops(d);
        return st;
      }
    }
    ctx->packed_inputs = (1u << 1) | (1u << 2);  // W and B live in the operators now
    // With the tensors' memory known (planned sessions), set up now so that
    // Run() finds the indirection buffers made.
    if (has_memory(ctx->input(0)) && has_memory(ctx->output(0))) {
      const Status st = setup(ctx);
      if (!st.ok()) {
        delete_ops(d);
        return st;
      }
    }
  }
  return Status::Ok();
}

Status eval(KernelContext* ctx) {
  ConvData* d = ctx->data<ConvData>();
  if (d->set_in != ctx->input(0)->data || d->set_out != ctx->output(0)->data) SPUD_RETURN_IF_ERROR(setup(ctx));
  for (int i = 0; i < d->num_slices; ++i) SPUD_RETURN_IF_ERROR(xnnpack_status(xnn_run_operator(d->op[i], xnnpack_pool(ctx))));
  return Status::Ok();
}

Status release(KernelContext* ctx) {
  delete_ops(ctx->data<ConvData>());
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kConvNhwcPointwiseXnnpackFloat32 = {
    "com.spud.nhwc", "Conv", 1, 1, dtype_bit(DType::kFloat32), 0, sizeof(PointwiseData), pointwise_init,
    pointwise_prepare, pointwise_eval, pointwise_release};
extern const KernelDef kConvNhwcWinogradXnnpackFloat32 = {
    "com.spud.nhwc", "Conv", 1, 1, dtype_bit(DType::kFloat32), 0, sizeof(WinogradData), winograd_init,
    winograd_prepare, winograd_eval, winograd_release};
extern const KernelDef kConvNhwcGatherXnnpackFloat32 = {
    "com.spud.nhwc", "Conv", 1, 1, dtype_bit(DType::kFloat32), 0, sizeof(GatherData), gather_init, gather_prepare,
    gather_eval, gather_release};
extern const KernelDef kConvNhwcXnnpackFloat32 = {"com.spud.nhwc", "Conv", 1, 1, dtype_bit(DType::kFloat32), 0,
                                                  sizeof(ConvData), init, prepare, eval, release};
#endif

}  // namespace kernels
}  // namespace spud
