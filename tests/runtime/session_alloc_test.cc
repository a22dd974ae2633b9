// Run() never allocates, and a session in caller-provided memory never
// allocates at all. Every heap call made by code linked into this binary
// (libspud included) is counted by heap_hooks.h.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "heap_hooks.h"
#include "model_builder.h"
#include "spud/spud.h"

#if defined(SPUD_XNNPACK)
namespace spud {
namespace kernels {
size_t xnnpack_live_bytes();  // kernels/xnnpack/xnnpack_support.h
}  // namespace kernels
}  // namespace spud
#endif
#include "session.h"  // runtime/src: which definition each node got, kMaxKernelCandidates
#if defined(SPUD_EIGEN)
namespace spud {
namespace kernels {
extern const KernelDef kMatMulEigenFloat32, kGemmEigenFloat32, kEinsumEigenFloat32, kSoftmaxEigenFloat32,
    kLayerNormalizationEigenFloat32, kTanhEigenFloat32, kErfEigenFloat32, kLSTMEigenFloat32, kGRUEigenFloat32,
    kRNNEigenFloat32;
}  // namespace kernels
}  // namespace spud
#endif

namespace spud {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using testing::NodeOptions;

// Counts heap calls made while it is alive.
using AllocationWindow = testing::heap::Window;

std::vector<uint8_t> test_model() {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {4, 8});
  const std::string c = b.constant("c", {4}, {1.f, -2.f, 3.f, -4.f});
  std::string t = x;
  for (int i = 0; i < 4; ++i) t = b.node("Relu", {t});
  b.output(t);
  b.output(b.node("Relu", {c}));
  return b.build(true);
}

void fill_inputs(spud_session* s) {
  for (int i = 0; i < spud_session_num_inputs(s); ++i) {
    spud_tensor t{};
    ASSERT_EQ(spud_session_input(s, i, &t), SPUD_OK);
    float* p = static_cast<float*>(t.data);
    for (size_t k = 0; k < t.size_bytes / 4; ++k) p[k] = static_cast<float>(k % 7) - 3.f;
  }
}

TEST(SessionAllocation, CountersSeeHeapCalls) {
  // The hooks work: without them the tests below would pass vacuously.
  {
    AllocationWindow w;
    void* volatile p = std::malloc(16);
    std::free(p);
    EXPECT_EQ(w.allocations(), 1);
    EXPECT_EQ(w.frees(), 1);
  }
  {
    AllocationWindow w;
    std::vector<int>* v = new std::vector<int>(100);
    asm volatile("" : : "g"(v) : "memory");  // keeps the compiler from eliding the pair
    delete v;
    EXPECT_EQ(w.allocations(), 2);
  }
  // A session in its own memory allocates in create (through libspud's
  // platform hook) and frees in free.
  AlignedBytes bytes(test_model());
  spud_model* model = nullptr;
  ASSERT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, nullptr), SPUD_OK);
  spud_session* s = nullptr;
  {
    AllocationWindow w;
    ASSERT_EQ(spud_session_create(model, nullptr, nullptr, 0, &s, nullptr), SPUD_OK);
    EXPECT_GE(w.allocations(), 1);
  }
  {
    AllocationWindow w;
    spud_session_free(s);
    EXPECT_GE(w.frees(), 1);
  }
  spud_model_free(model);
}

TEST(SessionAllocation, RunDoesNotAllocate) {
  AlignedBytes bytes(test_model());
  spud_model* model = nullptr;
  spud_error err{};
  ASSERT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, &err), SPUD_OK) << err.message;
  spud_session* s = nullptr;
  ASSERT_EQ(spud_session_create(model, nullptr, nullptr, 0, &s, &err), SPUD_OK) << err.message;
  fill_inputs(s);
  long allocations = -1, frees = -1;
  spud_status statuses[5];
  {
    AllocationWindow w;
    for (spud_status& st : statuses) st = spud_session_run(s, &err);
    spud_tensor t{};
    (void)spud_session_input(s, 0, &t);
    (void)spud_session_output(s, 0, &t);
    allocations = w.allocations();
    frees = w.frees();
  }
  for (spud_status st : statuses) EXPECT_EQ(st, SPUD_OK) << err.message;
  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(frees, 0);
  spud_tensor y{};
  ASSERT_EQ(spud_session_output(s, 0, &y), SPUD_OK);
  EXPECT_EQ(static_cast<const float*>(y.data)[0], 0.f);  // relu(-3)
  EXPECT_EQ(static_cast<const float*>(y.data)[5], 2.f);  // relu(2)
  spud_session_free(s);
  spud_model_free(model);
}

