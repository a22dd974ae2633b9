// Sessions through the public C API: caller-provided memory, missing
// kernels, tensor views and results of small graphs (calls made wrongly are
// in api_misuse_test.cc).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "expect_message.h"
#include "loaded_model.h"
#include "model_builder.h"
#include "spud/spud.h"
#include "spud/spud.hpp"

namespace spud {
namespace {

using testing::AlignedBytes;
using testing::Loaded;
using testing::ModelBuilder;
using testing::NodeOptions;
using testing::values_of;

// Three nodes, two inputs, two outputs; one output is also read by a node:
//   a[2,3] -> Relu(first) -> t -> Relu(second) -> out_t2
//   b[4]   -> Relu(third) -> out_b
//   and t is also graph output 0.
ModelBuilder three_node_builder() {
  ModelBuilder b;
  const std::string a = b.input("a", DType::kFloat32, {2, 3});
  const std::string in_b = b.input("b", DType::kFloat32, {4});
  const std::string t = b.node("Relu", {a}, NodeOptions().named("first"));
  const std::string t2 = b.node("Relu", {t}, NodeOptions().named("second"));
  const std::string ob = b.node("Relu", {in_b}, NodeOptions().named("third"));
  b.output(t).output(ob).output(t2);
  return b;
}

TEST(Session, ThreeNodeGraphComputesCorrectOutputs) {
  for (bool planned : {true, false}) {
    SCOPED_TRACE(planned ? "planned" : "unplanned");
    Loaded m(three_node_builder().build(planned), !planned);
    ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
    spud_session* s = nullptr;
    spud_error err{};
    ASSERT_EQ(spud_session_create(m.model, nullptr, nullptr, 0, &s, &err), SPUD_OK) << err.message;
    ASSERT_EQ(spud_session_num_inputs(s), 2);
    ASSERT_EQ(spud_session_num_outputs(s), 3);
    spud_tensor a{}, b{};
    ASSERT_EQ(spud_session_input(s, 0, &a), SPUD_OK);
    ASSERT_EQ(spud_session_input(s, 1, &b), SPUD_OK);
    const std::vector<float> va = {-1.f, 2.f, -3.f, 4.f, -5.f, 6.f}, vb = {0.25f, -0.25f, 8.f, -8.f};
    ASSERT_EQ(a.size_bytes, va.size() * 4);
    ASSERT_EQ(b.size_bytes, vb.size() * 4);
    for (int round = 0; round < 3; ++round) {
      // Different values each round: the session must not cache results.
      std::vector<float> xa = va, xb = vb;
      for (float& v : xa) v *= static_cast<float>(round + 1);
      for (float& v : xb) v *= static_cast<float>(round + 1);
      std::memcpy(a.data, xa.data(), a.size_bytes);
      std::memcpy(b.data, xb.data(), b.size_bytes);
      ASSERT_EQ(spud_session_run(s, &err), SPUD_OK) << err.message;
      spud_tensor t{}, ob{}, t2{};
      ASSERT_EQ(spud_session_output(s, 0, &t), SPUD_OK);
      ASSERT_EQ(spud_session_output(s, 1, &ob), SPUD_OK);
      ASSERT_EQ(spud_session_output(s, 2, &t2), SPUD_OK);
      const float k = static_cast<float>(round + 1);
      const std::vector<float> expect_t = {0.f, 2.f * k, 0.f, 4.f * k, 0.f, 6.f * k};
      EXPECT_EQ(values_of<float>(t.data, t.size_bytes), expect_t);
      EXPECT_EQ(values_of<float>(t2.data, t2.size_bytes), expect_t);
      EXPECT_EQ(values_of<float>(ob.data, ob.size_bytes), (std::vector<float>{0.25f * k, 0.f, 8.f * k, 0.f}));
    }
    spud_session_free(s);
  }
}

// Inputs are written once and may be run many times (spud run --repeat):
// no intermediate may reuse an input's bytes. A chain of same-sized
// tensors is where a planner would reuse them.
TEST(Session, InputsSurviveRunsSoRepeatedRunsAgree) {
  for (bool planned : {true, false}) {
    SCOPED_TRACE(planned ? "planned" : "unplanned");
    ModelBuilder b;
    std::string t = b.input("x", DType::kFloat32, {64});
    for (int i = 0; i < 4; ++i) t = b.node("Relu", {t});
    b.output(t);
    Loaded m(b.build(planned), !planned);
    ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
    spud_session* session = nullptr;
    spud_error err{};
    ASSERT_EQ(spud_session_create(m.model, nullptr, nullptr, 0, &session, &err), SPUD_OK) << err.message;
    spud_tensor x{};
    ASSERT_EQ(spud_session_input(session, 0, &x), SPUD_OK);
    std::vector<float> v(64);
    for (size_t i = 0; i < v.size(); ++i) v[i] = (i % 2 ? -1.f : 1.f) * static_cast<float>(i);
    std::memcpy(x.data, v.data(), x.size_bytes);
    std::vector<float> first;
    for (int run = 0; run < 3; ++run) {
      ASSERT_EQ(spud_session_run(session, &err), SPUD_OK) << err.message;
      EXPECT_EQ(values_of<float>(x.data, x.size_bytes), v) << "input changed by run " << run;
      spud_tensor y{};
      ASSERT_EQ(spud_session_output(session, 0, &y), SPUD_OK);
      const std::vector<float> out = values_of<float>(y.data, y.size_bytes);
      if (run == 0) first = out;
      EXPECT_EQ(out, first) << "run " << run << " differs from the first";
    }
    for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(first[i], v[i] > 0 ? v[i] : 0.f);
    spud_session_free(session);
  }
}

// A Reshape whose target shape is a graph input: the converter marks it
// dynamic, and each Run() prepares it with that run's shape values.
TEST(Session, DynamicNodeTakesItsShapeFromEachRun) {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {2, 6});
  const std::string shape = b.input("shape", DType::kInt64, {2});
  const std::string r = b.node("Reshape", {x, shape});
  b.output(b.node("Relu", {r}));
  Loaded m(b.build(/*planned=*/true));
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  spud::Model model(m.storage.data(), m.storage.size());
  spud::Session session(model);
  ASSERT_TRUE(session.ok()) << session.error().message;
  std::vector<float> v(12);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i) - 5.f;
  std::memcpy(session.input(0).data, v.data(), v.size() * 4);
  const std::vector<std::vector<int64_t>> shapes = {{3, 4}, {12, 1}, {-1, 2}, {3, 4}};
  const std::vector<std::vector<int64_t>> expect = {{3, 4}, {12, 1}, {6, 2}, {3, 4}};
  for (size_t k = 0; k < shapes.size(); ++k) {
    std::memcpy(session.input(1).data, shapes[k].data(), 16);
    ASSERT_EQ(session.run(), SPUD_OK) << session.error().message;
    const spud_tensor y = session.output(0);
    EXPECT_EQ(std::vector<int64_t>(y.dims, y.dims + y.rank), expect[k]);
    const std::vector<float> out = values_of<float>(y.data, y.size_bytes);
    ASSERT_EQ(out.size(), 12u);
    for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], v[i] > 0 ? v[i] : 0.f);
  }
  // A shape that does not fit the data fails that run with the node named.
  const int64_t bad[2] = {5, 5};
  std::memcpy(session.input(1).data, bad, 16);
  EXPECT_NE(session.run(), SPUD_OK);
  EXPECT_MESSAGE_HAS(session.error().message, "Reshape");
}

