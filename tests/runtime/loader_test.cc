// The loader treats every byte of a model as untrusted: truncations, bit
// flips and hand-corrupted fields must give a status, never a crash. Also
// built with ASan+UBSan (SPUD_SANITIZE=ON).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "expect_message.h"
#include "model.h"  // spud::crc32
#include "model_builder.h"
#include "spud/sequence.h"
#include "spud/spud.h"
#include "spud_generated.h"

// A bit flip may turn the arena size into gigabytes or terabytes. Like a
// device with a small heap, the allocator then returns nullptr (which ASan by
// default turns into an abort, and which is slow for it to find out).
extern "C" const char* __asan_default_options() {
  return "allocator_may_return_null=1:max_allocation_size_mb=256";
}
// Undefined behaviour (a misaligned load, an overflow) fails the test.
extern "C" const char* __ubsan_default_options() { return "halt_on_error=1:print_stacktrace=1"; }

namespace spud {
namespace {

using testing::AlignedBytes;
using testing::ModelBuilder;
using testing::NodeOptions;

// x[2,3] -> Relu -> Relu -> y, plus two constants each through a Relu, so
// the file has nodes, arena tensors, constants and a data section. relu1
// carries one attribute of every kind and pre-packed bytes (Relu ignores
// them all) so that corrupting those is exercised too.
ModelBuilder small_builder() {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {2, 3});
  const std::string c1 = b.constant("c1", {2}, {-1.f, 2.f});
  const std::string c2 = b.constant("c2", {2}, {3.f, -4.f});
  const testing::Attrs attrs =
      testing::Attrs().i("i", 7).f("f", 0.5f).s("s", "text").ints("ints", {1, 2}).floats("floats", {1.5f}).tensor(
          "t", c2);
  const std::string r1 = b.node("Relu", {x}, NodeOptions().named("relu1").shape({2, 3}).attrs(attrs));
  b.output(b.node("Relu", {r1}, NodeOptions().named("relu2").shape({2, 3})));
  b.output(b.node("Relu", {c1}, NodeOptions().named("relu_c1").shape({2})));
  b.output(b.node("Relu", {c2}, NodeOptions().named("relu_c2").shape({2})));
  // Pre-packed state (spud convert --prepack) that no Relu kernel reads,
  // so that corrupting it is exercised too.
  b.graph().nodes[0].packed_kind = "spud.test.v1";
  b.graph().nodes[0].packed.assign(128, 0x5a);
  return b;
}

const std::vector<uint8_t>& small_model() {
  static const std::vector<uint8_t> bytes = small_builder().build(true);
  return bytes;
}

// The same graph without a memory plan (the session plans it).
const std::vector<uint8_t>& small_unplanned_model() {
  static const std::vector<uint8_t> bytes = small_builder().build(false);
  return bytes;
}

struct Outcome {
  spud_status status = SPUD_OK;  // the first failure, or SPUD_OK
  std::string stage;             // "load", "create", "run" or "" on success
  std::string message;
};

// Loads, creates a session (session-owned memory, then also caller-owned
// memory when the model is planned and small) and runs it.
Outcome load_create_run(uint8_t* data, size_t size) {
  Outcome o;
  spud_error err{};
  spud_model* model = nullptr;
  // Unplanned files too: their checks are exercised here; the public
  // loader's refusal of them is tested on its own.
  o.status = spud_model_load_unplanned(data, size, &model, &err);
  if (o.status != SPUD_OK) {
    o.stage = "load";
    o.message = err.message;
    return o;
  }
  spud_session* session = nullptr;
  o.status = spud_session_create(model, nullptr, nullptr, 0, &session, &err);
  if (o.status != SPUD_OK) {
    o.stage = "create";
    o.message = err.message;
    spud_model_free(model);
    return o;
  }
  for (int i = 0; i < spud_session_num_inputs(session); ++i) {
    spud_tensor t{};
    if (spud_session_input(session, i, &t) == SPUD_OK) std::memset(t.data, 0x3f, t.size_bytes);
  }
  o.status = spud_session_run(session, &err);
  if (o.status != SPUD_OK) {
    o.stage = "run";
    o.message = err.message;
  }
  spud_session_free(session);

  size_t bytes = 0;
  if (o.status == SPUD_OK && spud_model_session_memory(model, &bytes, nullptr) == SPUD_OK &&
      bytes < (1u << 20)) {
    std::vector<uint8_t> memory(bytes);
    if (spud_session_create(model, nullptr, memory.data(), memory.size(), &session, nullptr) == SPUD_OK) {
      (void)spud_session_run(session, nullptr);
      spud_session_free(session);
    }
  }
  spud_model_free(model);
  return o;
}

Outcome load_create_run(const std::vector<uint8_t>& bytes) {
  AlignedBytes copy(bytes);
  return load_create_run(copy.data(), copy.size());
}

// Applies `edit` to the model in `bytes` through flatbuffers' mutable API.
std::vector<uint8_t> mutated(std::vector<uint8_t> bytes, const std::function<void(schema::Model*)>& edit) {
  edit(schema::GetMutableSizePrefixedModel(bytes.data()));
  return bytes;
}

uint32_t tensor_index(const schema::Model* m, const std::string& name) {
  for (uint32_t i = 0; i < m->tensors()->size(); ++i)
    if (m->tensors()->Get(i)->name()->str() == name) return i;
  ADD_FAILURE() << "no tensor " << name;
  return 0;
}

schema::Tensor* tensor_named(schema::Model* m, const std::string& name) {
  return m->mutable_tensors()->GetMutableObject(tensor_index(m, name));
}

schema::Node* node_named(schema::Model* m, const std::string& name) {
  for (uint32_t i = 0; i < m->nodes()->size(); ++i)
    if (m->nodes()->Get(i)->name()->str() == name) return m->mutable_nodes()->GetMutableObject(i);
  ADD_FAILURE() << "no node " << name;
  return m->mutable_nodes()->GetMutableObject(0);
}

TEST(Loader, ValidModelLoadsAndRuns) {
  AlignedBytes bytes(small_model());
  spud_error err{};
  spud_model* model = nullptr;
  ASSERT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, &err), SPUD_OK) << err.message;
  spud_session* session = nullptr;
  ASSERT_EQ(spud_session_create(model, nullptr, nullptr, 0, &session, &err), SPUD_OK) << err.message;
  ASSERT_EQ(spud_session_num_inputs(session), 1);
  ASSERT_EQ(spud_session_num_outputs(session), 3);
  spud_tensor x{};
  ASSERT_EQ(spud_session_input(session, 0, &x), SPUD_OK);
  const float in[6] = {-3.f, -0.5f, 0.f, 0.5f, 1.f, 7.f};
  ASSERT_EQ(x.size_bytes, sizeof(in));
  std::memcpy(x.data, in, sizeof(in));
  ASSERT_EQ(spud_session_run(session, &err), SPUD_OK) << err.message;
  spud_tensor y{}, y1{}, y2{};
  ASSERT_EQ(spud_session_output(session, 0, &y), SPUD_OK);
  ASSERT_EQ(spud_session_output(session, 1, &y1), SPUD_OK);
  ASSERT_EQ(spud_session_output(session, 2, &y2), SPUD_OK);
  EXPECT_EQ(testing::values_of<float>(y.data, y.size_bytes),
            (std::vector<float>{0.f, 0.f, 0.f, 0.5f, 1.f, 7.f}));
  EXPECT_EQ(testing::values_of<float>(y1.data, y1.size_bytes), (std::vector<float>{0.f, 2.f}));
  EXPECT_EQ(testing::values_of<float>(y2.data, y2.size_bytes), (std::vector<float>{3.f, 0.f}));
  spud_session_free(session);
  spud_model_free(model);
}