// A model whose nodes run on accelerated kernels (XNNPACK where the build
// has it): NHWC Conv with a fused clamp, a 3x3 Conv of 16 channels on
// Winograd (its tiles in several blocks of the shared workspace), pools,
// element-wise ops, Gemm.
// prepack: with the AVX-512 kernels' packed weights in the file (used in
// place on such CPUs).
std::vector<uint8_t> accelerated_model(bool prepack = false) {
  ModelBuilder b;
  // 80x80 pixels: the same-shape Add is big enough to be cut into pieces
  // for two threads.
  const std::string x = b.input("x", DType::kFloat32, {1, 80, 80, 4});
  std::vector<float> w(16 * 3 * 3 * 4), w2(16 * 3 * 3 * 16), fc(40 * 40 * 16 * 5), bias(5), scale(16);
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i % 5) * 0.1f - 0.2f;
  for (size_t i = 0; i < w2.size(); ++i) w2[i] = static_cast<float>(i % 11) * 0.02f - 0.1f;
  for (size_t i = 0; i < fc.size(); ++i) fc[i] = static_cast<float>(i % 7) * 0.05f - 0.1f;
  for (size_t i = 0; i < bias.size(); ++i) bias[i] = static_cast<float>(i);
  for (size_t i = 0; i < scale.size(); ++i) scale[i] = static_cast<float>(i + 1);
  const auto nhwc = [] { return NodeOptions().domain("com.spud.nhwc", 1).since(1); };
  const auto conv3x3 = [] { return testing::Attrs().ints("kernel_shape", {3, 3}).ints("pads", {1, 1, 1, 1}); };
  std::string t = b.node("Conv", {x, b.constant("w", {16, 3, 3, 4}, w)},
                         nhwc().attrs(conv3x3().f("activation_min", 0.f).f("activation_max", 6.f)));
  t = b.node("Conv", {t, b.constant("w2", {16, 3, 3, 16}, w2)}, nhwc().attrs(conv3x3()));
  t = b.node("Add", {t, b.node("Sigmoid", {t})});
  t = b.node("MaxPool", {t}, nhwc().attrs(testing::Attrs().ints("kernel_shape", {2, 2}).ints("strides", {2, 2})));
  t = b.node("Mul", {t, b.constant("c", {16}, scale)});
  t = b.node("Flatten", {t});
  b.output(b.node("Gemm", {t, b.constant("fc", {25600, 5}, fc), b.constant("bias", {5}, bias)}));
  return b.build(true, prepack);
}

void expect_runs_without_allocating(const std::vector<uint8_t>& file) {
  AlignedBytes bytes(file);
  spud_model* model = nullptr;
  spud_error err{};
  ASSERT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, &err), SPUD_OK) << err.message;
  std::vector<float> one_thread;
  for (int threads : {1, 2}) {
    spud_session_options options = spud_session_options_default();
    options.num_threads = threads;
    spud_session* s = nullptr;
    const spud_status created = spud_session_create(model, &options, nullptr, 0, &s, &err);
#if !SPUD_THREADS
    if (threads > 1) {
      EXPECT_EQ(created, SPUD_UNSUPPORTED);
      continue;
    }
#endif
    ASSERT_EQ(created, SPUD_OK) << err.message;
#if defined(SPUD_XNNPACK)
    // Packed weights and operators exist: the nodes really are on XNNPACK.
    EXPECT_GT(spud_session_kernel_state_bytes(s), 25600u * 5u * 4u);
#endif
    fill_inputs(s);
    long allocations = -1, frees = -1;
    spud_status statuses[4];
#if defined(SPUD_XNNPACK)
    // XNNPACK maps its large blocks directly (no malloc to catch): what it
    // holds must not change while running either.
    const size_t held_before = spud::kernels::xnnpack_live_bytes();
#endif
    {
      AllocationWindow w;
      for (spud_status& st : statuses) st = spud_session_run(s, &err);
      allocations = w.allocations();
      frees = w.frees();
    }
#if defined(SPUD_XNNPACK)
    EXPECT_EQ(spud::kernels::xnnpack_live_bytes(), held_before);
#endif
    for (spud_status st : statuses) EXPECT_EQ(st, SPUD_OK) << err.message;
    EXPECT_EQ(allocations, 0) << threads << " threads";
    EXPECT_EQ(frees, 0) << threads << " threads";
    // Work cut between threads (the same-shape Add in pieces) computes the
    // same values.
    spud_tensor y{};
    ASSERT_EQ(spud_session_output(s, 0, &y), SPUD_OK);
    const float* v = static_cast<const float*>(y.data);
    if (threads == 1) one_thread.assign(v, v + y.size_bytes / 4);
    for (size_t i = 0; threads > 1 && i < one_thread.size(); ++i)
      EXPECT_NEAR(v[i], one_thread[i], 1e-4f * (1.f + std::fabs(one_thread[i]))) << i;
    spud_session_free(s);
  }
  spud_model_free(model);
}