// An input with a symbolic dimension, through the C++ wrapper: each run
// takes the shape set before it; a shape the model fixes otherwise fails.
TEST(Session, CppWrapperSetsASymbolicInputsShape) {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {-1, 2});
  b.graph().tensors.at(x).dim_params = {"n", ""};
  b.output(b.node("Relu", {x}));
  Loaded m(b.build(/*planned=*/true));
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  spud::Model model(m.storage.data(), m.storage.size());
  spud::Session session(model);
  ASSERT_TRUE(session.ok()) << session.error().message;
  for (int64_t n : {3, 1, 4}) {
    const int64_t dims[2] = {n, 2};
    ASSERT_EQ(session.set_input_shape(0, dims, 2), SPUD_OK) << session.error().message;
    const spud_tensor in = session.input(0);
    ASSERT_EQ(in.size_bytes, static_cast<size_t>(n) * 8);
    std::vector<float> v(static_cast<size_t>(n) * 2);
    for (size_t i = 0; i < v.size(); ++i) v[i] = (i % 2 ? 1.f : -1.f) * static_cast<float>(i);
    std::memcpy(in.data, v.data(), in.size_bytes);
    ASSERT_EQ(session.run(), SPUD_OK) << session.error().message;
    const spud_tensor y = session.output(0);
    EXPECT_EQ(std::vector<int64_t>(y.dims, y.dims + y.rank), (std::vector<int64_t>{n, 2}));
    const std::vector<float> out = values_of<float>(y.data, y.size_bytes);
    ASSERT_EQ(out.size(), v.size());
    for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(out[i], v[i] > 0 ? v[i] : 0.f) << i;
  }
  const int64_t wide[2] = {2, 3};
  EXPECT_EQ(session.set_input_shape(0, wide, 2), SPUD_INVALID_ARGUMENT);
  EXPECT_MESSAGE_HAS(session.error().message, "fixed at 2");
}