TEST(Loader, PublicLoaderRefusesUnplannedFiles) {
  AlignedBytes bytes(small_unplanned_model());
  spud_model* model = nullptr;
  spud_error err{};
  EXPECT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, &err), SPUD_INVALID_MODEL);
  EXPECT_EQ(model, nullptr);
  EXPECT_MESSAGE_HAS(err.message, "no memory plan");
  AlignedBytes planned(small_model());
  ASSERT_EQ(spud_model_load(planned.data(), planned.size(), &model, &err), SPUD_OK) << err.message;
  spud_model_free(model);
}

TEST(Loader, UnplannedModelLoadsAndRuns) {
  const Outcome o = load_create_run(small_unplanned_model());
  EXPECT_EQ(o.status, SPUD_OK) << o.stage << ": " << o.message;
}

TEST(Loader, ValidModelLoadsFromFile) {
  const std::string path = ::testing::TempDir() + "/loader_test_model.spud";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fwrite(small_model().data(), 1, small_model().size(), f), small_model().size());
  std::fclose(f);
  spud_error err{};
  spud_model* model = nullptr;
  ASSERT_EQ(spud_model_load_file(path.c_str(), &model, &err), SPUD_OK) << err.message;
  EXPECT_GT(spud_model_arena_size(model), 0u);
  spud_model_free(model);
  std::remove(path.c_str());

  EXPECT_EQ(spud_model_load_file((path + ".missing").c_str(), &model, &err), SPUD_IO_ERROR);
  EXPECT_EQ(model, nullptr);
  EXPECT_EQ(err.code, SPUD_IO_ERROR);
  EXPECT_NE(err.message[0], '\0');
}

TEST(Loader, EveryTruncationFails) {
  for (const std::vector<uint8_t>* model : {&small_model(), &small_unplanned_model()}) {
    const std::vector<uint8_t>& full = *model;
    ASSERT_GT(full.size(), 64u);
    for (size_t len = 0; len < full.size(); ++len) {
      AlignedBytes copy(full.data(), len);
      spud_model* loaded = nullptr;
      spud_error err{};
      const spud_status st = spud_model_load(copy.data(), len, &loaded, &err);
      EXPECT_NE(st, SPUD_OK) << "a model truncated to " << len << " of " << full.size() << " bytes loaded";
      EXPECT_EQ(err.code, st);
      if (st == SPUD_OK) spud_model_free(loaded);
      EXPECT_TRUE(st == SPUD_INVALID_MODEL || st == SPUD_INVALID_ARGUMENT) << "length " << len << ": " << st;
    }
  }
}

class LoaderBitFlips : public ::testing::TestWithParam<bool> {};

TEST_P(LoaderBitFlips, EveryBitFlipFailsCleanlyOrRuns) {
  const std::vector<uint8_t>& model = GetParam() ? small_model() : small_unplanned_model();
  const auto start = std::chrono::steady_clock::now();
  int failed = 0, ran = 0;
  for (size_t byte = 0; byte < model.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> flipped = model;
      flipped[byte] ^= static_cast<uint8_t>(1u << bit);
      const Outcome o = load_create_run(flipped);
      if (o.status == SPUD_OK) {
        ++ran;
        continue;
      }
      ++failed;
      // A failure is a defined status, reported with a message.
      EXPECT_GE(static_cast<int>(o.status), 1);
      EXPECT_LE(static_cast<int>(o.status), static_cast<int>(SPUD_LIMIT_EXCEEDED));
      EXPECT_NE(o.status, SPUD_INTERNAL) << "byte " << byte << " bit " << bit << ": " << o.message;
#if !defined(SPUD_NO_LOG_STRINGS)
      EXPECT_FALSE(o.message.empty()) << "byte " << byte << " bit " << bit;
#endif
    }
  }
  // Flipping bits in the header or a table must be caught; flipping padding
  // or a value (a constant's data) still gives a model that runs.
  EXPECT_GT(failed, 0);
  EXPECT_GT(ran, 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("flips", static_cast<int>(model.size() * 8));
  RecordProperty("failed", failed);
  RecordProperty("ran", ran);
  RecordProperty("seconds", std::to_string(seconds));
}

INSTANTIATE_TEST_SUITE_P(Loader, LoaderBitFlips, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return std::string(info.param ? "Planned" : "Unplanned");
                         });

TEST(Loader, RandomMultiByteCorruptionFailsCleanlyOrRuns) {
  const std::vector<uint8_t>& model = small_model();
  std::mt19937 rng(1234);
  std::uniform_int_distribution<size_t> pos(0, model.size() - 1);
  std::uniform_int_distribution<int> value(0, 255), count(2, 8);
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<uint8_t> bytes = model;
    const int n = count(rng);
    for (int k = 0; k < n; ++k) bytes[pos(rng)] = static_cast<uint8_t>(value(rng));
    const Outcome o = load_create_run(bytes);
    EXPECT_NE(o.status, SPUD_INTERNAL) << "trial " << trial << ": " << o.message;
  }
}

TEST(Loader, WrongFileIdentifier) {
  std::vector<uint8_t> bytes = small_model();
  // Size-prefixed: [size][root offset][identifier].
  ASSERT_EQ(std::memcmp(bytes.data() + 8, "SPUD", 4), 0);
  bytes[11] = 'X';
  const Outcome o = load_create_run(bytes);
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_EQ(o.stage, "load");
  EXPECT_MESSAGE_HAS(o.message, "identifier");
}

TEST(Loader, NewerFormatVersionIsUnsupported) {
  const Outcome newer = load_create_run(
      mutated(small_model(), [](schema::Model* m) { ASSERT_TRUE(m->mutate_format_version(4)); }));
  EXPECT_EQ(newer.status, SPUD_UNSUPPORTED);
  EXPECT_MESSAGE_HAS(newer.message, "version");
  const Outcome older = load_create_run(
      mutated(small_model(), [](schema::Model* m) { ASSERT_TRUE(m->mutate_format_version(0)); }));
  EXPECT_EQ(older.status, SPUD_INVALID_MODEL);
}

TEST(Loader, NodeTensorIndexOutOfRange) {
  for (int32_t bad : {3, 1000, -2, INT32_MIN}) {
    SCOPED_TRACE(bad);
    const Outcome in = load_create_run(mutated(small_model(), [&](schema::Model* m) {
      const int32_t n = static_cast<int32_t>(m->tensors()->size());
      node_named(m, "relu1")->mutable_inputs()->Mutate(0, bad < 0 ? bad : n + bad - 3);
    }));
    EXPECT_EQ(in.status, SPUD_INVALID_MODEL);
    EXPECT_EQ(in.stage, "load");
    EXPECT_MESSAGE_HAS(in.message, "index");
    const Outcome out = load_create_run(mutated(small_model(), [&](schema::Model* m) {
      const int32_t n = static_cast<int32_t>(m->tensors()->size());
      node_named(m, "relu2")->mutable_outputs()->Mutate(0, bad < 0 ? bad : n + bad - 3);
    }));
    EXPECT_EQ(out.status, SPUD_INVALID_MODEL);
    EXPECT_EQ(out.stage, "load");
  }
}