TEST(SessionAllocation, RunOnAcceleratedKernelsDoesNotAllocate) { expect_runs_without_allocating(accelerated_model()); }

TEST(SessionAllocation, RunOnPrepackedWeightsDoesNotAllocate) {
  expect_runs_without_allocating(accelerated_model(/*prepack=*/true));
}

// A model whose nodes take the Eigen tier where the build has it: products
// of non-constant operands big enough that Eigen's GEMM packs into blocking
// buffers (256x512x256), Softmax, LayerNormalization, Tanh, Erf.
std::vector<uint8_t> eigen_model() {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {256, 512});
  const std::string w = b.input("w", DType::kFloat32, {512, 256});
  const std::string q = b.input("q", DType::kFloat32, {2, 4, 64, 32});
  std::vector<float> scale(256), bias(256);
  for (size_t i = 0; i < scale.size(); ++i) scale[i] = 0.5f + static_cast<float>(i % 3) * 0.25f;
  for (size_t i = 0; i < bias.size(); ++i) bias[i] = static_cast<float>(i % 5) * 0.1f;
  std::string t = b.node("MatMul", {x, w});
  t = b.node("Gemm", {t, b.node("Tanh", {t})}, testing::Attrs().i("transB", 1).f("alpha", 0.01f));
  t = b.node("Softmax", {t}, testing::Attrs().i("axis", -1));
  t = b.node("LayerNormalization", {t, b.constant("scale", {256}, scale), b.constant("bias", {256}, bias)},
             testing::Attrs().i("axis", -1));
  b.output(b.node("Erf", {t}));
  b.output(b.node("Einsum", {q, q}, testing::Attrs().s("equation", "bhqd,bhkd->bhqk")));
  return b.build(true);
}

TEST(SessionAllocation, RunOnEigenKernelsDoesNotAllocate) {
  AlignedBytes bytes(eigen_model());
  spud_model* model = nullptr;
  spud_error err{};
  ASSERT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, &err), SPUD_OK) << err.message;
  std::vector<float> one_thread[2];
  for (int threads : {1, 2}) {
    spud_session_options options = spud_session_options_default();
    options.num_threads = threads;
    spud_session* s = nullptr;
    const spud_status created = spud_session_create(model, &options, nullptr, 0, &s, &err);
#if !SPUD_THREADS
    if (threads > 1) {
      EXPECT_EQ(created, SPUD_UNSUPPORTED);
      continue;
    }
#endif
    ASSERT_EQ(created, SPUD_OK) << err.message;
#if defined(SPUD_EIGEN)
    // Every node is on its Eigen definition, and the GEMMs' buffers are
    // kernel state the tier holds.
    const SessionImpl* impl = reinterpret_cast<const SessionImpl*>(s);
    const KernelDef* expected[] = {&kernels::kMatMulEigenFloat32, &kernels::kTanhEigenFloat32,
                                   &kernels::kGemmEigenFloat32,   &kernels::kSoftmaxEigenFloat32,
                                   &kernels::kLayerNormalizationEigenFloat32, &kernels::kErfEigenFloat32,
                                   &kernels::kEinsumEigenFloat32};
    ASSERT_EQ(impl->num_nodes(), 7);
    for (int i = 0; i < 7; ++i) {
      const KernelDef* def = impl->node(i).def;
      EXPECT_TRUE(std::find(std::begin(expected), std::end(expected), def) != std::end(expected))
          << "node " << i << " (" << def->op_type << ") is not on the Eigen tier";
    }
    // The products' panel buffers: the session's shared workspace.
    EXPECT_GE(spud_session_kernel_state_bytes(s), size_t{64} << 10);
#endif
    fill_inputs(s);
    long allocations = -1, frees = -1;
    spud_status statuses[4];
    {
      AllocationWindow w;
      for (spud_status& st : statuses) st = spud_session_run(s, &err);
      allocations = w.allocations();
      frees = w.frees();
    }
    for (spud_status st : statuses) EXPECT_EQ(st, SPUD_OK) << err.message;
    EXPECT_EQ(allocations, 0) << threads << " threads";
    EXPECT_EQ(frees, 0) << threads << " threads";
    // Products cut between threads compute the same values.
    for (int o = 0; o < 2; ++o) {
      spud_tensor y{};
      ASSERT_EQ(spud_session_output(s, o, &y), SPUD_OK);
      const float* v = static_cast<const float*>(y.data);
      if (threads == 1) one_thread[o].assign(v, v + y.size_bytes / 4);
      for (size_t i = 0; threads > 1 && i < one_thread[o].size(); ++i)
        ASSERT_NEAR(v[i], one_thread[o][i], 1e-4f * (1.f + std::fabs(one_thread[o][i]))) << o << ": " << i;
    }
    spud_session_free(s);
  }
  spud_model_free(model);
}

