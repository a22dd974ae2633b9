// What LSTM, GRU and RNN share, on every tier: the attributes (direction,
// layout, clip, activations with their alpha and beta), the checks and
// shapes of prepare, the scratch plan, and the recurrence itself. A tier
// differs only in its matrix products, handed to rnn_eval as `mul`:
//   mul(ctx, which, m, n, k, a, b, c)   c[m x n] += a[m x k] * b[n x k]^T
// all row-major, `which` naming the product (kRnnInputProduct: X by W for
// every time step at once; kRnnHiddenProduct: H by R, every step;
// kRnnResetProduct: GRU's (r . H) or H by its R_h, every step). The
// reference tier loops (rnn_mul_reference); the Eigen tier runs each on a
// GEMM plan made in its prepare.
//
// Scratch (the same bytes on every tier, so a file runs on every build):
// X·W^T of all steps [seq * batch, G * H], H·R^T [batch, G * H], and four
// [batch, H] rows: the hidden state, the cell state, GRU's r . H and its
// H·R_h^T.
#ifndef SPUD_KERNELS_REFERENCE_RNN_UTIL_H_
#define SPUD_KERNELS_REFERENCE_RNN_UTIL_H_

#include <math.h>
#include <string.h>

#include <string_view>

#include "kernel_util.h"

namespace spud {
namespace kernels {

enum class RnnCell : uint8_t { kRnn, kGru, kLstm };

enum class RnnActivation : uint8_t {
  kRelu,
  kTanh,
  kSigmoid,
  kAffine,
  kLeakyRelu,
  kThresholdedRelu,
  kScaledTanh,
  kHardSigmoid,
  kElu,
  kSoftsign,
  kSoftplus,
};

struct RnnActivationFn {
  RnnActivation kind;
  float alpha, beta;
};

constexpr int kRnnMaxActivations = 6;  // LSTM's f, g, h for two directions
constexpr int kRnnInputProduct = 0, kRnnHiddenProduct = 1, kRnnResetProduct = 2;

struct RnnData {
  RnnCell cell;
  int gates;          // 1 (RNN), 3 (GRU), 4 (LSTM)
  int per_direction;  // activations per direction: 1, 2, 3
  int64_t hidden_attr;  // hidden_size, or -1 when absent
  int direction;      // 0 forward, 1 reverse, 2 bidirectional
  int num_directions;
  int layout;
  bool has_clip;
  float clip;
  bool linear_before_reset;
  bool input_forget;
  RnnActivationFn act[kRnnMaxActivations];
  // Set by prepare.
  int64_t seq, batch, input, hidden;
};

inline const char* rnn_op_name(RnnCell cell) {
  return cell == RnnCell::kLstm ? "LSTM" : cell == RnnCell::kGru ? "GRU" : "RNN";
}

template <typename T>
inline T rnn_activate(const RnnActivationFn& a, T x) {
  const T alpha = static_cast<T>(a.alpha), beta = static_cast<T>(a.beta);
  switch (a.kind) {
    case RnnActivation::kRelu: return x > 0 ? x : T(0);
    case RnnActivation::kTanh: return tanh(x);
    case RnnActivation::kSigmoid:  // exp of a non-positive value only
      return x >= 0 ? T(1) / (T(1) + exp(-x)) : exp(x) / (T(1) + exp(x));
    case RnnActivation::kAffine: return alpha * x + beta;
    case RnnActivation::kLeakyRelu: return x >= 0 ? x : alpha * x;
    case RnnActivation::kThresholdedRelu: return x > alpha ? x : T(0);
    case RnnActivation::kScaledTanh: return alpha * tanh(beta * x);
    case RnnActivation::kHardSigmoid: {
      const T v = alpha * x + beta;
      return v < 0 ? T(0) : v > 1 ? T(1) : v;
    }
    case RnnActivation::kElu: return x >= 0 ? x : alpha * (exp(x) - T(1));
    case RnnActivation::kSoftsign: return x / (T(1) + fabs(x));
    case RnnActivation::kSoftplus:  // log(1 + e^x) without overflow
      return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));
  }
  return x;
}