// Unique must sort to know its output sizes: its prepare asks for scratch
// (kernel.h, scratch_capacity), gets it, runs again, and leaves eval the
// groups; with a symbolic input the buffer grows when the input does and is
// reused when it shrinks.
TEST(Session, PrepareThatNeedsScratchGetsItAsTheInputGrows) {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kInt64, {-1});
  b.graph().tensors.at(x).dim_params = {"n"};
  (void)b.node("Unique", {x}, NodeOptions().outputs(4).attrs(testing::Attrs().i("sorted", 0)));
  for (const std::string& out : b.last_outputs()) b.output(out);
  Loaded m(b.build(/*planned=*/true));
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  spud_session* s = nullptr;
  ASSERT_EQ(spud_session_create(m.model, nullptr, nullptr, 0, &s, &m.err), SPUD_OK) << m.err.message;
  struct Run {
    std::vector<int64_t> in, values, first, inverse, counts;
  };
  const std::vector<Run> runs = {
      {{5, 5, 1}, {5, 1}, {0, 2}, {0, 0, 1}, {2, 1}},
      {{4, 2, 4, 9, 2, 2, 7, 4, 9, 0}, {4, 2, 9, 7, 0}, {0, 1, 3, 6, 9}, {0, 1, 0, 2, 1, 1, 3, 0, 2, 4}, {3, 3, 2, 1, 1}},
      {{-3, -3}, {-3}, {0}, {0, 0}, {2}},
  };
  for (const Run& r : runs) {
    const int64_t n = static_cast<int64_t>(r.in.size());
    ASSERT_EQ(spud_session_set_input_shape(s, 0, &n, 1, &m.err), SPUD_OK) << m.err.message;
    spud_tensor in{};
    ASSERT_EQ(spud_session_input(s, 0, &in), SPUD_OK);
    std::memcpy(in.data, r.in.data(), r.in.size() * 8);
    ASSERT_EQ(spud_session_run(s, &m.err), SPUD_OK) << m.err.message;
    const std::vector<std::vector<int64_t>> want = {r.values, r.first, r.inverse, r.counts};
    for (int k = 0; k < 4; ++k) {
      spud_tensor out{};
      ASSERT_EQ(spud_session_output(s, k, &out), SPUD_OK);
      EXPECT_EQ(values_of<int64_t>(out.data, out.size_bytes), want[static_cast<size_t>(k)]) << "output " << k << " at n = " << n;
    }
  }
  spud_session_free(s);
}

TEST(Session, TensorViewsDescribeInputsAndOutputs) {
  Loaded m(three_node_builder().build(true));
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  spud_session* s = nullptr;
  ASSERT_EQ(spud_session_create(m.model, nullptr, nullptr, 0, &s, nullptr), SPUD_OK);
  spud_tensor v{};
  ASSERT_EQ(spud_session_input(s, 0, &v), SPUD_OK);
  EXPECT_STREQ(v.name, "a");
  EXPECT_EQ(v.dtype, SPUD_FLOAT32);
  ASSERT_EQ(v.rank, 2);
  EXPECT_EQ(v.dims[0], 2);
  EXPECT_EQ(v.dims[1], 3);
  EXPECT_EQ(v.size_bytes, 24u);
  EXPECT_NE(v.data, nullptr);
  ASSERT_EQ(spud_session_input(s, 1, &v), SPUD_OK);
  EXPECT_STREQ(v.name, "b");
  ASSERT_EQ(v.rank, 1);
  EXPECT_EQ(v.dims[0], 4);
  EXPECT_EQ(v.size_bytes, 16u);
  ASSERT_EQ(spud_session_output(s, 0, &v), SPUD_OK);
  EXPECT_STREQ(v.name, "first_out0");
  EXPECT_EQ(v.dtype, SPUD_FLOAT32);
  ASSERT_EQ(v.rank, 2);
  EXPECT_EQ(v.dims[1], 3);
  ASSERT_EQ(spud_session_output(s, 1, &v), SPUD_OK);
  EXPECT_STREQ(v.name, "third_out0");
  ASSERT_EQ(spud_session_output(s, 2, &v), SPUD_OK);
  EXPECT_STREQ(v.name, "second_out0");
  EXPECT_EQ(v.size_bytes, 24u);
  // Every arena tensor is 64-byte aligned (the planner's alignment).
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(spud_session_input(s, i, &v), SPUD_OK);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(v.data) % 64, 0u);
  }
  spud_session_free(s);
}