// LSTM (bidirectional, peepholes, constant sequence_lens), GRU and RNN
// whose X·W^T products (32x512x256) pass Eigen's stack limit: on the Eigen
// tier where the build has it, on the reference one otherwise.
std::vector<uint8_t> recurrent_model() {
  ModelBuilder b;
  const int64_t seq = 8, batch = 4, in = 256, hid = 128;
  const std::string x = b.input("x", DType::kFloat32, {seq, batch, in});
  const auto weights = [&b](const std::string& name, std::vector<int64_t> shape) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    std::vector<float> v(static_cast<size_t>(n));
    for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(static_cast<int>(i % 13) - 6) * 0.004f;
    return b.constant(name, shape, v);
  };
  const std::string lens = b.constant("lens", DType::kInt32, {batch}, std::vector<int32_t>{8, 5, 8, 3});
  const std::string lstm = b.node(
      "LSTM",
      {x, weights("w4", {2, 4 * hid, in}), weights("r4", {2, 4 * hid, hid}), weights("b4", {2, 8 * hid}), lens,
       "", "", weights("p", {2, 3 * hid})},
      NodeOptions().named("lstm").outputs(3).attrs(testing::Attrs().i("hidden_size", hid).s("direction",
                                                                                            "bidirectional")));
  b.output(lstm);
  b.output("lstm_out2");
  b.output(b.node("GRU", {x, weights("w3", {1, 3 * hid, in}), weights("r3", {1, 3 * hid, hid})},
                  NodeOptions().named("gru").outputs(2).attrs(testing::Attrs().i("hidden_size", hid))));
  b.output(b.node("RNN", {x, weights("w1", {1, hid, in}), weights("r1", {1, hid, hid})},
                  NodeOptions().named("rnn").outputs(2).attrs(testing::Attrs().i("hidden_size", hid))));
  return b.build(true);
}

TEST(SessionAllocation, RunOnRecurrentKernelsDoesNotAllocate) {
  AlignedBytes bytes(recurrent_model());
  spud_model* model = nullptr;
  spud_error err{};
  ASSERT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, &err), SPUD_OK) << err.message;
  spud_session* s = nullptr;
  spud_session_options options = spud_session_options_default();
  ASSERT_EQ(spud_session_create(model, &options, nullptr, 0, &s, &err), SPUD_OK) << err.message;
#if defined(SPUD_EIGEN)
  const SessionImpl* impl = reinterpret_cast<const SessionImpl*>(s);
  ASSERT_EQ(impl->num_nodes(), 3);
  EXPECT_EQ(impl->node(0).def, &kernels::kLSTMEigenFloat32);
  EXPECT_EQ(impl->node(1).def, &kernels::kGRUEigenFloat32);
  EXPECT_EQ(impl->node(2).def, &kernels::kRNNEigenFloat32);
  EXPECT_GE(spud_session_kernel_state_bytes(s), size_t{64} << 10);  // the GEMMs' panels
#endif
  fill_inputs(s);
  long allocations = -1, frees = -1;
  spud_status statuses[3];
  {
    AllocationWindow w;
    for (spud_status& st : statuses) st = spud_session_run(s, &err);
    allocations = w.allocations();
    frees = w.frees();
  }
  for (spud_status st : statuses) EXPECT_EQ(st, SPUD_OK) << err.message;
  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(frees, 0);
  spud_session_free(s);
  spud_model_free(model);
}

// On the reference kernels, a session in caller memory needs no heap at all.
// x [n, 6] with n symbolic -> MatMul W [6, 4] -> Softmax (y [n, 4]) and
// ReduceMean over n (z [1, 4]): every node is reached by n, so it is
// prepared on every run and its outputs' memory is kept while big enough.
std::vector<uint8_t> symbolic_model(std::vector<float>* w, int64_t bound = -1) {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {-1, 6});
  b.graph().tensors.at(x).dim_params = {"n", ""};
  if (bound >= 0) {  // --dim n=1..bound: planned for the bound
    b.graph().tensors.at(x).dim_min = {1, 6};
    b.graph().tensors.at(x).dim_max = {bound, 6};
  }
  w->resize(24);
  for (size_t i = 0; i < w->size(); ++i) (*w)[i] = static_cast<float>(i % 5) * 0.25f - 0.5f;
  const std::string m = b.node("MatMul", {x, b.constant("w", {6, 4}, *w)});
  b.output(b.node("Softmax", {m}, testing::Attrs().i("axis", 1)));
  b.output(b.node("ReduceMean", {m}, testing::Attrs().ints("axes", {0})));
  return b.build(true);
}

