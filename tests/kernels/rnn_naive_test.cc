// LSTM, GRU and RNN on every tier this build has (Eigen's, then the
// reference), against a naive recurrence in double written here from the
// ONNX operator definitions: each (direction, batch entry) walked on its own,
// every gate a dot product. Covers forward, reverse and bidirectional,
// sequence_lens shorter than seq_length, initial states, peepholes, clip,
// linear_before_reset, input_forget, layout 1, non-default activations
// with alpha and beta, float64, and products large enough for Eigen's
// blocking; and that bad nodes fail in init or prepare with a message.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "kernel_runner.h"

#if defined(SPUD_EIGEN)
namespace spud {
namespace kernels {
extern const KernelDef kLSTMEigenFloat32, kGRUEigenFloat32, kRNNEigenFloat32, kLSTMEigenFloat64,
    kGRUEigenFloat64, kRNNEigenFloat64;
}  // namespace kernels
}  // namespace spud
#endif

namespace spud {
namespace testing {
namespace {

struct Case {
  std::string op = "LSTM";  // LSTM, GRU, RNN
  std::string direction = "forward";
  int layout = 0;
  int64_t seq = 4, batch = 3, input = 5, hidden = 6;
  bool bias = true, initial = false, peepholes = false;
  std::vector<int32_t> lens;  // empty: no sequence_lens
  float clip = 0;             // 0: none
  int linear_before_reset = 0, input_forget = 0;
  std::vector<std::string> activations;
  std::vector<float> alpha, beta;
  int version = 14;
};

int gates_of(const std::string& op) { return op == "LSTM" ? 4 : op == "GRU" ? 3 : 1; }
int per_direction(const std::string& op) { return op == "LSTM" ? 3 : op == "GRU" ? 2 : 1; }

// One activation with its parameters, from ONNX's definitions of the
// operators of the same name.
struct Fn {
  std::string name;
  double alpha, beta;
  double operator()(double x) const {
    if (name == "Relu") return std::max(0.0, x);
    if (name == "Tanh") return std::tanh(x);
    if (name == "Sigmoid") return 1 / (1 + std::exp(-x));
    if (name == "Affine") return alpha * x + beta;
    if (name == "LeakyRelu") return x < 0 ? alpha * x : x;
    if (name == "ThresholdedRelu") return x > alpha ? x : 0;
    if (name == "ScaledTanh") return alpha * std::tanh(beta * x);
    if (name == "HardSigmoid") return std::min(1.0, std::max(0.0, alpha * x + beta));
    if (name == "Elu") return x < 0 ? alpha * (std::exp(x) - 1) : x;
    if (name == "Softsign") return x / (1 + std::fabs(x));
    if (name == "Softplus") return std::log(1 + std::exp(x));
    ADD_FAILURE() << "no activation " << name;
    return 0;
  }
};

// The activations of every direction, alpha and beta handed out in order
// to the functions that take them (as ONNX Runtime reads the attributes).
std::vector<Fn> functions(const Case& c, int dirs) {
  std::vector<std::string> names = c.activations;
  if (names.empty()) {
    if (c.op == "LSTM") names = {"Sigmoid", "Tanh", "Tanh"};
    if (c.op == "GRU") names = {"Sigmoid", "Tanh"};
    if (c.op == "RNN") names = {"Tanh"};
  }
  if (static_cast<int>(names.size()) == per_direction(c.op) && dirs == 2) {
    const std::vector<std::string> one = names;
    names.insert(names.end(), one.begin(), one.end());
  }
  size_t ia = 0, ib = 0;
  std::vector<Fn> out;
  for (const std::string& n : names) {
    Fn f{n, 0, 0};
    const bool a = n == "Affine" || n == "LeakyRelu" || n == "ThresholdedRelu" || n == "ScaledTanh" ||
                   n == "HardSigmoid" || n == "Elu";
    const bool b = n == "Affine" || n == "ScaledTanh" || n == "HardSigmoid";
    f.alpha = n == "LeakyRelu" ? 0.01 : n == "HardSigmoid" ? 0.2 : 1.0;
    f.beta = n == "HardSigmoid" ? 0.5 : n == "ScaledTanh" ? 1.0 : 0.0;
    if (a && ia < c.alpha.size()) f.alpha = c.alpha[ia++];
    if (b && ib < c.beta.size()) f.beta = c.beta[ib++];
    out.push_back(f);
  }
  return out;
}

struct Data {
  std::vector<double> x, w, r, b, h0, c0, p;
};

struct Expected {
  std::vector<double> y, yh, yc;
};

Expected naive(const Case& c, const Data& in) {
  const int dirs = c.direction == "bidirectional" ? 2 : 1;
  const int64_t S = c.seq, N = c.batch, I = c.input, H = c.hidden, G = gates_of(c.op);
  const std::vector<Fn> fns = functions(c, dirs);
  Expected e;
  e.y.assign(static_cast<size_t>(S * dirs * N * H), 0.0);
  e.yh.assign(static_cast<size_t>(dirs * N * H), 0.0);
  e.yc.assign(e.yh.size(), 0.0);
  // Offsets of the layout-dependent tensors.
  const auto x_at = [&](int64_t t, int64_t n) { return c.layout == 0 ? (t * N + n) * I : (n * S + t) * I; };
  const auto y_at = [&](int64_t t, int d, int64_t n) {
    return c.layout == 0 ? ((t * dirs + d) * N + n) * H : ((n * S + t) * dirs + d) * H;
  };
  const auto state_at = [&](int d, int64_t n) { return c.layout == 0 ? (d * N + n) * H : (n * dirs + d) * H; };
  const auto clip = [&](double v) { return c.clip > 0 ? std::min<double>(c.clip, std::max<double>(-c.clip, v)) : v; };
  for (int d = 0; d < dirs; ++d) {
    const bool reverse = c.direction == "reverse" || d == 1;
    const Fn* f = &fns[static_cast<size_t>(d * per_direction(c.op))];
    // Gate g's row j: x part (with Wb) and h part (with Rb) separately.
    const auto wx = [&](int g, int64_t j, const double* x) {
      double s = c.bias ? in.b[static_cast<size_t>(d * 2 * G * H + g * H + j)] : 0;
      for (int64_t k = 0; k < I; ++k) s += in.w[static_cast<size_t>(((d * G + g) * H + j) * I + k)] * x[k];
      return s;
    };
    const auto rh = [&](int g, int64_t j, const std::vector<double>& h) {
      double s = c.bias ? in.b[static_cast<size_t>(d * 2 * G * H + G * H + g * H + j)] : 0;
      for (int64_t k = 0; k < H; ++k) s += in.r[static_cast<size_t>(((d * G + g) * H + j) * H + k)] * h[k];
      return s;
    };
    for (int64_t n = 0; n < N; ++n) {
      std::vector<double> h(static_cast<size_t>(H), 0.0), cs(static_cast<size_t>(H), 0.0);
      if (c.initial)
        for (int64_t j = 0; j < H; ++j) {
          h[j] = in.h0[static_cast<size_t>(state_at(d, n) + j)];
          if (c.op == "LSTM") cs[j] = in.c0[static_cast<size_t>(state_at(d, n) + j)];
        }
      const int64_t len = c.lens.empty() ? S : c.lens[static_cast<size_t>(n)];
      for (int64_t step = 0; step < len; ++step) {
        const int64_t t = reverse ? len - 1 - step : step;
        const double* x = &in.x[static_cast<size_t>(x_at(t, n))];
        std::vector<double> hn(static_cast<size_t>(H)), cn(static_cast<size_t>(H));
        std::vector<double> r(static_cast<size_t>(H)), rhv(static_cast<size_t>(H));  // GRU's r, r . h
        if (c.op == "GRU")
          for (int64_t k = 0; k < H; ++k) {
            r[k] = f[0](clip(wx(1, k, x) + rh(1, k, h)));
            rhv[k] = r[k] * h[k];
          }
        for (int64_t j = 0; j < H; ++j) {
          if (c.op == "RNN") {
            hn[j] = f[0](clip(wx(0, j, x) + rh(0, j, h)));
          } else if (c.op == "LSTM") {
            const auto peep = [&](int which, double cell) {
              return c.peepholes ? in.p[static_cast<size_t>(d * 3 * H + which * H + j)] * cell : 0.0;
            };
            const double i = f[0](clip(wx(0, j, x) + rh(0, j, h) + peep(0, cs[j])));
            const double fg = c.input_forget ? 1 - i : f[0](clip(wx(2, j, x) + rh(2, j, h) + peep(2, cs[j])));
            const double g = f[1](clip(wx(3, j, x) + rh(3, j, h)));
            cn[j] = fg * cs[j] + i * g;
            const double o = f[0](clip(wx(1, j, x) + rh(1, j, h) + peep(1, cn[j])));
            hn[j] = o * f[2](cn[j]);
          } else {
            const double z = f[0](clip(wx(0, j, x) + rh(0, j, h)));
            double pre;
            if (c.linear_before_reset) {
              pre = wx(2, j, x) + r[j] * rh(2, j, h);
            } else {
              pre = wx(2, j, x) + rh(2, j, rhv);
            }
            hn[j] = (1 - z) * f[1](clip(pre)) + z * h[j];
          }
        }
        h = hn;
        if (c.op == "LSTM") cs = cn;
        for (int64_t j = 0; j < H; ++j) e.y[static_cast<size_t>(y_at(t, d, n) + j)] = h[j];
      }
      for (int64_t j = 0; j < H; ++j) {
        e.yh[static_cast<size_t>(state_at(d, n) + j)] = h[j];
        e.yc[static_cast<size_t>(state_at(d, n) + j)] = cs[j];
      }
    }
  }
  return e;
}

AttrBuilder attributes(const Case& c) {
  AttrBuilder a;
  a.i("hidden_size", c.hidden);
  if (c.direction != "forward") a.s("direction", c.direction);
  if (c.layout != 0) a.i("layout", c.layout);
  if (c.clip > 0) a.f("clip", c.clip);
  if (c.op == "GRU") a.i("linear_before_reset", c.linear_before_reset);
  if (c.input_forget) a.i("input_forget", 1);
  if (!c.activations.empty()) a.strings("activations", c.activations);
  if (!c.alpha.empty()) a.floats("activation_alpha", c.alpha);
  if (!c.beta.empty()) a.floats("activation_beta", c.beta);
  return a;
}

template <typename T>
TestTensor tensor(std::vector<int64_t> shape, const std::vector<double>& v, bool constant = false) {
  TestTensor t = make_tensor<T>(std::move(shape), std::vector<T>(v.begin(), v.end()));
  t.constant = constant;
  return t;
}

std::vector<double> uniform(std::mt19937& rng, int64_t n, double scale) {
  std::uniform_real_distribution<double> u(-scale, scale);
  std::vector<double> v(static_cast<size_t>(n));
  for (double& x : v) x = u(rng);
  return v;
}

// Runs the case on every tier; returns the definitions that took it.
template <typename T>
std::vector<const KernelDef*> check(const Case& c, unsigned seed, double tol) {
  std::mt19937 rng(seed);
  const int dirs = c.direction == "bidirectional" ? 2 : 1;
  const int64_t S = c.seq, N = c.batch, I = c.input, H = c.hidden, G = gates_of(c.op);
  const double ws = 1.0 / std::sqrt(static_cast<double>(std::max(I, H)));
  Data in;
  in.x = uniform(rng, S * N * I, 1.0);
  in.w = uniform(rng, dirs * G * H * I, ws);
  in.r = uniform(rng, dirs * G * H * H, ws);
  in.b = uniform(rng, dirs * 2 * G * H, 0.5);
  in.h0 = uniform(rng, dirs * N * H, 0.8);
  in.c0 = uniform(rng, dirs * N * H, 0.8);
  in.p = uniform(rng, dirs * 3 * H, 0.5);
  const Expected e = naive(c, in);

  const std::vector<int64_t> xs = c.layout == 0 ? std::vector<int64_t>{S, N, I} : std::vector<int64_t>{N, S, I};
  const std::vector<int64_t> ss =
      c.layout == 0 ? std::vector<int64_t>{dirs, N, H} : std::vector<int64_t>{N, dirs, H};
  TestTensor X = tensor<T>(xs, in.x);
  TestTensor W = tensor<T>({dirs, G * H, I}, in.w, true);
  TestTensor R = tensor<T>({dirs, G * H, H}, in.r, true);
  TestTensor B = tensor<T>({dirs, 2 * G * H}, in.b, true);
  TestTensor L = make_tensor<int32_t>({N}, c.lens);
  TestTensor H0 = tensor<T>(ss, in.h0);
  TestTensor C0 = tensor<T>(ss, in.c0);
  TestTensor P = tensor<T>({dirs, 3 * H}, in.p, true);
  std::vector<const TestTensor*> inputs = {&X, &W, &R, c.bias ? &B : nullptr, c.lens.empty() ? nullptr : &L,
                                           c.initial ? &H0 : nullptr};
  if (c.op == "LSTM") {
    inputs.push_back(c.initial ? &C0 : nullptr);
    inputs.push_back(c.peepholes ? &P : nullptr);
  }
  while (inputs.back() == nullptr) inputs.pop_back();
  const int outputs = c.op == "LSTM" ? 3 : 2;
  const std::vector<int64_t> ys =
      c.layout == 0 ? std::vector<int64_t>{S, dirs, N, H} : std::vector<int64_t>{N, S, dirs, H};
  std::vector<const KernelDef*> accepted;
  const std::vector<const KernelDef*> tiers = kernel_tiers(c.op, c.version, inputs);
  EXPECT_FALSE(tiers.empty()) << c.op;
  for (const KernelDef* def : tiers)
    for (int threads : {1, 2}) {
      const RunResult r = run_kernel_def(def, c.version, attributes(c), inputs, outputs, threads);
      if (r.status.code() == StatusCode::kDeclined) continue;
      EXPECT_TRUE(r.status.ok()) << c.op << " " << r.phase << ": " << r.status.message();
      if (!r.status.ok()) continue;
      if (threads == 1) accepted.push_back(def);
      const std::vector<const std::vector<double>*> want = {&e.y, &e.yh, &e.yc};
      for (int o = 0; o < outputs; ++o) {
        EXPECT_EQ(r.outputs[static_cast<size_t>(o)].shape, o == 0 ? ys : ss) << c.op << " output " << o;
        const std::vector<T> got = r.outputs[static_cast<size_t>(o)].values<T>();
        EXPECT_EQ(got.size(), want[static_cast<size_t>(o)]->size());
        if (got.size() != want[static_cast<size_t>(o)]->size()) continue;
        int bad = 0;
        for (size_t i = 0; i < got.size(); ++i) {
          const double ex = (*want[static_cast<size_t>(o)])[i];
          if (!(std::fabs(got[i] - ex) <= tol) && bad++ < 5)
            ADD_FAILURE() << c.op << " " << c.direction << " output " << o << " element " << i << ": " << got[i]
                          << ", expected " << ex << (def == tiers.back() ? " (reference)" : " (accelerated)");
        }
      }
    }
  return accepted;
}

bool has(const std::vector<const KernelDef*>& defs, const KernelDef* def) {
  return std::find(defs.begin(), defs.end(), def) != defs.end();
}

#if defined(SPUD_EIGEN)
const KernelDef* eigen_def(const std::string& op, bool f64) {
  if (op == "LSTM") return f64 ? &kernels::kLSTMEigenFloat64 : &kernels::kLSTMEigenFloat32;
  if (op == "GRU") return f64 ? &kernels::kGRUEigenFloat64 : &kernels::kGRUEigenFloat32;
  return f64 ? &kernels::kRNNEigenFloat64 : &kernels::kRNNEigenFloat32;
}
#endif

// Every case once per operator; the Eigen tier must take each one.
void check_all_ops(Case c, unsigned seed) {
  for (const char* op : {"LSTM", "GRU", "RNN"}) {
    c.op = op;
    const auto accepted = check<float>(c, seed, 2e-5);
#if defined(SPUD_EIGEN)
    EXPECT_TRUE(has(accepted, eigen_def(op, false))) << op;
#endif
    EXPECT_FALSE(accepted.empty()) << op;
  }
}

TEST(Rnn, ForwardDefaults) { check_all_ops(Case(), 1); }

TEST(Rnn, BidirectionalWithShorterSequencesAndInitialStates) {
  Case c;
  c.direction = "bidirectional";
  c.seq = 6;
  c.batch = 4;
  c.lens = {6, 3, 1, 0};
  c.initial = true;
  check_all_ops(c, 2);
}

TEST(Rnn, ReverseLayout1WithShorterSequences) {
  Case c;
  c.direction = "reverse";
  c.layout = 1;
  c.lens = {2, 4, 3};
  c.initial = true;
  check_all_ops(c, 3);
}

TEST(Rnn, BidirectionalLayout1NoBias) {
  Case c;
  c.direction = "bidirectional";
  c.layout = 1;
  c.bias = false;
  c.initial = true;
  c.lens = {4, 1, 3};
  check_all_ops(c, 4);
}

TEST(Rnn, ClipBoundsTheGateInputs) {
  Case c;
  c.clip = 0.3f;
  c.initial = true;
  check_all_ops(c, 5);
}

TEST(Rnn, LstmPeepholesClipAndInputForget) {
  Case c;
  c.op = "LSTM";
  c.direction = "bidirectional";
  c.peepholes = true;
  c.initial = true;
  c.clip = 1.5f;
  c.lens = {4, 2, 3};
  check<float>(c, 6, 2e-5);
  c.input_forget = 1;
  c.direction = "reverse";
  check<float>(c, 7, 2e-5);
}

TEST(Rnn, GruLinearBeforeReset) {
  Case c;
  c.op = "GRU";
  c.linear_before_reset = 1;
  c.initial = true;
  for (const char* dir : {"forward", "reverse", "bidirectional"}) {
    c.direction = dir;
    check<float>(c, 8, 2e-5);
  }
  c.clip = 0.5f;
  c.layout = 1;
  c.lens = {1, 4, 2};
  check<float>(c, 9, 2e-5);
}

TEST(Rnn, CustomActivationsWithAlphaAndBeta) {
  Case c;
  c.direction = "bidirectional";
  c.initial = true;
  c.op = "LSTM";
  c.activations = {"HardSigmoid", "ScaledTanh", "Softsign", "Sigmoid", "Affine", "Elu"};
  c.alpha = {0.3f, 0.9f, 0.7f, 0.8f};
  c.beta = {0.45f, 1.2f, 0.1f};
  check<float>(c, 10, 2e-5);
  c.op = "GRU";
  c.activations = {"Sigmoid", "Softplus", "HardSigmoid", "ThresholdedRelu"};
  c.alpha = {0.25f, 0.1f};
  c.beta = {0.6f};
  check<float>(c, 11, 2e-5);
  c.op = "RNN";
  c.activations = {"Relu", "LeakyRelu"};
  c.alpha = {0.2f};
  c.beta = {};
  check<float>(c, 12, 2e-5);
  c.direction = "forward";
  c.activations = {"Elu"};
  c.alpha = {};  // ONNX's default alpha
  check<float>(c, 13, 2e-5);
}

TEST(Rnn, OneActivationListServesBothDirections) {
  Case c;
  c.op = "GRU";
  c.direction = "bidirectional";
  c.activations = {"HardSigmoid", "Softsign"};
  check<float>(c, 15, 2e-5);
}

TEST(Rnn, Float64) {
  Case c;
  c.direction = "bidirectional";
  c.initial = true;
  c.lens = {4, 2, 1};
  for (const char* op : {"LSTM", "GRU", "RNN"}) {
    c.op = op;
    c.peepholes = c.op == "LSTM";
    const auto accepted = check<double>(c, 16, 1e-12);
#if defined(SPUD_EIGEN)
    EXPECT_TRUE(has(accepted, eigen_def(op, true))) << op;
#endif
  }
}

TEST(Rnn, Opset7WithoutLayout) {
  Case c;
  c.version = 7;
  c.direction = "bidirectional";
  check_all_ops(c, 17);
}

TEST(Rnn, ProductsLargeEnoughToBlock) {
  Case c;
  c.direction = "bidirectional";
  c.seq = 9;
  c.batch = 5;
  c.input = 150;
  c.hidden = 96;
  c.initial = true;
  c.lens = {9, 7, 1, 9, 4};
  for (const char* op : {"LSTM", "GRU", "RNN"}) {
    c.op = op;
    c.peepholes = c.op == "LSTM";
    const auto accepted = check<float>(c, 18, 1e-4);
#if defined(SPUD_EIGEN)
    EXPECT_TRUE(has(accepted, eigen_def(op, false))) << op;
#endif
  }
  c.op = "GRU";
  c.linear_before_reset = 1;
  c.layout = 1;
  check<float>(c, 19, 1e-4);
}

// Bad nodes: an error from init or prepare that says what is wrong, on
// every tier.
TEST(Rnn, BadNodesFailWithAMessage) {
  TestTensor X = make_tensor<float>({2, 1, 3}, std::vector<float>(6, 0.5f));
  TestTensor W = make_tensor<float>({1, 8, 3}, std::vector<float>(24, 0.1f));  // 4 gates, hidden 2
  TestTensor R = make_tensor<float>({1, 8, 2}, std::vector<float>(16, 0.1f));
  TestTensor Wbad = make_tensor<float>({1, 8, 4}, std::vector<float>(32, 0.1f));
  TestTensor Rbad = make_tensor<float>({1, 6, 2}, std::vector<float>(12, 0.1f));
  TestTensor Lbad = make_tensor<int32_t>({1}, {3});
  Lbad.constant = true;
  TestTensor Lint64 = make_tensor<int64_t>({1}, {2});
  TestTensor H0bad = make_tensor<float>({2, 1, 2}, std::vector<float>(4, 0.f));
  struct Bad {
    std::function<void(AttrBuilder&)> attrs;
    std::vector<const TestTensor*> inputs;
    std::string phase, words;
    int version = 14;
  };
  const std::vector<Bad> cases = {
      {[](AttrBuilder& a) { a.s("direction", "sideways"); }, {&X, &W, &R}, "init", "direction"},
      {[](AttrBuilder& a) { a.i("layout", 2); }, {&X, &W, &R}, "init", "layout"},
      {[](AttrBuilder& a) { a.i("layout", 1); }, {&X, &W, &R}, "init", "layout", 7},
      {[](AttrBuilder& a) { a.strings("activations", {"Sigmoid", "Tanh", "Swish"}); }, {&X, &W, &R}, "init",
       "unknown activation"},
      {[](AttrBuilder& a) { a.strings("activations", {"Sigmoid", "Tanh"}); }, {&X, &W, &R}, "init", "activations"},
      {[](AttrBuilder& a) { a.f("clip", -1.f); }, {&X, &W, &R}, "init", "clip"},
      {[](AttrBuilder& a) { a.i("linear_before_reset", 1); }, {&X, &W, &R}, "init", "linear_before_reset"},
      {[](AttrBuilder& a) { a.i("hidden_size", 3); }, {&X, &W, &R}, "prepare", "hidden_size"},
      {[](AttrBuilder&) {}, {&X, &Wbad, &R}, "prepare", "W must be"},
      {[](AttrBuilder&) {}, {&X, &W, &Rbad}, "prepare", "R must be"},
      {[](AttrBuilder& a) { a.s("direction", "bidirectional"); }, {&X, &W, &R}, "prepare", "num_directions"},
      {[](AttrBuilder&) {}, {&X, &W, &R, nullptr, &Lbad}, "prepare", "sequence_lens"},
      {[](AttrBuilder&) {}, {&X, &W, &R, nullptr, &Lint64}, "prepare", "sequence_lens"},
      {[](AttrBuilder&) {}, {&X, &W, &R, nullptr, nullptr, &H0bad}, "prepare", "initial_h"},
      {[](AttrBuilder&) {}, {&X, &W}, "prepare", "needs X, W and R"},
  };
  for (const Bad& b : cases) {
    AttrBuilder a;
    b.attrs(a);
    const std::vector<const KernelDef*> tiers = kernel_tiers("LSTM", b.version, {&X});
    ASSERT_FALSE(tiers.empty());
    for (const KernelDef* def : tiers) {
      const RunResult r = run_kernel_def(def, b.version, a, b.inputs, 3);
      EXPECT_EQ(r.phase, b.phase) << b.words;
      EXPECT_EQ(r.status.code(), StatusCode::kInvalidModel) << b.words;
      EXPECT_NE(std::string(r.status.message()).find(b.words), std::string::npos)
          << "message '" << r.status.message() << "' should mention " << b.words;
    }
  }
}

// A sequence_lens input known only when running is checked when running.
TEST(Rnn, SequenceLensOutOfRangeFailsInEval) {
  TestTensor X = make_tensor<float>({2, 2, 3}, std::vector<float>(12, 0.5f));
  TestTensor W = make_tensor<float>({1, 2, 3}, std::vector<float>(6, 0.1f));
  TestTensor R = make_tensor<float>({1, 2, 2}, std::vector<float>(4, 0.1f));
  TestTensor L = make_tensor<int32_t>({2}, {2, 3});  // not constant: seen in eval only
  for (const KernelDef* def : kernel_tiers("RNN", 14, {&X})) {
    const RunResult r = run_kernel_def(def, 14, AttrBuilder(), {&X, &W, &R, nullptr, &L}, 2);
    EXPECT_EQ(r.phase, "eval");
    EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(std::string(r.status.message()).find("sequence_lens"), std::string::npos) << r.status.message();
  }
}

}  // namespace
}  // namespace testing
}  // namespace spud