TEST(Session, ScalarAndEmptyTensors) {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {});
  const std::string e = b.input("e", DType::kFloat32, {3, 0});
  b.output(b.node("Relu", {x})).output(b.node("Relu", {e}));
  Loaded m(b.build(true));
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  spud_session* s = nullptr;
  spud_error err{};
  ASSERT_EQ(spud_session_create(m.model, nullptr, nullptr, 0, &s, &err), SPUD_OK) << err.message;
  spud_tensor v{};
  ASSERT_EQ(spud_session_input(s, 0, &v), SPUD_OK);
  EXPECT_EQ(v.rank, 0);
  EXPECT_EQ(v.size_bytes, 4u);
  const float neg = -2.f;
  std::memcpy(v.data, &neg, 4);
  ASSERT_EQ(spud_session_input(s, 1, &v), SPUD_OK);
  EXPECT_EQ(v.size_bytes, 0u);
  ASSERT_EQ(spud_session_run(s, &err), SPUD_OK) << err.message;
  ASSERT_EQ(spud_session_output(s, 0, &v), SPUD_OK);
  EXPECT_EQ(values_of<float>(v.data, v.size_bytes), std::vector<float>{0.f});
  ASSERT_EQ(spud_session_output(s, 1, &v), SPUD_OK);
  EXPECT_EQ(v.rank, 2);
  EXPECT_EQ(v.size_bytes, 0u);
  spud_session_free(s);
}

TEST(Session, CallerMemoryOfExactlyTheReportedSizeWorks) {
  Loaded m(three_node_builder().build(true));
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  size_t bytes = 0;
  spud_error err{};
  ASSERT_EQ(spud_model_session_memory(m.model, &bytes, &err), SPUD_OK) << err.message;
  EXPECT_GE(bytes, spud_model_arena_size(m.model));
  // Every start alignment: the reported size covers aligning inside the block.
  for (size_t shift = 0; shift < 64; ++shift) {
    SCOPED_TRACE("memory starts " + std::to_string(shift) + " bytes past a 64-byte boundary");
    std::vector<uint8_t> zeros(bytes + shift, 0);
    AlignedBytes memory(zeros.data(), bytes, shift);
    spud_session* s = nullptr;
    ASSERT_EQ(spud_session_create(m.model, nullptr, memory.data(), bytes, &s, &err), SPUD_OK) << err.message;
    // The session lives inside the caller's block, arena included.
    const uint8_t* lo = memory.data();
    const uint8_t* hi = lo + bytes;
    EXPECT_GE(reinterpret_cast<const uint8_t*>(s), lo);
    EXPECT_LT(reinterpret_cast<const uint8_t*>(s), hi);
    spud_tensor t{};
    for (int i = 0; i < 2; ++i) {
      ASSERT_EQ(spud_session_input(s, i, &t), SPUD_OK);
      EXPECT_GE(static_cast<const uint8_t*>(t.data), lo);
      EXPECT_LE(static_cast<const uint8_t*>(t.data) + t.size_bytes, hi);
      std::memset(t.data, 0, t.size_bytes);
    }
    for (int i = 0; i < 3; ++i) {
      ASSERT_EQ(spud_session_output(s, i, &t), SPUD_OK);
      EXPECT_GE(static_cast<const uint8_t*>(t.data), lo);
      EXPECT_LE(static_cast<const uint8_t*>(t.data) + t.size_bytes, hi);
    }
    EXPECT_EQ(spud_session_run(s, &err), SPUD_OK) << err.message;
    spud_session_free(s);

    // One byte less fails, with a message, and leaves *out null.
    s = reinterpret_cast<spud_session*>(&bytes);
    EXPECT_EQ(spud_session_create(m.model, nullptr, memory.data(), bytes - 1, &s, &err), SPUD_OUT_OF_MEMORY);
    EXPECT_EQ(s, nullptr);
    EXPECT_EQ(err.code, SPUD_OUT_OF_MEMORY);
    EXPECT_MESSAGE_HAS(err.message, std::to_string(bytes - 1));
  }
}