TEST(Loader, GraphInputOrOutputIndexOutOfRange) {
  const Outcome in = load_create_run(
      mutated(small_model(), [](schema::Model* m) { m->mutable_inputs()->Mutate(0, 99); }));
  EXPECT_EQ(in.status, SPUD_INVALID_MODEL);
  const Outcome out = load_create_run(
      mutated(small_model(), [](schema::Model* m) { m->mutable_outputs()->Mutate(1, -1); }));
  EXPECT_EQ(out.status, SPUD_INVALID_MODEL);
  // An index in range that names a tensor of the wrong kind.
  const Outcome kind = load_create_run(mutated(small_model(), [](schema::Model* m) {
    m->mutable_outputs()->Mutate(0, static_cast<int32_t>(tensor_index(m, "x")));
  }));
  EXPECT_EQ(kind.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(kind.message, "kind");
}

TEST(Loader, ConstantBufferPastDataSection) {
  const Outcome o = load_create_run(mutated(small_model(), [](schema::Model* m) {
    schema::Buffer* b = m->mutable_buffers()->GetMutableObject(tensor_named(m, "c2")->buffer());
    b->mutate_offset(m->data_size());
  }));
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(o.message, "data section");
  // An offset so large that offset + size wraps around.
  const Outcome wrap = load_create_run(mutated(small_model(), [](schema::Model* m) {
    m->mutable_buffers()->GetMutableObject(tensor_named(m, "c2")->buffer())->mutate_offset(UINT64_MAX - 3);
  }));
  EXPECT_EQ(wrap.status, SPUD_INVALID_MODEL);
  const Outcome index = load_create_run(
      mutated(small_model(), [](schema::Model* m) { ASSERT_TRUE(tensor_named(m, "c1")->mutate_buffer(7)); }));
  EXPECT_EQ(index.status, SPUD_INVALID_MODEL);
  const Outcome size = load_create_run(mutated(small_model(), [](schema::Model* m) {
    m->mutable_buffers()->GetMutableObject(tensor_named(m, "c1")->buffer())->mutate_size(4);
  }));
  EXPECT_EQ(size.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(size.message, "size");
  // The data section itself past the end of the file.
  const Outcome section = load_create_run(
      mutated(small_model(), [](schema::Model* m) { ASSERT_TRUE(m->mutate_data_size(m->data_size() + 64)); }));
  EXPECT_EQ(section.status, SPUD_INVALID_MODEL);
  const Outcome section_offset = load_create_run(
      mutated(small_model(), [](schema::Model* m) { ASSERT_TRUE(m->mutate_data_offset(m->data_offset() + 1)); }));
  EXPECT_EQ(section_offset.status, SPUD_INVALID_MODEL);
}

TEST(Loader, ConstantNotAligned) {
  const Outcome o = load_create_run(mutated(small_model(), [](schema::Model* m) {
    // Two 8-byte constants sit at data offsets 0 and 64; move the first by 8,
    // still inside the data section.
    schema::Buffer* b = nullptr;
    for (uint32_t i = 0; i < m->buffers()->size(); ++i)
      if (m->buffers()->Get(i)->offset() == 0) b = m->mutable_buffers()->GetMutableObject(i);
    ASSERT_NE(b, nullptr);
    ASSERT_GE(m->data_size(), 72u);
    b->mutate_offset(8);
  }));
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(o.message, "aligned");
}

#if defined(SPUD_XNNPACK) || defined(SPUD_EIGEN)
#define SPUD_TEST_READS_PACKED 1
#else
#define SPUD_TEST_READS_PACKED 0
#endif

TEST(Loader, PackedBufferOutsideTheFileOrWithoutKind) {
  ASSERT_EQ(load_create_run(small_model()).status, SPUD_OK);
#if !SPUD_TEST_READS_PACKED
  // Without accelerated tiers nothing reads pre-packed bytes, so nothing checks them.
  EXPECT_EQ(load_create_run(mutated(small_model(), [](schema::Model* m) {
              ASSERT_TRUE(node_named(m, "relu1")->mutate_packed_buffer(99));
            })).status,
            SPUD_OK);
  return;
#endif
  const Outcome index = load_create_run(
      mutated(small_model(), [](schema::Model* m) { ASSERT_TRUE(node_named(m, "relu1")->mutate_packed_buffer(99)); }));
  EXPECT_EQ(index.status, SPUD_INVALID_MODEL);
  EXPECT_EQ(index.stage, "load");
  EXPECT_MESSAGE_HAS(index.message, "packed buffer index");
  const Outcome past = load_create_run(mutated(small_model(), [](schema::Model* m) {
    const int32_t at = node_named(m, "relu1")->packed_buffer();
    m->mutable_buffers()->GetMutableObject(static_cast<uint32_t>(at))->mutate_offset(m->data_size() - 64);
  }));
  EXPECT_EQ(past.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(past.message, "packed buffer lies outside");
  const Outcome wrap = load_create_run(mutated(small_model(), [](schema::Model* m) {
    const int32_t at = node_named(m, "relu1")->packed_buffer();
    m->mutable_buffers()->GetMutableObject(static_cast<uint32_t>(at))->mutate_offset(UINT64_MAX - 63);
  }));
  EXPECT_EQ(wrap.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(wrap.message, "packed buffer lies outside");
  const Outcome aligned = load_create_run(mutated(small_model(), [](schema::Model* m) {
    const int32_t at = node_named(m, "relu1")->packed_buffer();
    schema::Buffer* b = m->mutable_buffers()->GetMutableObject(static_cast<uint32_t>(at));
    b->mutate_offset(b->offset() + 4);
    b->mutate_size(b->size() - 4);
  }));
  EXPECT_EQ(aligned.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(aligned.message, "packed buffer is not 64-byte aligned");
  // relu2 has no kind: pointing it at relu1's bytes is an error, not a guess.
  const Outcome kind = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(node_named(m, "relu2")->mutate_packed_buffer(node_named(m, "relu1")->packed_buffer()));
  }));
  EXPECT_EQ(kind.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(kind.message, "packed buffer has no kind");
}

TEST(Loader, ArenaOffsetPastArena) {
  const Outcome o = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(tensor_named(m, "relu1_out0")->mutate_arena_offset(m->arena_size()));
  }));
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_EQ(o.stage, "load");
  EXPECT_MESSAGE_HAS(o.message, "arena");
  // Ends one byte past the arena.
  const Outcome edge = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(tensor_named(m, "x")->mutate_arena_offset(m->arena_size() - 24 + 1));
  }));
  EXPECT_EQ(edge.status, SPUD_INVALID_MODEL);
  const Outcome wrap = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(tensor_named(m, "x")->mutate_arena_offset(UINT64_MAX - 8));
  }));
  EXPECT_EQ(wrap.status, SPUD_INVALID_MODEL);
  const Outcome scratch = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(node_named(m, "relu1")->mutate_scratch_size(m->arena_size() + 1));
  }));
  EXPECT_EQ(scratch.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(scratch.message, "scratch");
  const Outcome shrunk = load_create_run(
      mutated(small_model(), [](schema::Model* m) { ASSERT_TRUE(m->mutate_arena_size(16)); }));
  EXPECT_EQ(shrunk.status, SPUD_INVALID_MODEL);
}