namespace rnn_detail {

inline bool same_name(std::string_view a, const char* b) {
  size_t i = 0;
  for (; i < a.size() && b[i] != '\0'; ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    char e = b[i];
    if (e >= 'A' && e <= 'Z') e = static_cast<char>(e - 'A' + 'a');
    if (c != e) return false;
  }
  return i == a.size() && b[i] == '\0';
}

struct ActivationName {
  const char* name;
  RnnActivation kind;
  int params;  // 0, 1 (alpha) or 2 (alpha and beta)
  float alpha, beta;  // ONNX's defaults for the operator of that name
};

constexpr ActivationName kActivationNames[] = {
    {"Relu", RnnActivation::kRelu, 0, 0.f, 0.f},
    {"Tanh", RnnActivation::kTanh, 0, 0.f, 0.f},
    {"Sigmoid", RnnActivation::kSigmoid, 0, 0.f, 0.f},
    {"Affine", RnnActivation::kAffine, 2, 1.f, 0.f},
    {"LeakyRelu", RnnActivation::kLeakyRelu, 1, 0.01f, 0.f},
    {"ThresholdedRelu", RnnActivation::kThresholdedRelu, 1, 1.f, 0.f},
    {"ScaledTanh", RnnActivation::kScaledTanh, 2, 1.f, 1.f},
    {"HardSigmoid", RnnActivation::kHardSigmoid, 2, 0.2f, 0.5f},
    {"Elu", RnnActivation::kElu, 1, 1.f, 0.f},
    {"Softsign", RnnActivation::kSoftsign, 0, 0.f, 0.f},
    {"Softplus", RnnActivation::kSoftplus, 0, 0.f, 0.f},
};

inline const ActivationName* find_activation(std::string_view name) {
  for (const ActivationName& a : kActivationNames)
    if (same_name(name, a.name)) return &a;
  return nullptr;
}

}  // namespace rnn_detail