TEST(Session, MissingKernelIsUnsupportedAndNamesOpAndOpset) {
  {
    ModelBuilder b;
    const std::string x = b.input("x", DType::kFloat32, {2, 3});
    b.output(b.node("FancyOp", {x}, NodeOptions().named("fancy").domain("com.example", 3).shape({2, 3})));
    Loaded m(b.build_naive_plan());
    ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
    spud_session* s = nullptr;
    spud_error err{};
    EXPECT_EQ(spud_session_create(m.model, nullptr, nullptr, 0, &s, &err), SPUD_UNSUPPORTED);
    EXPECT_EQ(s, nullptr);
    EXPECT_MESSAGE_HAS(err.message, "FancyOp");
    EXPECT_MESSAGE_HAS(err.message, "com.example");
    EXPECT_MESSAGE_HAS(err.message, "opset 3");
    EXPECT_MESSAGE_HAS(err.message, "'fancy'");
    // Sizing the session needs the kernels too.
    size_t bytes = 0;
    EXPECT_EQ(spud_model_session_memory(m.model, &bytes, &err), SPUD_UNSUPPORTED);
    EXPECT_MESSAGE_HAS(err.message, "FancyOp");
    std::vector<uint8_t> memory(1 << 16);
    EXPECT_EQ(spud_session_create(m.model, nullptr, memory.data(), memory.size(), &s, &err), SPUD_UNSUPPORTED);
  }
  {
    // A real operator at an opset version no kernel covers.
    ModelBuilder b(1);
    const std::string x = b.input("x", DType::kFloat32, {2});
    b.output(b.node("Relu", {x}, NodeOptions().shape({2})));
    ASSERT_EQ(b.graph().nodes[0].since_version, 1);
    Loaded m(b.build_naive_plan());
    ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
    spud_session* s = nullptr;
    spud_error err{};
    EXPECT_EQ(spud_session_create(m.model, nullptr, nullptr, 0, &s, &err), SPUD_UNSUPPORTED);
    EXPECT_MESSAGE_HAS(err.message, "Relu");
    EXPECT_MESSAGE_HAS(err.message, "opset 1");
    EXPECT_MESSAGE_HAS(err.message, "ai.onnx");
  }
  {
    // The operator exists, but not for this input type.
    ModelBuilder b;
    const std::string x = b.input("x", DType::kBool, {2});
    b.output(b.node("Relu", {x}, NodeOptions().shape({2})));
    Loaded m(b.build_naive_plan());
    ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
    spud_session* s = nullptr;
    spud_error err{};
    EXPECT_EQ(spud_session_create(m.model, nullptr, nullptr, 0, &s, &err), SPUD_UNSUPPORTED);
    EXPECT_MESSAGE_HAS(err.message, "Relu");
    EXPECT_MESSAGE_HAS(err.message, "bool");
  }
}

TEST(Session, CppWrapper) {
  ModelBuilder b;
  b.output(b.node("Relu", {b.input("x", DType::kFloat32, {3})}));
  AlignedBytes bytes(b.build(true));
  spud::Model model(bytes.data(), bytes.size());
  ASSERT_TRUE(model.ok()) << model.error().message;
  spud::Session session(model);
  ASSERT_TRUE(session.ok()) << session.error().message;
  ASSERT_EQ(session.num_inputs(), 1);
  const float in[3] = {-1.f, 0.5f, 2.f};
  std::memcpy(session.input(0).data, in, sizeof(in));
  ASSERT_EQ(session.run(), SPUD_OK);
  const spud_tensor y = session.output(0);
  EXPECT_EQ(values_of<float>(y.data, y.size_bytes), (std::vector<float>{0.f, 0.5f, 2.f}));

  spud::Model missing("/nonexistent/model.spud");
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, SPUD_IO_ERROR);
}

}  // namespace
}  // namespace spud