// Offsets inside the arena and aligned, but two tensors alive at once made
// to share bytes (a kernel would then read what it writes): the session
// proves the plan before any kernel runs. Lifetimes in node order: x the
// whole run, relu1_out0 steps 0-1, relu2_out0 (an output) 1-end,
// relu_c1_out0 2-end.
TEST(Loader, OverlappingPlanIsRefused) {
  struct Case {
    const char* moved;
    const char* onto;
  };
  for (const Case& c : {Case{"relu1_out0", "x"}, Case{"x", "relu1_out0"}, Case{"relu2_out0", "relu1_out0"},
                        Case{"relu_c1_out0", "relu2_out0"}}) {
    SCOPED_TRACE(std::string(c.moved) + " onto " + c.onto);
    const Outcome o = load_create_run(mutated(small_model(), [&](schema::Model* m) {
      ASSERT_TRUE(tensor_named(m, c.moved)->mutate_arena_offset(tensor_named(m, c.onto)->arena_offset()));
    }));
    EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
    EXPECT_EQ(o.stage, "create");
    EXPECT_MESSAGE_HAS(o.message, "memory plan");
    EXPECT_MESSAGE_HAS(o.message, c.moved);
  }
  // A node's one byte of scratch on the first byte of a tensor alive while
  // the node runs (the edges are in memory_planner_test's CheckPlan tests).
  const Outcome scratch = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(node_named(m, "relu2")->mutate_scratch_size(1));
    ASSERT_TRUE(node_named(m, "relu2")->mutate_scratch_offset(tensor_named(m, "x")->arena_offset()));
  }));
  EXPECT_EQ(scratch.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(scratch.message, "scratch of node 'relu2'");
}

TEST(Loader, PlanReusingBytesOfDeadTensorsRuns) {
  // The converter's own plan already gives relu1_out0's bytes (dead after
  // step 1) to relu_c1_out0 (from step 2), and the file runs.
  const schema::Model* m = schema::GetSizePrefixedModel(small_model().data());
  const auto offset = [&](const char* name) { return m->tensors()->Get(tensor_index(m, name))->arena_offset(); };
  EXPECT_EQ(offset("relu1_out0"), offset("relu_c1_out0"));
  EXPECT_EQ(load_create_run(small_model()).status, SPUD_OK);
  // relu2's scratch (step 1) in relu_c2_out0's bytes, alive from step 3.
  const Outcome scratch = load_create_run(mutated(small_model(), [](schema::Model* fm) {
    ASSERT_TRUE(node_named(fm, "relu2")->mutate_scratch_size(24));
    ASSERT_TRUE(node_named(fm, "relu2")->mutate_scratch_offset(tensor_named(fm, "relu_c2_out0")->arena_offset()));
  }));
  EXPECT_EQ(scratch.status, SPUD_OK) << scratch.stage << ": " << scratch.message;
}

TEST(Loader, MisalignedArenaOffset) {
  // Inside the arena, but a float at an odd address.
  for (uint64_t offset : {1, 2, 4, 32}) {
    SCOPED_TRACE(offset);
    const Outcome o = load_create_run(mutated(small_model(), [&](schema::Model* m) {
      ASSERT_TRUE(tensor_named(m, "relu1_out0")->mutate_arena_offset(offset));
    }));
    EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
    EXPECT_EQ(o.stage, "load");
    EXPECT_MESSAGE_HAS(o.message, "aligned");
  }
  const Outcome scratch = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(node_named(m, "relu1")->mutate_scratch_offset(3));
  }));
  EXPECT_EQ(scratch.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(scratch.message, "scratch");
}

TEST(Loader, DimsProductOverflows) {
  const Outcome o = load_create_run(mutated(small_model(), [](schema::Model* m) {
    auto* shape = tensor_named(m, "relu2_out0")->mutable_shape();
    ASSERT_EQ(shape->size(), 2u);
    shape->Mutate(0, int64_t{1} << 40);
    shape->Mutate(1, int64_t{1} << 40);
  }));
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(o.message, "overflow");
  // The element count fits in int64 but the byte size does not.
  const Outcome bytes = load_create_run(mutated(small_model(), [](schema::Model* m) {
    auto* shape = tensor_named(m, "x")->mutable_shape();
    shape->Mutate(0, int64_t{1} << 31);
    shape->Mutate(1, int64_t{1} << 31);
  }));
  EXPECT_EQ(bytes.status, SPUD_INVALID_MODEL);
  // A constant whose shape overflows.
  const Outcome constant = load_create_run(mutated(small_model(), [](schema::Model* m) {
    tensor_named(m, "c1")->mutable_shape()->Mutate(0, INT64_MAX);
  }));
  EXPECT_EQ(constant.status, SPUD_INVALID_MODEL);
}

TEST(Loader, RankAboveEight) {
  ModelBuilder b;
  const std::vector<int64_t> nine(9, 1);
  const std::string x = b.input("x", DType::kFloat32, nine);
  b.output(b.node("Relu", {x}, NodeOptions().shape(nine)));
  const Outcome o = load_create_run(b.build_naive_plan());
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_EQ(o.stage, "load");
  EXPECT_MESSAGE_HAS(o.message, "rank");
  // Eight is fine.
  ModelBuilder ok;
  const std::vector<int64_t> eight(8, 1);
  ok.output(ok.node("Relu", {ok.input("x", DType::kFloat32, eight)}));
  EXPECT_EQ(load_create_run(ok.build(true)).status, SPUD_OK);
}

// A zero dimension makes a tensor empty, but kernels still multiply its
// other dimensions: their product must fit too, in the loader and in the
// shapes kernels compute.
TEST(Loader, EmptyTensorWithOverflowingDimsIsRefused) {
  const Outcome o = load_create_run(mutated(small_model(), [](schema::Model* m) {
    tensor_named(m, "relu1_out0")->mutable_shape()->Mutate(0, 0);
    tensor_named(m, "relu1_out0")->mutable_shape()->Mutate(1, int64_t{1} << 62);
  }));
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_EQ(o.stage, "load");
  EXPECT_MESSAGE_HAS(o.message, "overflows");
  Tensor t;
  t.dtype = DType::kFloat32;
  const int64_t huge[3] = {0, int64_t{1} << 42, int64_t{1} << 42};
  EXPECT_FALSE(set_shape(&t, 3, huge));
  const int64_t fine[3] = {0, int64_t{1} << 20, int64_t{1} << 20};
  EXPECT_TRUE(set_shape(&t, 3, fine));
  EXPECT_EQ(t.size_bytes(), 0u);
}

TEST(Loader, NegativeDims) {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {2, -2});
  b.output(b.node("Relu", {x}));
  const Outcome o = load_create_run(b.build(false));
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(o.message, "negative");
  const Outcome planned = load_create_run(mutated(small_model(), [](schema::Model* m) {
    tensor_named(m, "relu1_out0")->mutable_shape()->Mutate(1, -5);
  }));
  EXPECT_EQ(planned.status, SPUD_INVALID_MODEL);
  // -1 is a symbolic dimension: a graph input's size is then chosen at run
  // time, and every node reading it must be one prepared at run time.
  ModelBuilder sym;
  sym.output(sym.node("Relu", {sym.input("x", DType::kFloat32, {-1, 3})}, NodeOptions().named("r")));
  sym.graph().tensor("x").dim_params = {"batch", ""};
  const Outcome unmarked = load_create_run(sym.build(false));
  EXPECT_EQ(unmarked.status, SPUD_INVALID_MODEL);
  EXPECT_EQ(unmarked.stage, "create");
  EXPECT_MESSAGE_HAS(unmarked.message, "'r'");
  EXPECT_MESSAGE_HAS(unmarked.message, "'x'");
  EXPECT_EQ(load_create_run(sym.build(true)).status, SPUD_OK);  // the converter marks it dynamic
}