// Parses the attributes every tier reads. Unknown directions, layouts,
// activation names and counts are errors here.
inline Status rnn_init(KernelContext* ctx, RnnCell cell) {
  RnnData* d = ctx->data<RnnData>();
  *d = RnnData();
  const NodeAttributes* at = ctx->attributes;
  d->cell = cell;
  d->gates = cell == RnnCell::kLstm ? 4 : cell == RnnCell::kGru ? 3 : 1;
  d->per_direction = cell == RnnCell::kLstm ? 3 : cell == RnnCell::kGru ? 2 : 1;
  d->hidden_attr = at->has("hidden_size") ? at->get_int("hidden_size", -1) : -1;
  SPUD_CHECK_OR_RETURN(!at->has("hidden_size") || d->hidden_attr > 0, kInvalidModel,
                       "LSTM/GRU/RNN: hidden_size must be positive");
  const std::string_view dir = at->get_string("direction");
  if (dir.empty() || dir == "forward") d->direction = 0;
  else if (dir == "reverse") d->direction = 1;
  else if (dir == "bidirectional") d->direction = 2;
  else return SPUD_ERROR(kInvalidModel, "LSTM/GRU/RNN: direction must be forward, reverse or bidirectional");
  d->num_directions = d->direction == 2 ? 2 : 1;
  const int64_t layout = at->get_int("layout", 0);
  SPUD_CHECK_OR_RETURN(layout == 0 || layout == 1, kInvalidModel, "LSTM/GRU/RNN: layout must be 0 or 1");
  SPUD_CHECK_OR_RETURN(layout == 0 || ctx->since_version >= 14, kInvalidModel,
                       "LSTM/GRU/RNN: layout is an attribute of opset 14 and later");
  d->layout = static_cast<int>(layout);
  d->has_clip = at->has("clip");
  d->clip = at->get_float("clip", 0.f);
  SPUD_CHECK_OR_RETURN(!d->has_clip || d->clip > 0.f, kInvalidModel, "LSTM/GRU/RNN: clip must be positive");
  const int64_t lbr = at->get_int("linear_before_reset", 0);
  SPUD_CHECK_OR_RETURN(lbr == 0 || (lbr == 1 && cell == RnnCell::kGru), kInvalidModel,
                       "GRU: linear_before_reset must be 0 or 1 (and only GRU has it)");
  d->linear_before_reset = lbr == 1;
  const int64_t input_forget = at->get_int("input_forget", 0);
  SPUD_CHECK_OR_RETURN(input_forget == 0 || (input_forget == 1 && cell == RnnCell::kLstm), kInvalidModel,
                       "LSTM: input_forget must be 0 or 1 (and only LSTM has it)");
  d->input_forget = input_forget == 1;

  // Activations: per direction f (and g, h); default Sigmoid/Tanh/Tanh for
  // LSTM, Sigmoid/Tanh for GRU, Tanh for RNN. A bidirectional node given
  // one direction's list uses it for both.
  const int want = d->per_direction * d->num_directions;
  std::string_view names[kRnnMaxActivations + 1];
  const int count = at->get_strings("activations", names, kRnnMaxActivations + 1);
  if (count <= 0) {
    const std::string_view defaults[3] = {cell == RnnCell::kRnn ? "Tanh" : "Sigmoid", "Tanh", "Tanh"};
    for (int i = 0; i < want; ++i) names[i] = defaults[i % d->per_direction];
  } else if (count == d->per_direction && want == 2 * count) {
    for (int i = 0; i < count; ++i) names[count + i] = names[i];
  } else if (count != want) {
    return SPUD_ERROR(kInvalidModel,
                      "LSTM/GRU/RNN: activations must list one function per gate activation and direction "
                      "(LSTM 3, GRU 2, RNN 1, twice when bidirectional)");
  }
  float alphas[kRnnMaxActivations], betas[kRnnMaxActivations];
  const int n_alpha = at->get_floats("activation_alpha", alphas, kRnnMaxActivations);
  const int n_beta = at->get_floats("activation_beta", betas, kRnnMaxActivations);
  SPUD_CHECK_OR_RETURN(n_alpha <= kRnnMaxActivations && n_beta <= kRnnMaxActivations, kInvalidModel,
                       "LSTM/GRU/RNN: more activation_alpha or activation_beta values than activations");
  // Each value goes to the next function that takes one, in list order.
  int next_alpha = 0, next_beta = 0;
  for (int i = 0; i < want; ++i) {
    const rnn_detail::ActivationName* a = rnn_detail::find_activation(names[i]);
    SPUD_CHECK_OR_RETURN(a != nullptr, kInvalidModel,
                         "LSTM/GRU/RNN: unknown activation (Relu, Tanh, Sigmoid, Affine, LeakyRelu, "
                         "ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign, Softplus)");
    d->act[i] = {a->kind, a->alpha, a->beta};
    if (a->params >= 1 && next_alpha < n_alpha) d->act[i].alpha = alphas[next_alpha++];
    if (a->params >= 2 && next_beta < n_beta) d->act[i].beta = betas[next_beta++];
  }
  return Status::Ok();
}

// Element count of the scratch, in T (see the top of the file).
inline int64_t rnn_scratch_elements(const RnnData& d) {
  const int64_t gh = d.gates * d.hidden;
  return d.seq * d.batch * gh + d.batch * gh + 4 * d.batch * d.hidden;
}

namespace rnn_detail {

inline bool has_shape(const Tensor* t, int64_t d0, int64_t d1, int64_t d2) {
  return t->rank == 3 && t->dims[0] == d0 && t->dims[1] == d1 && t->dims[2] == d2;
}

}  // namespace rnn_detail