// Sets x to [n, 6] with values that depend on n, runs, and checks both
// outputs against a product, softmax and mean computed here; returns the
// heap calls made in between.
long run_symbolic_at(spud_session* s, const std::vector<float>& w, int64_t n) {
  spud_error err{};
  const int64_t dims[2] = {n, 6};
  std::vector<float> x(static_cast<size_t>(n * 6));
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>((i * 7 + static_cast<size_t>(n)) % 11) * 0.2f - 1.f;
  long allocations = -1;
  {
    AllocationWindow window;
    EXPECT_EQ(spud_session_set_input_shape(s, 0, dims, 2, &err), SPUD_OK) << err.message;
    spud_tensor in{};
    EXPECT_EQ(spud_session_input(s, 0, &in), SPUD_OK);
    if (in.size_bytes != x.size() * 4) {
      ADD_FAILURE() << "input holds " << in.size_bytes << " bytes";
      return -1;
    }
    std::memcpy(in.data, x.data(), in.size_bytes);
    EXPECT_EQ(spud_session_run(s, &err), SPUD_OK) << err.message;
    allocations = window.allocations();
  }
  std::vector<double> m(static_cast<size_t>(n * 4), 0.0);
  for (int64_t r = 0; r < n; ++r)
    for (int c = 0; c < 4; ++c)
      for (int k = 0; k < 6; ++k) m[r * 4 + c] += double{x[r * 6 + k]} * w[k * 4 + c];
  spud_tensor y{}, z{};
  EXPECT_EQ(spud_session_output(s, 0, &y), SPUD_OK);
  EXPECT_EQ(spud_session_output(s, 1, &z), SPUD_OK);
  if (y.rank != 2 || y.dims[0] != n || z.rank != 2 || z.dims[0] != 1) {
    ADD_FAILURE() << "output shapes";
    return allocations;
  }
  const float* yv = static_cast<const float*>(y.data);
  const float* zv = static_cast<const float*>(z.data);
  for (int64_t r = 0; r < n; ++r) {
    double sum = 0;
    for (int c = 0; c < 4; ++c) sum += std::exp(m[r * 4 + c]);
    for (int c = 0; c < 4; ++c) EXPECT_NEAR(yv[r * 4 + c], std::exp(m[r * 4 + c]) / sum, 1e-5) << r << "," << c;
  }
  for (int c = 0; c < 4; ++c) {
    double mean = 0;
    for (int64_t r = 0; r < n; ++r) mean += m[r * 4 + c] / static_cast<double>(n);
    EXPECT_NEAR(zv[c], mean, 1e-5) << c;
  }
  return allocations;
}