TEST(Loader, UnknownDtypeOrKind) {
  const Outcome dtype = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(tensor_named(m, "relu1_out0")->mutate_dtype(schema::DataType::STRING));
  }));
  EXPECT_EQ(dtype.status, SPUD_UNSUPPORTED);
  const Outcome undefined = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(tensor_named(m, "relu1_out0")->mutate_dtype(static_cast<schema::DataType>(99)));
  }));
  EXPECT_EQ(undefined.status, SPUD_UNSUPPORTED);
  const Outcome kind = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(tensor_named(m, "relu1_out0")->mutate_kind(static_cast<schema::TensorKind>(9)));
  }));
  EXPECT_EQ(kind.status, SPUD_INVALID_MODEL);
}

TEST(Loader, NodeWritesToInputOrConstant) {
  const Outcome in = load_create_run(mutated(small_model(), [](schema::Model* m) {
    node_named(m, "relu2")->mutable_outputs()->Mutate(0, static_cast<int32_t>(tensor_index(m, "x")));
  }));
  EXPECT_EQ(in.status, SPUD_INVALID_MODEL);
  const Outcome constant = load_create_run(mutated(small_model(), [](schema::Model* m) {
    
        node_named(m, "relu2")->mutable_outputs()->Mutate(0, static_cast<int32_t>(tensor_index(m, "c1")));
  }));
  EXPECT_EQ(constant.status, SPUD_INVALID_MODEL);
}

TEST(Loader, TensorAttributeMustNameAConstant) {
  auto attribute_t = [](schema::Model* m) {
    auto* attrs = node_named(m, "relu1")->mutable_attributes();
    for (uint32_t i = 0; i < attrs->size(); ++i)
      if (attrs->Get(i)->name()->str() == "t") return attrs->GetMutableObject(i);
    ADD_FAILURE() << "no attribute t";
    return attrs->GetMutableObject(0);
  };
  const Outcome input = load_create_run(mutated(small_model(), [&](schema::Model* m) {
    ASSERT_TRUE(attribute_t(m)->mutate_t(static_cast<int32_t>(tensor_index(m, "x"))));
  }));
  EXPECT_EQ(input.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(input.message, "attribute");
  const Outcome range = load_create_run(
      mutated(small_model(), [&](schema::Model* m) { ASSERT_TRUE(attribute_t(m)->mutate_t(1000)); }));
  EXPECT_EQ(range.status, SPUD_INVALID_MODEL);
  const Outcome negative = load_create_run(
      mutated(small_model(), [&](schema::Model* m) { ASSERT_TRUE(attribute_t(m)->mutate_t(-1)); }));
  EXPECT_EQ(negative.status, SPUD_INVALID_MODEL);
}

TEST(Loader, GraphOutputNeverProduced) {
  const Outcome o = load_create_run(mutated(small_model(), [](schema::Model* m) {
    node_named(m, "relu2")->mutable_outputs()->Mutate(0, -1);
  }));
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_EQ(o.stage, "create");
  EXPECT_MESSAGE_HAS(o.message, "relu2_out0");
}

TEST(Loader, TensorProducedTwice) {
  const Outcome o = load_create_run(mutated(small_model(), [](schema::Model* m) {
    node_named(m, "relu_c1")->mutable_outputs()->Mutate(
        0, static_cast<int32_t>(tensor_index(m, "relu_c2_out0")));
  }));
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(o.message, "relu_c2_out0");
}

TEST(Loader, NodeReadsTensorBeforeItIsProduced) {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {2, 3});
  const std::string r1 = b.node("Relu", {x}, NodeOptions().named("first").shape({2, 3}));
  b.output(b.node("Relu", {r1}, NodeOptions().named("second").shape({2, 3})));
  std::swap(b.graph().nodes[0], b.graph().nodes[1]);
  for (bool planned : {false, true}) {
    SCOPED_TRACE(planned ? "planned" : "unplanned");
    const Outcome o = load_create_run(planned ? b.build_naive_plan() : b.build(false));
    EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
    EXPECT_EQ(o.stage, "create");
    EXPECT_MESSAGE_HAS(o.message, "'second'");
    EXPECT_MESSAGE_HAS(o.message, "first_out0");
  }
  // The same through the mutable API: relu2 reads its own output.
  const Outcome self = load_create_run(mutated(small_model(), [](schema::Model* m) {
    schema::Node* n = node_named(m, "relu2");
    n->mutable_inputs()->Mutate(0, n->outputs()->Get(0));
  }));
  EXPECT_EQ(self.status, SPUD_INVALID_MODEL);
}

TEST(Loader, FileShapeDisagreesWithKernel) {
  for (const std::vector<int64_t>& shape :
       std::vector<std::vector<int64_t>>{{3, 2}, {2, 2}, {1, 3}}) {
    const Outcome o = load_create_run(mutated(small_model(), [&](schema::Model* m) {
      auto* s = tensor_named(m, "relu1_out0")->mutable_shape();
      s->Mutate(0, shape[0]);
      s->Mutate(1, shape[1]);
    }));
    EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
    EXPECT_EQ(o.stage, "create");
    EXPECT_MESSAGE_HAS(o.message, "'relu1'");
    EXPECT_MESSAGE_HAS(o.message, "shape");
  }
  const Outcome dtype = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(tensor_named(m, "relu2_out0")->mutate_dtype(schema::DataType::INT32));
  }));
  EXPECT_EQ(dtype.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(dtype.message, "'relu2'");
}

TEST(Loader, PlannedTensorWithUnknownRankIsUnsupported) {
  const Outcome o = load_create_run(mutated(small_model(), [](schema::Model* m) {
    ASSERT_TRUE(tensor_named(m, "relu1_out0")->mutate_rank_unknown(true));
  }));
  EXPECT_EQ(o.status, SPUD_UNSUPPORTED);
}

// Control flow: x[2], m, c -> Loop(m, c, x) whose body (iteration, cond_in,
// v_in) gives (cond_in, If(cond_in) then v_in + x else v_in - x), so y is
// x * (m + 1) when c is true and x when it is false. x is read from inside
// the If inside the Loop: an outer-scope value two graphs up.
ModelBuilder control_builder() {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {2});
  const std::string m = b.input("m", DType::kInt64, {});
  const std::string c = b.input("c", DType::kBool, {});
  const std::string iter = b.value("iter", DType::kInt64, {});
  const std::string cond_in = b.value("cond_in", DType::kBool, {});
  const std::string v_in = b.value("v_in", DType::kFloat32, {2});
  const std::string add = b.node("Add", {v_in, x}, NodeOptions().named("add").shape({2}));
  auto then_g = b.subgraph("then", 1, {}, {add});
  const std::string sub = b.node("Sub", {v_in, x}, NodeOptions().named("sub").shape({2}));
  auto else_g = b.subgraph("else", 1, {}, {sub});
  const std::string v_out = b.node(
      "If", {cond_in},
      NodeOptions().named("if").dtype(DType::kFloat32).shape({2}).attrs(testing::Attrs().graph("then_branch", then_g).graph("else_branch", else_g)));
  const std::string cond_out = b.node("Identity", {cond_in}, NodeOptions().named("keep").dtype(DType::kBool).shape({}));
  auto body = b.subgraph("body", 2, {iter, cond_in, v_in}, {cond_out, v_out});
  b.output(b.node("Loop", {m, c, x}, NodeOptions().named("loop").dtype(DType::kFloat32).shape({2}).attrs(testing::Attrs().graph("body", body))));
  return b;
}