// Checks inputs, sets the outputs' types and shapes and the scratch size.
// Inputs: X, W, R, B, sequence_lens, initial_h, and for LSTM initial_c, P.
inline Status rnn_prepare(KernelContext* ctx) {
  RnnData* d = ctx->data<RnnData>();
  const bool lstm = d->cell == RnnCell::kLstm;
  const Tensor* x = ctx->input(0);
  const Tensor* w = ctx->input(1);
  const Tensor* r = ctx->input(2);
  const Tensor* b = ctx->input(3);
  const Tensor* lens = ctx->input(4);
  const Tensor* h0 = ctx->input(5);
  const Tensor* c0 = lstm ? ctx->input(6) : nullptr;
  const Tensor* p = lstm ? ctx->input(7) : nullptr;
  SPUD_CHECK_OR_RETURN(x != nullptr && w != nullptr && r != nullptr, kInvalidModel,
                       "LSTM/GRU/RNN: needs X, W and R");
  SPUD_CHECK_OR_RETURN(ctx->num_inputs <= (lstm ? 8 : 6) && ctx->num_outputs <= (lstm ? 3 : 2), kInvalidModel,
                       "LSTM/GRU/RNN: too many inputs or outputs");
  SPUD_CHECK_OR_RETURN(x->rank == 3, kInvalidModel, "LSTM/GRU/RNN: X must be rank 3");
  const DType t = x->dtype;
  SPUD_CHECK_OR_RETURN(w->dtype == t && r->dtype == t && (b == nullptr || b->dtype == t) &&
                           (h0 == nullptr || h0->dtype == t) && (c0 == nullptr || c0->dtype == t) &&
                           (p == nullptr || p->dtype == t),
                       kInvalidModel, "LSTM/GRU/RNN: W, R, B, initial states and P must have X's type");
  d->seq = x->dims[d->layout == 0 ? 0 : 1];
  d->batch = x->dims[d->layout == 0 ? 1 : 0];
  d->input = x->dims[2];
  const int64_t nd = d->num_directions;
  SPUD_CHECK_OR_RETURN(r->rank == 3, kInvalidModel, "LSTM/GRU/RNN: R must be [num_directions, gates*hidden, hidden]");
  d->hidden = r->dims[2];
  SPUD_CHECK_OR_RETURN(d->hidden_attr < 0 || d->hidden_attr == d->hidden, kInvalidModel,
                       "LSTM/GRU/RNN: hidden_size differs from R's last dimension");
  const int64_t gh = d->gates * d->hidden;
  SPUD_CHECK_OR_RETURN(rnn_detail::has_shape(r, nd, gh, d->hidden), kInvalidModel,
                       "LSTM/GRU/RNN: R must be [num_directions, gates*hidden, hidden] (direction sets "
                       "num_directions)");
  SPUD_CHECK_OR_RETURN(rnn_detail::has_shape(w, nd, gh, d->input), kInvalidModel,
                       "LSTM/GRU/RNN: W must be [num_directions, gates*hidden, input_size]");
  SPUD_CHECK_OR_RETURN(b == nullptr || (b->rank == 2 && b->dims[0] == nd && b->dims[1] == 2 * gh), kInvalidModel,
                       "LSTM/GRU/RNN: B must be [num_directions, 2*gates*hidden]");
  SPUD_CHECK_OR_RETURN(lens == nullptr || (lens->dtype == DType::kInt32 && lens->rank == 1 &&
                                           lens->dims[0] == d->batch),
                       kInvalidModel, "LSTM/GRU/RNN: sequence_lens must be int32 [batch_size]");
  const int64_t s0 = d->layout == 0 ? nd : d->batch, s1 = d->layout == 0 ? d->batch : nd;
  SPUD_CHECK_OR_RETURN(h0 == nullptr || rnn_detail::has_shape(h0, s0, s1, d->hidden), kInvalidModel,
                       "LSTM/GRU/RNN: initial_h must be [num_directions, batch, hidden] "
                       "([batch, num_directions, hidden] with layout 1)");
  SPUD_CHECK_OR_RETURN(c0 == nullptr || rnn_detail::has_shape(c0, s0, s1, d->hidden), kInvalidModel,
                       "LSTM: initial_c must be [num_directions, batch, hidden] "
                       "([batch, num_directions, hidden] with layout 1)");
  SPUD_CHECK_OR_RETURN(p == nullptr || (p->rank == 2 && p->dims[0] == nd && p->dims[1] == 3 * d->hidden),
                       kInvalidModel, "LSTM: P must be [num_directions, 3*hidden]");
  if (lens != nullptr && lens->constant && lens->data != nullptr) {
    const int32_t* l = lens->data_as<const int32_t>();
    for (int64_t i = 0; i < d->batch; ++i)
      SPUD_CHECK_OR_RETURN(l[i] >= 0 && l[i] <= d->seq, kInvalidModel,
                           "LSTM/GRU/RNN: a sequence_lens value is outside [0, seq_length]");
  }

  const int64_t y_dims[4] = {d->layout == 0 ? d->seq : d->batch, d->layout == 0 ? nd : d->seq,
                             d->layout == 0 ? d->batch : nd, d->hidden};
  const int64_t h_dims[3] = {s0, s1, d->hidden};
  for (int i = 0; i < ctx->num_outputs; ++i) {
    Tensor* out = ctx->output(i);
    if (out == nullptr) continue;
    out->dtype = t;
    SPUD_CHECK_OR_RETURN(i == 0 ? set_shape(out, 4, y_dims) : set_shape(out, 3, h_dims), kInvalidModel,
                         "LSTM/GRU/RNN: output shape overflows");
  }
  // In double: a hostile file's dims may make the product pass int64.
  const double elements = static_cast<double>(d->seq) * static_cast<double>(d->batch) * static_cast<double>(gh) +
                          static_cast<double>(d->batch) * static_cast<double>(gh + 4 * d->hidden);
  SPUD_CHECK_OR_RETURN(elements * static_cast<double>(dtype_size(t)) < 4e18, kInvalidModel,
                       "LSTM/GRU/RNN: scratch size overflows");
  ctx->scratch_size = static_cast<size_t>(rnn_scratch_elements(*d)) * dtype_size(t);
  return Status::Ok();
}