TEST(SessionAllocation, BoundedInputRunsAtEveryShapeWithoutTheHeap) {
  std::vector<float> w;
  AlignedBytes bytes(symbolic_model(&w, 8));
  spud_model* model = nullptr;
  spud_error err{};
  ASSERT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, &err), SPUD_OK) << err.message;
  EXPECT_EQ(spud_model_run_may_allocate(model), 0);
  // The whole session in memory sized before anything is allocated.
  size_t need = 0;
  ASSERT_EQ(spud_model_session_memory(model, &need, &err), SPUD_OK) << err.message;
  std::vector<uint8_t> memory(need + 64);
  uint8_t* aligned = memory.data() + (64 - reinterpret_cast<uintptr_t>(memory.data()) % 64) % 64;
  spud_session_options options = spud_session_options_default();
  options.reference_kernels_only = 1;
  spud_session* s = nullptr;
  {
    AllocationWindow window;
    ASSERT_EQ(spud_session_create(model, &options, aligned, need, &s, &err), SPUD_OK) << err.message;
    EXPECT_EQ(window.allocations(), 0);
  }
  for (int64_t n : {8, 3, 1, 5, 8}) {
    SCOPED_TRACE(n);
    EXPECT_EQ(run_symbolic_at(s, w, n), 0);
  }
  const int64_t over[2] = {9, 6}, zero[2] = {0, 6};
  EXPECT_EQ(spud_session_set_input_shape(s, 0, over, 2, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_NE(std::string(err.message).find("outside the bounds 1..8"), std::string::npos) << err.message;
  EXPECT_EQ(spud_session_set_input_shape(s, 0, zero, 2, &err), SPUD_INVALID_ARGUMENT);
  spud_session_free(s);
  spud_model_free(model);
}

TEST(SessionAllocation, SymbolicInputRunsAtEveryShapeAndReusesItsMemory) {
  std::vector<float> w;
  AlignedBytes bytes(symbolic_model(&w));
  spud_model* model = nullptr;
  spud_error err{};
  ASSERT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, &err), SPUD_OK) << err.message;
  EXPECT_EQ(spud_model_run_may_allocate(model), 1);
  // Bigger, the same, smaller, bigger than any before, the same, smaller.
  const int64_t sizes[] = {5, 5, 2, 9, 9, 3};
  spud_session* s = nullptr;
  // On the reference kernels memory is made only for a size bigger than
  // any before.
  spud_session_options reference = spud_session_options_default();
  reference.reference_kernels_only = 1;
  ASSERT_EQ(spud_session_create(model, &reference, nullptr, 0, &s, &err), SPUD_OK) << err.message;
  int64_t largest = 0;
  for (int64_t n : sizes) {
    SCOPED_TRACE(n);
    const long allocations = run_symbolic_at(s, w, n);
    if (n <= largest) EXPECT_EQ(allocations, 0);
    largest = std::max(largest, n);
  }
  spud_session_free(s);
  // With accelerated kernels, which pack their state for the shapes they
  // are prepared for, nothing is made while the shapes repeat.
  ASSERT_EQ(spud_session_create(model, nullptr, nullptr, 0, &s, &err), SPUD_OK) << err.message;
  int64_t previous = -1;
  for (int64_t n : sizes) {
    SCOPED_TRACE(n);
    const long allocations = run_symbolic_at(s, w, n);
    if (n == previous) EXPECT_EQ(allocations, 0);
    previous = n;
  }
#if defined(SPUD_XNNPACK)
  // The MatMul by constant weights really is on XNNPACK (packed weights).
  EXPECT_GE(spud_session_kernel_state_bytes(s), 24u * 4u);
#endif
  spud_session_free(s);
  spud_model_free(model);
}

TEST(SessionAllocation, CallerMemorySessionNeverAllocates) {
  AlignedBytes bytes(test_model());
  spud_session_options reference = spud_session_options_default();
  reference.reference_kernels_only = 1;
  spud_model* model = nullptr;
  spud_error err{};
  ASSERT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, &err), SPUD_OK) << err.message;
  size_t need = 0;
  ASSERT_EQ(spud_model_session_memory(model, &need, &err), SPUD_OK) << err.message;
  std::vector<uint8_t> memory(need);
  spud_session* s = nullptr;
  spud_status created, runs[3], too_small;
  long allocations = -1, frees = -1;
  {
    AllocationWindow w;
    size_t again = 0;
    (void)spud_model_session_memory(model, &again, &err);
    created = spud_session_create(model, &reference, memory.data(), memory.size(), &s, &err);
    if (created == SPUD_OK) {
      fill_inputs(s);
      for (spud_status& st : runs) st = spud_session_run(s, &err);
      spud_session_free(s);
    }
    // Failing creation does not allocate either.
    spud_session* other = nullptr;
    too_small = spud_session_create(model, &reference, memory.data(), need / 2, &other, &err);
    allocations = w.allocations();
    frees = w.frees();
  }
  ASSERT_EQ(created, SPUD_OK) << err.message;
  for (spud_status st : runs) EXPECT_EQ(st, SPUD_OK);
  EXPECT_EQ(too_small, SPUD_OUT_OF_MEMORY);
  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(frees, 0);
  spud_model_free(model);
}