const std::vector<uint8_t>& control_model() {
  static const std::vector<uint8_t> bytes = control_builder().build(true);
  return bytes;
}

// Runs the control model with x = [1, -2]: y, or the failure's message.
std::string run_control(const std::vector<uint8_t>& bytes, int64_t m, bool c, std::vector<float>* y,
                        const spud_session_options* options = nullptr, spud_status* status = nullptr) {
  AlignedBytes copy(bytes);
  spud_error err{};
  spud_model* model = nullptr;
  if (spud_model_load_unplanned(copy.data(), copy.size(), &model, &err) != SPUD_OK)
    return std::string("load: ") + err.message;
  spud_session* session = nullptr;
  if (spud_session_create(model, options, nullptr, 0, &session, &err) != SPUD_OK) {
    spud_model_free(model);
    return std::string("create: ") + err.message;
  }
  spud_tensor t{};
  (void)spud_session_input(session, 0, &t);
  const float x[2] = {1.f, -2.f};
  std::memcpy(t.data, x, sizeof(x));
  (void)spud_session_input(session, 1, &t);
  std::memcpy(t.data, &m, sizeof(m));
  (void)spud_session_input(session, 2, &t);
  *static_cast<uint8_t*>(t.data) = c ? 1 : 0;
  std::string result;
  const spud_status ran = spud_session_run(session, &err);
  if (status != nullptr) *status = ran;
  if (ran != SPUD_OK) {
    result = std::string("run: ") + err.message;
  } else {
    (void)spud_session_output(session, 0, &t);
    y->assign(static_cast<const float*>(t.data), static_cast<const float*>(t.data) + 2);
  }
  spud_session_free(session);
  spud_model_free(model);
  return result;
}

// Limits a caller sets on what a file may make a session do
// (spud_session_options): beyond each, a clean SPUD_LIMIT_EXCEEDED naming
// what asked, and the session stays usable.
TEST(Limits, LoopsStopAtTheSubgraphRunLimit) {
  spud_session_options options = spud_session_options_default();
  EXPECT_EQ(options.max_subgraph_runs, uint64_t{1} << 20);
  options.max_subgraph_runs = 1000;
  // Each iteration runs the body and one If branch: two subgraph runs.
  std::vector<float> y;
  spud_status status = SPUD_OK;
  EXPECT_EQ(run_control(control_model(), 499, true, &y, &options, &status), "");
  EXPECT_EQ(y, (std::vector<float>{500.f, -1000.f}));
  const std::string over = run_control(control_model(), 501, true, &y, &options, &status);
  EXPECT_EQ(status, SPUD_LIMIT_EXCEEDED);
  EXPECT_MESSAGE_HAS(over, "max_subgraph_runs");
  // A trip count from the file or the caller that would run for years.
  options.max_subgraph_runs = 20000;
  (void)run_control(control_model(), INT64_MAX, true, &y, &options, &status);
  EXPECT_EQ(status, SPUD_LIMIT_EXCEEDED);
  options.max_subgraph_runs = 0;  // off
  EXPECT_EQ(run_control(control_model(), 30000, true, &y, &options, &status), "");
}

struct LimitedSession {
  LimitedSession(const std::vector<uint8_t>& file, const spud_session_options& options) : bytes(file) {
    status = spud_model_load(bytes.data(), bytes.size(), &model, &err);
    if (status == SPUD_OK) status = spud_session_create(model, &options, nullptr, 0, &session, &err);
  }
  ~LimitedSession() {
    spud_session_free(session);
    spud_model_free(model);
  }
  AlignedBytes bytes;
  spud_model* model = nullptr;
  spud_session* session = nullptr;
  spud_status status;
  spud_error err{};
};

size_t session_bytes(const std::vector<uint8_t>& file) {
  AlignedBytes bytes(file);
  spud_model* model = nullptr;
  size_t n = 0;
  EXPECT_EQ(spud_model_load(bytes.data(), bytes.size(), &model, nullptr), SPUD_OK);
  EXPECT_EQ(spud_model_session_memory(model, &n, nullptr), SPUD_OK);
  spud_model_free(model);
  return n;
}

TEST(Limits, DynamicOutputsStayWithinTheMemoryAndElementLimits) {
  // ConstantOfShape's output size is the value of its input.
  ModelBuilder b;
  const std::string shape = b.input("shape", DType::kInt64, {1});
  b.output(b.node("ConstantOfShape", {shape}, NodeOptions().named("fill").dtype(DType::kFloat32)));
  const std::vector<uint8_t> file = b.build(true);
  spud_session_options options = spud_session_options_default();
  options.max_memory_bytes = session_bytes(file) + 8192;
  LimitedSession s(file, options);
  ASSERT_EQ(s.status, SPUD_OK) << s.err.message;
  ASSERT_TRUE(spud_model_run_may_allocate(s.model));
  spud_tensor in{};
  ASSERT_EQ(spud_session_input(s.session, 0, &in), SPUD_OK);
  for (int64_t n : {int64_t{1000}, int64_t{1} << 20, int64_t{1000}}) {
    SCOPED_TRACE(n);
    std::memcpy(in.data, &n, sizeof(n));
    const spud_status st = spud_session_run(s.session, &s.err);
    if (n == 1000) {
      EXPECT_EQ(st, SPUD_OK) << s.err.message;
      continue;
    }
    EXPECT_EQ(st, SPUD_LIMIT_EXCEEDED);
    EXPECT_MESSAGE_HAS(s.err.message, "fill");
    EXPECT_MESSAGE_HAS(s.err.message, "max_memory_bytes");
  }
  options.max_memory_bytes = 0;
  options.max_node_elements = 5000;
  LimitedSession e(file, options);
  ASSERT_EQ(e.status, SPUD_OK) << e.err.message;
  ASSERT_EQ(spud_session_input(e.session, 0, &in), SPUD_OK);
  const int64_t many = 5000;  // plus the one input element
  std::memcpy(in.data, &many, sizeof(many));
  EXPECT_EQ(spud_session_run(e.session, &e.err), SPUD_LIMIT_EXCEEDED);
  EXPECT_MESSAGE_HAS(e.err.message, "max_node_elements");
  const int64_t fewer = 4999;
  std::memcpy(in.data, &fewer, sizeof(fewer));
  EXPECT_EQ(spud_session_run(e.session, &e.err), SPUD_OK) << e.err.message;
}