// c[m x n] += a[m x k] * b[n x k]^T, row-major, in plain loops.
template <typename T>
void rnn_mul_reference(const KernelContext*, int, int64_t m, int64_t n, int64_t k, const T* a, const T* b, T* c) {
  for (int64_t i = 0; i < m; ++i) {
    const T* ai = a + i * k;
    T* ci = c + i * n;
    for (int64_t j = 0; j < n; ++j) {
      const T* bj = b + j * k;
      T sum = 0;
      for (int64_t q = 0; q < k; ++q) sum += ai[q] * bj[q];
      ci[j] += sum;
    }
  }
}

namespace rnn_detail {

template <typename T>
inline T clip(const RnnData& d, T v) {
  if (!d.has_clip) return v;
  const T c = static_cast<T>(d.clip);
  return v < -c ? -c : v > c ? c : v;
}

}  // namespace rnn_detail

// The recurrence, for every direction. Mul is the tier's matrix product.
template <typename T, typename Mul>
Status rnn_eval(KernelContext* ctx, const RnnData& d, const Mul& mul) {
  using rnn_detail::clip;
  const bool lstm = d.cell == RnnCell::kLstm, gru = d.cell == RnnCell::kGru;
  const int64_t seq = d.seq, batch = d.batch, in = d.input, hid = d.hidden, gh = d.gates * hid;
  const int64_t nd = d.num_directions;
  const T* x = ctx->input(0)->data_as<const T>();
  const T* w_all = ctx->input(1)->data_as<const T>();
  const T* r_all = ctx->input(2)->data_as<const T>();
  const T* b_all = ctx->input(3) != nullptr ? ctx->input(3)->data_as<const T>() : nullptr;
  const int32_t* lens = ctx->input(4) != nullptr ? ctx->input(4)->data_as<const int32_t>() : nullptr;
  const T* h0 = ctx->input(5) != nullptr ? ctx->input(5)->data_as<const T>() : nullptr;
  const T* c0 = lstm && ctx->input(6) != nullptr ? ctx->input(6)->data_as<const T>() : nullptr;
  const T* p_all = lstm && ctx->input(7) != nullptr ? ctx->input(7)->data_as<const T>() : nullptr;
  Tensor* y_t = ctx->output(0);
  Tensor* yh_t = ctx->output(1);
  Tensor* yc_t = lstm ? ctx->output(2) : nullptr;
  T* y = y_t != nullptr ? y_t->data_as<T>() : nullptr;
  if (lens != nullptr)
    for (int64_t i = 0; i < batch; ++i)
      SPUD_CHECK_OR_RETURN(lens[i] >= 0 && lens[i] <= seq, kInvalidArgument,
                           "LSTM/GRU/RNN: a sequence_lens value is outside [0, seq_length]");
  // Steps past a sequence's length stay zero in Y.
  if (y != nullptr) memset(static_cast<void*>(y), 0, y_t->size_bytes());

  T* xw = static_cast<T*>(ctx->scratch);
  T* hr = xw + seq * batch * gh;
  T* h = hr + batch * gh;
  T* c = h + batch * hid;
  T* rh = c + batch * hid;  // GRU: r . H (or H itself with linear_before_reset)
  T* hh = rh + batch * hid;  // GRU: rh * R_h^T
  // Index of (direction, batch entry) in initial_h, Y_h: [nd, batch] or [batch, nd].
  const auto state_row = [&](int64_t dir, int64_t bi) { return d.layout == 0 ? dir * batch + bi : bi * nd + dir; };

  for (int64_t dir = 0; dir < nd; ++dir) {
    const bool reverse = d.direction == 1 || dir == 1;
    const T* w = w_all + dir * gh * in;
    const T* r = r_all + dir * gh * hid;
    const T* wb = b_all != nullptr ? b_all + dir * 2 * gh : nullptr;
    const T* rb = wb != nullptr ? wb + gh : nullptr;
    const T* p = p_all != nullptr ? p_all + dir * 3 * hid : nullptr;
    const RnnActivationFn* act = d.act + dir * d.per_direction;

    // X·W^T for every step, rows in X's order, plus both biases (GRU's
    // recurrent bias of h stays apart: linear_before_reset scales it by r).
    for (int64_t row = 0; row < seq * batch; ++row) {
      T* o = xw + row * gh;
      for (int64_t j = 0; j < gh; ++j)
        o[j] = wb == nullptr ? T(0) : (gru && j >= 2 * hid) ? wb[j] : T(wb[j] + rb[j]);
    }
    mul(ctx, kRnnInputProduct, seq * batch, gh, in, x, w, xw);

    for (int64_t bi = 0; bi < batch; ++bi) {
      const int64_t s = state_row(dir, bi) * hid;
      for (int64_t j = 0; j < hid; ++j) {
        h[bi * hid + j] = h0 != nullptr ? h0[s + j] : T(0);
        c[bi * hid + j] = c0 != nullptr ? c0[s + j] : T(0);
      }
    }

    for (int64_t step = 0; step < seq; ++step) {
      // H·R^T (GRU: z and r only, [batch, 2H]).
      const int64_t hr_n = gru ? 2 * hid : gh;
      memset(static_cast<void*>(hr), 0, static_cast<size_t>(batch * hr_n) * sizeof(T));
      mul(ctx, kRnnHiddenProduct, batch, hr_n, hid, h, r, hr);
      if (gru) {
        // z and r first: without linear_before_reset the candidate's
        // product is by r . H.
        for (int64_t bi = 0; bi < batch; ++bi) {
          const int64_t len = lens != nullptr ? lens[bi] : seq;
          T* g = hr + bi * 2 * hid;
          T* gr = rh + bi * hid;
          if (step >= len) {
            for (int64_t j = 0; j < hid; ++j) gr[j] = 0;
            continue;
          }
          const int64_t t = reverse ? len - 1 - step : step;
          const int64_t row = d.layout == 0 ? t * batch + bi : bi * seq + t;
          const T* xg = xw + row * gh;
          for (int64_t j = 0; j < 2 * hid; ++j) g[j] = rnn_activate(act[0], clip(d, T(xg[j] + g[j])));
          for (int64_t j = 0; j < hid; ++j)
            gr[j] = d.linear_before_reset ? h[bi * hid + j] : T(g[hid + j] * h[bi * hid + j]);
        }
        memset(static_cast<void*>(hh), 0, static_cast<size_t>(batch * hid) * sizeof(T));
        mul(ctx, kRnnResetProduct, batch, hid, hid, rh, r + 2 * hid * hid, hh);
      }
      for (int64_t bi = 0; bi < batch; ++bi) {
        const int64_t len = lens != nullptr ? lens[bi] : seq;
        if (step >= len) continue;
        const int64_t t = reverse ? len - 1 - step : step;
        const int64_t row = d.layout == 0 ? t * batch + bi : bi * seq + t;
        const T* xg = xw + row * gh;
        T* hb = h + bi * hid;
        T* cb = c + bi * hid;
        if (lstm) {  // gates i, o, f, c
          const T* g = hr + bi * gh;
          for (int64_t j = 0; j < hid; ++j) {
            const T cp = cb[j];
            const T i_pre = xg[j] + g[j] + (p != nullptr ? p[j] * cp : T(0));
            const T ig = rnn_activate(act[0], clip(d, i_pre));
            const T f_pre = xg[2 * hid + j] + g[2 * hid + j] + (p != nullptr ? p[2 * hid + j] * cp : T(0));
            const T fg = d.input_forget ? T(1) - ig : rnn_activate(act[0], clip(d, f_pre));
            const T cand = rnn_activate(act[1], clip(d, T(xg[3 * hid + j] + g[3 * hid + j])));
            const T cn = fg * cp + ig * cand;
            const T o_pre = xg[hid + j] + g[hid + j] + (p != nullptr ? p[hid + j] * cn : T(0));
            const T og = rnn_activate(act[0], clip(d, o_pre));
            cb[j] = cn;
            hb[j] = og * rnn_activate(act[2], cn);
          }
        } else if (gru) {  // gates z, r (activated above), h
          const T* g = hr + bi * 2 * hid;
          const T* hp = hh + bi * hid;
          for (int64_t j = 0; j < hid; ++j) {
            const T rbh = rb != nullptr ? rb[2 * hid + j] : T(0);
            const T z = g[j];
            const T pre = d.linear_before_reset ? T(xg[2 * hid + j] + g[hid + j] * (hp[j] + rbh))
                                                : T(xg[2 * hid + j] + hp[j] + rbh);
            const T cand = rnn_activate(act[1], clip(d, pre));
            hb[j] = (T(1) - z) * cand + z * hb[j];
          }
        } else {
          const T* g = hr + bi * gh;
          for (int64_t j = 0; j < hid; ++j) hb[j] = rnn_activate(act[0], clip(d, T(xg[j] + g[j])));
        }
        if (y != nullptr) {
          const int64_t at = d.layout == 0 ? (t * nd + dir) * batch + bi : (bi * seq + t) * nd + dir;
          memcpy(static_cast<void*>(y + at * hid), hb, static_cast<size_t>(hid) * sizeof(T));
        }
      }
    }
    for (int64_t bi = 0; bi < batch; ++bi) {
      const int64_t s = state_row(dir, bi) * hid;
      if (yh_t != nullptr) memcpy(yh_t->data_as<T>() + s, h + bi * hid, static_cast<size_t>(hid) * sizeof(T));
      if (yc_t != nullptr) memcpy(yc_t->data_as<T>() + s, c + bi * hid, static_cast<size_t>(hid) * sizeof(T));
    }
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_RNN_UTIL_H_