// Control flow whose shapes are all static: If(c) { Relu(x) } else { Neg(x) };
// Loop(m) adding x to a carried value (x read from the outer graph); Scan
// over the rows of r with a running sum as its state and the sum's square
// as its scan output, the input read in reverse. With `scan_rows`, a Loop
// whose scan output stacks each iteration's value: shaped by the run.
std::vector<uint8_t> control_model(bool scan_rows) {
  ModelBuilder b(16);
  const std::string x = b.input("x", DType::kFloat32, {4});
  const std::string c = b.input("c", DType::kBool, {});
  const std::string m = b.input("m", DType::kInt64, {});
  const std::string r = b.input("r", DType::kFloat32, {3, 4});
  const std::string relu = b.node("Relu", {x}, NodeOptions().named("relu").shape({4}));
  auto then_g = b.subgraph("then", 1, {}, {relu});
  const std::string neg = b.node("Neg", {x}, NodeOptions().named("neg").shape({4}));
  auto else_g = b.subgraph("else", 1, {}, {neg});
  b.output(b.node("If", {c}, NodeOptions().named("if").dtype(DType::kFloat32).shape({4}).attrs(
                                 testing::Attrs().graph("then_branch", then_g).graph("else_branch", else_g))));
  const std::string iter = b.value("iter", DType::kInt64, {});
  const std::string cond_in = b.value("cond_in", DType::kBool, {});
  const std::string v = b.value("v", DType::kFloat32, {4});
  const std::string sum = b.node("Add", {v, x}, NodeOptions().named("sum").shape({4}));
  const std::string keep = b.node("Identity", {cond_in}, NodeOptions().named("keep").dtype(DType::kBool).shape({}));
  std::vector<std::string> body_out = {keep, sum};
  size_t body_nodes = 2;
  if (scan_rows) {
    body_out.push_back(b.node("Relu", {sum}, NodeOptions().named("row").shape({4})));
    ++body_nodes;
  }
  auto body = b.subgraph("body", body_nodes, {iter, cond_in, v}, body_out);
  b.node("Loop", {m, "", x},
         NodeOptions().named("loop").dtype(DType::kFloat32).outputs(scan_rows ? 2 : 1).attrs(
             testing::Attrs().graph("body", body)));
  for (const std::string& o : b.last_outputs()) b.output(o);
  const std::string state = b.value("state", DType::kFloat32, {4});
  const std::string slice = b.value("slice", DType::kFloat32, {4});
  const std::string acc = b.node("Add", {state, slice}, NodeOptions().named("acc").shape({4}));
  const std::string sq = b.node("Mul", {acc, acc}, NodeOptions().named("sq").shape({4}));
  auto scan_body = b.subgraph("scan_body", 2, {state, slice}, {acc, sq});
  b.node("Scan", {x, r},
         NodeOptions().named("scan").dtype(DType::kFloat32).outputs(2).attrs(
             testing::Attrs().i("num_scan_inputs", 1).ints("scan_input_directions", {1}).graph("body", scan_body)));
  for (const std::string& o : b.last_outputs()) b.output(o);
  return b.build(true);
}

struct ControlRun {
  std::vector<float> y_if, y_loop, rows, state, scan;
  std::vector<int64_t> rows_shape;
};

void set_control_inputs(spud_session* s, bool c, int64_t m) {
  spud_tensor t{};
  (void)spud_session_input(s, 0, &t);
  const float x[4] = {1.f, -2.f, 3.f, -4.f};
  std::memcpy(t.data, x, sizeof(x));
  (void)spud_session_input(s, 1, &t);
  *static_cast<uint8_t*>(t.data) = c ? 1 : 0;
  (void)spud_session_input(s, 2, &t);
  std::memcpy(t.data, &m, sizeof(m));
  (void)spud_session_input(s, 3, &t);
  for (int k = 0; k < 12; ++k) static_cast<float*>(t.data)[k] = static_cast<float>(k) * 0.5f;
}

ControlRun control_outputs(spud_session* s) {
  ControlRun out;
  auto read = [&](int i, std::vector<float>* v, std::vector<int64_t>* shape = nullptr) {
    spud_tensor t{};
    (void)spud_session_output(s, i, &t);
    v->assign(static_cast<const float*>(t.data), static_cast<const float*>(t.data) + t.size_bytes / 4);
    if (shape != nullptr) shape->assign(t.dims, t.dims + t.rank);
  };
  const int n = spud_session_num_outputs(s);
  read(0, &out.y_if);
  read(1, &out.y_loop);
  if (n == 5) read(2, &out.rows, &out.rows_shape);
  read(n - 2, &out.state);
  read(n - 1, &out.scan);
  return out;
}