TEST(Limits, SymbolicInputsAndTheSessionItselfStayWithinTheMemoryLimit) {
  ModelBuilder b;
  const std::string x = b.input("x", DType::kFloat32, {-1});
  b.graph().tensors.at(x).dim_params = {"n"};
  b.output(b.node("Relu", {x}));
  const std::vector<uint8_t> file = b.build(true);
  spud_session_options options = spud_session_options_default();
  options.max_memory_bytes = session_bytes(file) + 64 * 1024;
  LimitedSession s(file, options);
  ASSERT_EQ(s.status, SPUD_OK) << s.err.message;
  const int64_t big = 1 << 20, small = 1000;
  EXPECT_EQ(spud_session_set_input_shape(s.session, 0, &big, 1, &s.err), SPUD_LIMIT_EXCEEDED);
  EXPECT_MESSAGE_HAS(s.err.message, "'x'");
  ASSERT_EQ(spud_session_set_input_shape(s.session, 0, &small, 1, &s.err), SPUD_OK) << s.err.message;
  EXPECT_EQ(spud_session_run(s.session, &s.err), SPUD_OK) << s.err.message;
  // Too small for the session's own block and arena.
  options.max_memory_bytes = 64;
  LimitedSession tiny(file, options);
  EXPECT_EQ(tiny.status, SPUD_LIMIT_EXCEEDED);
  EXPECT_MESSAGE_HAS(tiny.err.message, "max_memory_bytes");
}

schema::Attribute* graph_attr(schema::Model* m, const std::string& node, const std::string& attr) {
  auto* attrs = node_named(m, node)->mutable_attributes();
  for (uint32_t i = 0; i < attrs->size(); ++i)
    if (attrs->Get(i)->name()->str() == attr) return attrs->GetMutableObject(i);
  ADD_FAILURE() << "no attribute " << attr;
  return attrs->GetMutableObject(0);
}

// The control model's subgraphs: "body" (the Loop's), "then" and "else".
uint32_t subgraph_index(schema::Model* m, const std::string& name) {
  const schema::Attribute* a = name == "body" ? graph_attr(m, "loop", "body")
                                              : graph_attr(m, "if", name == "then" ? "then_branch" : "else_branch");
  return static_cast<uint32_t>(a->g());
}

schema::Subgraph* subgraph_named(schema::Model* m, const std::string& name) {
  return m->mutable_subgraphs()->GetMutableObject(subgraph_index(m, name));
}

// Sets a subgraph's k-th input (or, with `output`, output) tensor index.
void set_subgraph_tensor(schema::Model* m, const std::string& name, bool output, uint32_t k, int32_t value) {
  const schema::Subgraph* sg = subgraph_named(m, name);
  m->mutable_subgraph_tensors()->Mutate(sg->io_begin() + (output ? sg->num_inputs() : 0) + k, value);
}

TEST(Loader, ControlFlowModelLoadsAndRuns) {
  const schema::Model* m = schema::GetSizePrefixedModel(control_model().data());
  EXPECT_EQ(m->format_version(), 2u);
  ASSERT_NE(m->subgraphs(), nullptr);
  EXPECT_EQ(m->subgraphs()->size(), 3u);
  for (const auto& bytes : {control_model(), control_builder().build(false)}) {
    std::vector<float> y;
    ASSERT_EQ(run_control(bytes, 3, true, &y), "");
    EXPECT_EQ(y, (std::vector<float>{4.f, -8.f}));  // x * (3 + 1)
    ASSERT_EQ(run_control(bytes, 3, false, &y), "");
    EXPECT_EQ(y, (std::vector<float>{1.f, -2.f}));  // no iteration
    ASSERT_EQ(run_control(bytes, 0, true, &y), "");
    EXPECT_EQ(y, (std::vector<float>{1.f, -2.f}));
  }
}

TEST(Loader, VersionOneFileStillLoads) {
  const Outcome o = load_create_run(
      mutated(small_model(), [](schema::Model* m) { ASSERT_TRUE(m->mutate_format_version(1)); }));
  EXPECT_EQ(o.status, SPUD_OK) << o.message;
  // Subgraphs came with version 2: a version-1 file cannot have them.
  const Outcome sub = load_create_run(
      mutated(control_model(), [](schema::Model* m) { ASSERT_TRUE(m->mutate_format_version(1)); }));
  EXPECT_EQ(sub.status, SPUD_INVALID_MODEL);
  EXPECT_EQ(sub.stage, "load");
  EXPECT_MESSAGE_HAS(sub.message, "version-1");
  const Outcome newer = load_create_run(
      mutated(control_model(), [](schema::Model* m) { ASSERT_TRUE(m->mutate_format_version(4)); }));
  EXPECT_EQ(newer.status, SPUD_UNSUPPORTED);
  EXPECT_MESSAGE_HAS(newer.message, "newer");
}