TEST(SessionAllocation, StaticControlFlowRunsWithoutTheHeap) {
  AlignedBytes bytes(control_model(false));
  spud_model* model = nullptr;
  spud_error err{};
  ASSERT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, &err), SPUD_OK) << err.message;
  size_t need = 0;
  ASSERT_EQ(spud_model_session_memory(model, &need, &err), SPUD_OK) << err.message;
  std::vector<uint8_t> memory(need);
  spud_session* s = nullptr;
  spud_session_options reference = spud_session_options_default();
  reference.reference_kernels_only = 1;
  ASSERT_EQ(spud_session_create(model, &reference, memory.data(), memory.size(), &s, &err), SPUD_OK) << err.message;
  std::vector<ControlRun> runs;
  long allocations = 0;
  for (const auto& [c, m] : std::vector<std::pair<bool, int64_t>>{{true, 2}, {false, 5}, {true, 0}}) {
    set_control_inputs(s, c, m);
    spud_status st;
    {
      AllocationWindow w;
      st = spud_session_run(s, &err);
      allocations += w.allocations();
    }
    ASSERT_EQ(st, SPUD_OK) << err.message;
    runs.push_back(control_outputs(s));
  }
  EXPECT_EQ(allocations, 0);
  const std::vector<float> x = {1.f, -2.f, 3.f, -4.f};
  EXPECT_EQ(runs[0].y_if, (std::vector<float>{1.f, 0.f, 3.f, 0.f}));
  EXPECT_EQ(runs[1].y_if, (std::vector<float>{-1.f, 2.f, -3.f, 4.f}));
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(runs[0].y_loop[k], 3.f * x[k]);  // x + 2 iterations of x
    EXPECT_EQ(runs[1].y_loop[k], 6.f * x[k]);
    EXPECT_EQ(runs[2].y_loop[k], x[k]);
  }
  // Scan from the last row (r[i][k] = (4i + k) / 2) to the first.
  float acc[4] = {1.f, -2.f, 3.f, -4.f};
  std::vector<float> squares(12);
  for (int step = 0; step < 3; ++step) {
    const int row = 2 - step;
    for (int k = 0; k < 4; ++k) {
      acc[k] += static_cast<float>(4 * row + k) * 0.5f;
      squares[static_cast<size_t>(step * 4 + k)] = acc[k] * acc[k];
    }
  }
  EXPECT_EQ(runs[0].state, std::vector<float>(acc, acc + 4));
  EXPECT_EQ(runs[0].scan, squares);
  spud_session_free(s);
  spud_model_free(model);
}

TEST(SessionAllocation, LoopScanOutputGrowsThenIsReused) {
  AlignedBytes bytes(control_model(true));
  spud_model* model = nullptr;
  spud_error err{};
  ASSERT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, &err), SPUD_OK) << err.message;
  EXPECT_EQ(spud_model_run_may_allocate(model), 1);
  spud_session* s = nullptr;
  ASSERT_EQ(spud_session_create(model, nullptr, nullptr, 0, &s, &err), SPUD_OK) << err.message;
  long first = -1, again = -1, fewer = -1;
  ControlRun five, three;
  spud_status st[3];
  set_control_inputs(s, true, 5);
  {
    AllocationWindow w;
    st[0] = spud_session_run(s, &err);
    first = w.allocations();
  }
  five = control_outputs(s);
  {
    AllocationWindow w;
    st[1] = spud_session_run(s, &err);
    again = w.allocations();
  }
  set_control_inputs(s, true, 3);
  {
    AllocationWindow w;
    st[2] = spud_session_run(s, &err);
    fewer = w.allocations();
  }
  three = control_outputs(s);
  for (spud_status status : st) EXPECT_EQ(status, SPUD_OK) << err.message;
  EXPECT_GT(first, 0);
  EXPECT_EQ(again, 0);
  EXPECT_EQ(fewer, 0);
  EXPECT_EQ(five.rows_shape, (std::vector<int64_t>{5, 4}));
  EXPECT_EQ(three.rows_shape, (std::vector<int64_t>{3, 4}));
  const std::vector<float> x = {1.f, -2.f, 3.f, -4.f};
  for (int i = 0; i < 5; ++i)
    for (int k = 0; k < 4; ++k)
      EXPECT_EQ(five.rows[static_cast<size_t>(i * 4 + k)], std::max(0.f, static_cast<float>(i + 2) * x[static_cast<size_t>(k)]));
  spud_session_free(s);
  spud_model_free(model);
}

// A session keeps at most kMaxKernelCandidates definitions per node (the
// reference one last): an operator with more in this build's table would
// silently lose a tier (the NHWC Conv has five on x86-64 with XNNPACK).
TEST(SessionAllocation, NoOperatorHasMoreDefinitionsThanANodeKeeps) {
  int count = 0;
  const KernelEntry* table = all_kernels(&count);
  for (int i = 0; i < count; ++i) {
    const KernelDef* a = table[i].def;
    int overlapping = 0;
    for (int j = 0; j < count; ++j) {
      const KernelDef* b = table[j].def;
      overlapping += std::strcmp(a->domain, b->domain) == 0 && std::strcmp(a->op_type, b->op_type) == 0 &&
                     a->since_min <= b->since_max && b->since_min <= a->since_max && (a->types & b->types) != 0;
    }
    EXPECT_LE(overlapping, kMaxKernelCandidates) << a->domain << ":" << a->op_type << " since " << a->since_min;
  }
}

}  // namespace
}  // namespace spud