TEST(Loader, CorruptSubgraphIndices) {
  struct Case {
    const char* what;
    std::function<void(schema::Model*)> edit;
    const char* message;
  };
  const int32_t big = 1000;
  const std::vector<Case> cases = {
      {"body input index", [&](schema::Model* m) { set_subgraph_tensor(m, "body", false, 2, big); }, "index"},
      {"body input -1", [&](schema::Model* m) { set_subgraph_tensor(m, "body", false, 0, -1); }, "index"},
      {"branch output index", [&](schema::Model* m) { set_subgraph_tensor(m, "then", true, 0, big); }, "index"},
      {"body input is a graph input",
       [&](schema::Model* m) { set_subgraph_tensor(m, "body", false, 2, static_cast<int32_t>(tensor_index(m, "x"))); },
       "graph input"},
      {"inputs past subgraph_tensors",
       [&](schema::Model* m) { subgraph_named(m, "else")->mutate_io_begin(big); }, "outside"},
      {"outputs past subgraph_tensors",
       [&](schema::Model* m) { subgraph_named(m, "body")->mutate_num_outputs(0xffffffffu); }, "outside"},
      {"graph attribute index", [&](schema::Model* m) { ASSERT_TRUE(graph_attr(m, "loop", "body")->mutate_g(big)); }, "subgraph index"},
      {"graph attribute -1", [&](schema::Model* m) { ASSERT_TRUE(graph_attr(m, "loop", "body")->mutate_g(-1)); }, "subgraph index"},
      {"node range moved", [&](schema::Model* m) { subgraph_named(m, "body")->mutate_node_begin(2); }, "follow"},
      {"node range too long", [&](schema::Model* m) { subgraph_named(m, "else")->mutate_node_count(big); }, "outside"},
      {"node range wraps",
       [&](schema::Model* m) { subgraph_named(m, "then")->mutate_node_count(0xffffffffu); },
       "outside"},
      {"two attributes, one subgraph",
       [&](schema::Model* m) {
         ASSERT_TRUE(graph_attr(m, "if", "else_branch")->mutate_g(static_cast<int32_t>(subgraph_index(m, "then"))));
       },
       "subgraph"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const Outcome o = load_create_run(mutated(control_model(), c.edit));
    EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
    EXPECT_EQ(o.stage, "load");
    EXPECT_MESSAGE_HAS(o.message, c.message);
  }
}

TEST(Loader, SubgraphThatContainsItself) {
  // The If inside the Loop's body names the body as its branch: the body
  // would hold itself.
  for (const char* branch : {"then_branch", "else_branch"}) {
    SCOPED_TRACE(branch);
    const Outcome o = load_create_run(mutated(control_model(), [&](schema::Model* m) {
      ASSERT_TRUE(graph_attr(m, "if", branch)->mutate_g(static_cast<int32_t>(subgraph_index(m, "body"))));
    }));
    EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
    EXPECT_EQ(o.stage, "load");
    EXPECT_MESSAGE_HAS(o.message, "contains itself");
  }
}

TEST(Loader, SubgraphScopes) {
  // The else branch reads the then branch's value: not visible there.
  const Outcome sibling = load_create_run(mutated(control_model(), [](schema::Model* m) {
    node_named(m, "sub")->mutable_inputs()->Mutate(0, static_cast<int32_t>(tensor_index(m, "add_out0")));
  }));
  EXPECT_EQ(sibling.status, SPUD_INVALID_MODEL);
  EXPECT_EQ(sibling.stage, "create");
  EXPECT_MESSAGE_HAS(sibling.message, "before anything produces it");
  // The Loop's output read inside its own body.
  const Outcome own = load_create_run(mutated(control_model(), [](schema::Model* m) {
    node_named(m, "add")->mutable_inputs()->Mutate(1, static_cast<int32_t>(tensor_index(m, "loop_out0")));
  }));
  EXPECT_EQ(own.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(own.message, "before anything produces it");
  // A body input written by a node of the body.
  const Outcome twice = load_create_run(mutated(control_model(), [](schema::Model* m) {
    node_named(m, "keep")->mutable_outputs()->Mutate(0, static_cast<int32_t>(tensor_index(m, "cond_in")));
  }));
  EXPECT_EQ(twice.status, SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(twice.message, "produced twice");
}

TEST(Loader, SubgraphShapeDisagreesWithFile) {
  // A carried value the file plans for two floats, declared as three.
  const Outcome o = load_create_run(mutated(control_model(), [](schema::Model* m) {
    tensor_named(m, "v_in")->mutable_shape()->Mutate(0, 3);
  }));
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_EQ(o.stage, "create");
  EXPECT_MESSAGE_HAS(o.message, "v_in");
}

// x [2,3] -> SplitToSequence -> a sequence of two [1,3] rows -> `use` -> y.
// With use = Identity, y is the sequence (a blob, format version 3); with
// Flatten, a tensor operator would read the blob as data.
ModelBuilder sequence_builder(const char* use) {
  ModelBuilder b(16);
  const std::string x = b.input("x", DType::kFloat32, {2, 3});
  const std::string s = b.node("SplitToSequence", {x}, NodeOptions().named("split").dtype(DType::kUInt8));
  b.graph().tensors.at(s).kind = convert::ValueKind::kSequence;
  b.graph().tensors.at(s).elem_dtype = DType::kFloat32;
  const std::string y = b.node(use, {s}, NodeOptions().named("use").dtype(DType::kUInt8));
  if (std::string(use) == "Identity") {
    b.graph().tensors.at(y).kind = convert::ValueKind::kSequence;
    b.graph().tensors.at(y).elem_dtype = DType::kFloat32;
  }
  b.output(y);
  return b;
}

TEST(Loader, SequenceModelLoadsAndRuns) {
  const std::vector<uint8_t> bytes = sequence_builder("Identity").build(true);
  EXPECT_EQ(schema::GetSizePrefixedModel(bytes.data())->format_version(), 3u);
  AlignedBytes copy(bytes);
  spud_error err{};
  spud_model* model = nullptr;
  ASSERT_EQ(spud_model_load(copy.data(), copy.size(), &model, &err), SPUD_OK) << err.message;
  spud_session* session = nullptr;
  ASSERT_EQ(spud_session_create(model, nullptr, nullptr, 0, &session, &err), SPUD_OK) << err.message;
  spud_tensor x{};
  ASSERT_EQ(spud_session_input(session, 0, &x), SPUD_OK);
  const float values[6] = {1, 2, 3, 4, 5, 6};
  std::memcpy(x.data, values, sizeof(values));
  ASSERT_EQ(spud_session_run(session, &err), SPUD_OK) << err.message;
  spud_tensor y{};
  ASSERT_EQ(spud_session_output(session, 0, &y), SPUD_OK);
  EXPECT_EQ(y.dtype, SPUD_UINT8);
  spud_sequence_header h{};
  ASSERT_GE(y.size_bytes, sizeof(h) + 2 * sizeof(spud_sequence_entry));
  std::memcpy(&h, y.data, sizeof(h));
  EXPECT_EQ(h.magic, SPUD_SEQUENCE_MAGIC);
  EXPECT_EQ(h.count, 2u);
  spud_sequence_entry e{};
  std::memcpy(&e, static_cast<const uint8_t*>(y.data) + sizeof(h) + sizeof(e), sizeof(e));
  ASSERT_EQ(e.rank, 2);
  EXPECT_EQ(e.dims[0], 1);
  EXPECT_EQ(e.dims[1], 3);
  float row[3];
  std::memcpy(row, static_cast<const uint8_t*>(y.data) + e.offset, sizeof(row));
  EXPECT_EQ(row[0], 4.f);
  EXPECT_EQ(row[2], 6.f);
  spud_session_free(session);
  spud_model_free(model);
}

TEST(Loader, SequenceWhereATensorIsRequired) {
  // Flatten would read the blob's bytes as a tensor's.
  const Outcome o = load_create_run(sequence_builder("Flatten").build(false));
  EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
  EXPECT_EQ(o.stage, "load");
  EXPECT_MESSAGE_HAS(o.message, "where a tensor is required");
}

TEST(Loader, SequenceValueRules) {
  const std::vector<uint8_t> good = sequence_builder("Identity").build(true);
  struct Case {
    const char* what;
    std::function<void(schema::Model*)> edit;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"SplitToSequence writing a plain tensor",
       [](schema::Model* m) { ASSERT_TRUE(tensor_named(m, "split_out0")->mutate_value_kind(schema::ValueKind::TENSOR)); },
       "where a sequence"},
      {"an optional where a sequence belongs",
       [](schema::Model* m) {
         ASSERT_TRUE(tensor_named(m, "split_out0")->mutate_value_kind(schema::ValueKind::OPTIONAL_TENSOR));
       },
       "where a sequence"},
      {"an unknown value kind",
       [](schema::Model* m) {
         ASSERT_TRUE(tensor_named(m, "split_out0")->mutate_value_kind(static_cast<schema::ValueKind>(9)));
       },
       "uint8 blob"},
      {"a sequence that is not uint8",
       [](schema::Model* m) { ASSERT_TRUE(tensor_named(m, "split_out0")->mutate_dtype(schema::DataType::FLOAT)); },
       "uint8 blob"},
      {"a sequence in a version-2 file", [](schema::Model* m) { ASSERT_TRUE(m->mutate_format_version(2)); },
       "version-3"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const Outcome o = load_create_run(mutated(good, c.edit));
    EXPECT_EQ(o.status, SPUD_INVALID_MODEL);
    EXPECT_EQ(o.stage, "load");
    EXPECT_MESSAGE_HAS(o.message, c.message);
  }
}

// The content checksum's CRC-32 against the published check values of
// CRC-32/ISO-HDLC (zlib's crc32): "123456789" and the pangram.
TEST(ContentChecksum, Crc32KnownAnswers) {
  auto crc = [](const std::string& text) {
    return crc32(0, reinterpret_cast<const uint8_t*>(text.data()), text.size());
  };
  EXPECT_EQ(crc(""), 0u);
  EXPECT_EQ(crc("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
  // In pieces, as the loader feeds it around the checksum's own bytes.
  const std::string all = "The quick brown fox jumps over the lazy dog";
  for (size_t cut = 0; cut <= all.size(); ++cut) {
    const uint32_t first = crc32(0, reinterpret_cast<const uint8_t*>(all.data()), cut);
    EXPECT_EQ(crc32(first, reinterpret_cast<const uint8_t*>(all.data()) + cut, all.size() - cut), 0x414FA339u) << cut;
  }
}

}  // namespace
}  // namespace spud
