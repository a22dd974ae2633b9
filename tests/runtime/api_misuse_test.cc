// Every function of the public C API (spud.h) called wrongly: null
// pointers, caller memory that is too small, misaligned or lied about,
// indices out of range, wrong ranks and sizes. Each gets a status (or the
// documented neutral value), never a crash; the binary also runs under
// ASan+UBSan (make asan). Misuse of each function is tested here and only
// here; EveryPublicFunctionIsCovered holds the list to spud.h.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "expect_message.h"
#include "loaded_model.h"
#include "model_builder.h"
#include "robustness_models.h"
#include "spud/spud.h"
#include "spud_generated.h"

namespace spud {
namespace {

using testing::AlignedBytes;
using testing::Loaded;
using testing::ModelBuilder;

// The functions the tests below call wrongly.
const char* const kCovered[] = {
    "spud_status_string",           "spud_model_load",
    "spud_model_load_unplanned",    "spud_model_load_file",
    "spud_model_free",              "spud_model_run_may_allocate",
    "spud_model_arena_size",        "spud_model_session_memory",
    "spud_session_options_default", "spud_session_create",
    "spud_session_free",            "spud_session_kernel_state_bytes",
    "spud_session_num_inputs",      "spud_session_num_outputs",
    "spud_session_input",           "spud_session_output",
    "spud_session_set_input_shape", "spud_session_run",
    "spud_session_num_nodes",       "spud_session_node",
    "spud_session_set_profile",     "spud_model_load_with_flags",
    "spud_model_load_file_with_flags",
};

TEST(ApiMisuse, EveryPublicFunctionIsCovered) {
  std::ifstream in(SPUD_PUBLIC_HEADER);
  ASSERT_TRUE(in) << SPUD_PUBLIC_HEADER;
  std::stringstream text;
  text << in.rdbuf();
  const std::string header = text.str();
  std::set<std::string> declared;
  const std::regex function(R"(\b(spud_[a-z_]+)\()");
  for (auto it = std::sregex_iterator(header.begin(), header.end(), function); it != std::sregex_iterator(); ++it)
    declared.insert((*it)[1]);
  const std::set<std::string> covered(std::begin(kCovered), std::end(kCovered));
  EXPECT_EQ(declared, covered) << "a public function without misuse tests here, or one that is gone";
}

// Models for the tests: x[2,3] -> Relu -> y, planned and unplanned, and
// the dynamic model of robustness_models.h (inputs x [n,6], m, v0).
std::vector<uint8_t> relu_model(bool planned) {
  ModelBuilder b;
  b.output(b.node("Relu", {b.input("x", DType::kFloat32, {2, 3})}));
  return b.build(planned);
}

// A session of `m` on the default options, freed at the end of the scope.
struct Session {
  explicit Session(const spud_model* m) { status = spud_session_create(m, nullptr, nullptr, 0, &s, &err); }
  ~Session() { spud_session_free(s); }
  spud_session* s = nullptr;
  spud_status status;
  spud_error err{};
};

// The dynamic model's Loop runs m times: a value it was never given could
// be billions.
void set_trip_count(spud_session* s, int64_t m) {
  spud_tensor t{};
  ASSERT_EQ(spud_session_input(s, 1, &t), SPUD_OK);
  ASSERT_EQ(t.size_bytes, sizeof(m));
  std::memcpy(t.data, &m, sizeof(m));
}

// A sentinel a failing call must overwrite with null.
template <typename T>
T* garbage() {
  static char byte;
  return reinterpret_cast<T*>(&byte);
}

TEST(ApiMisuse, StatusString) {
  std::set<std::string> texts;
  for (spud_status st : {SPUD_OK, SPUD_INVALID_ARGUMENT, SPUD_INVALID_MODEL, SPUD_UNSUPPORTED, SPUD_OUT_OF_MEMORY,
                         SPUD_IO_ERROR, SPUD_INTERNAL, SPUD_LIMIT_EXCEEDED}) {
    ASSERT_NE(spud_status_string(st), nullptr);
    EXPECT_NE(spud_status_string(st)[0], '\0') << st;
    texts.insert(spud_status_string(st));
  }
  EXPECT_EQ(texts.size(), 8u) << "two codes share a text";
  // Codes past the public ones (the runtime's internal 8 and 9, a negative
  // cast) are unknown, not internal texts.
  for (int code : {8, 9, 200, -1, INT_MAX, INT_MIN})
    EXPECT_STREQ(spud_status_string(static_cast<spud_status>(code)), "unknown status") << code;
}

TEST(ApiMisuse, ModelLoad) {
  AlignedBytes bytes(relu_model(true));
  // The flagged loader, asked for the checksum: the same misuse answers
  // (an argument is checked before anything is read).
  auto with_checksum = +[](const void* data, size_t size, spud_model** out, spud_error* err) {
    return spud_model_load_with_flags(data, size, SPUD_LOAD_VERIFY_CHECKSUM, out, err);
  };
  for (auto load : {spud_model_load, spud_model_load_unplanned, with_checksum}) {
    spud_error err{};
    spud_model* model = garbage<spud_model>();
    EXPECT_EQ(load(nullptr, 0, &model, &err), SPUD_INVALID_ARGUMENT);
    EXPECT_EQ(err.code, SPUD_INVALID_ARGUMENT);
    EXPECT_NE(err.message[0], '\0');
    EXPECT_EQ(model, nullptr);
    EXPECT_EQ(load(nullptr, 100, &model, &err), SPUD_INVALID_ARGUMENT);
    EXPECT_EQ(load(bytes.data(), bytes.size(), nullptr, &err), SPUD_INVALID_ARGUMENT);
    EXPECT_EQ(load(nullptr, 0, &model, nullptr), SPUD_INVALID_ARGUMENT);  // err may be null anywhere
    // Sizes too small to hold a file: none is read past.
    for (size_t size : {0, 1, 7, 8, 12}) {
      model = garbage<spud_model>();
      EXPECT_EQ(load(bytes.data(), size, &model, &err), SPUD_INVALID_MODEL) << size;
      EXPECT_EQ(model, nullptr);
    }
    // One byte short of the file.
    EXPECT_EQ(load(bytes.data(), bytes.size() - 1, &model, &err), SPUD_INVALID_MODEL);
    // Model bytes must start at a 64-byte boundary (constants are read in
    // place): a misaligned copy is the caller's mistake.
    for (size_t offset : {1, 4, 8, 16, 32, 63}) {
      AlignedBytes shifted(relu_model(true), offset);
      EXPECT_EQ(load(shifted.data(), shifted.size(), &model, &err), SPUD_INVALID_ARGUMENT) << offset;
      EXPECT_MESSAGE_HAS(err.message, "aligned");
      EXPECT_EQ(model, nullptr);
    }
  }
}

TEST(ApiMisuse, ModelLoadFile) {
  spud_error err{};
  spud_model* model = garbage<spud_model>();
  EXPECT_EQ(spud_model_load_file(nullptr, &model, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(model, nullptr);
  EXPECT_EQ(spud_model_load_file("x.spud", nullptr, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_model_load_file(nullptr, nullptr, nullptr), SPUD_INVALID_ARGUMENT);
  // Not a regular file, an empty file, a file that is not a model.
  const std::string dir = ::testing::TempDir();
  const std::string empty = dir + "api_misuse_empty.spud", junk = dir + "api_misuse_junk.spud";
  std::fclose(std::fopen(empty.c_str(), "wb"));
  FILE* f = std::fopen(junk.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  const std::vector<uint8_t> noise(4096, 0xa5);
  std::fwrite(noise.data(), 1, noise.size(), f);
  std::fclose(f);
  for (const std::string& path : {dir, empty, std::string("/nonexistent/model.spud"), std::string("")}) {
    model = garbage<spud_model>();
    EXPECT_EQ(spud_model_load_file(path.c_str(), &model, &err), SPUD_IO_ERROR) << "'" << path << "'";
    EXPECT_EQ(model, nullptr);
  }
  model = garbage<spud_model>();
  EXPECT_EQ(spud_model_load_file(junk.c_str(), &model, &err), SPUD_INVALID_MODEL);
  EXPECT_EQ(model, nullptr);
  // The flagged file loader: the same answers, and unknown flags refused.
  for (const std::string& path : {dir, empty, std::string("/nonexistent/model.spud")}) {
    model = garbage<spud_model>();
    EXPECT_EQ(spud_model_load_file_with_flags(path.c_str(), SPUD_LOAD_VERIFY_CHECKSUM, &model, &err), SPUD_IO_ERROR);
    EXPECT_EQ(model, nullptr);
  }
  EXPECT_EQ(spud_model_load_file_with_flags(nullptr, 0, &model, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_model_load_file_with_flags(junk.c_str(), SPUD_LOAD_VERIFY_CHECKSUM, nullptr, &err),
            SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_model_load_file_with_flags(junk.c_str(), SPUD_LOAD_VERIFY_CHECKSUM, &model, &err), SPUD_INVALID_MODEL);
  std::remove(empty.c_str());
  std::remove(junk.c_str());
}

TEST(ApiMisuse, LoadFlags) {
  AlignedBytes bytes(relu_model(true));
  spud_error err{};
  spud_model* model = garbage<spud_model>();
  for (uint32_t flags : {2u, 0x80000000u, SPUD_LOAD_VERIFY_CHECKSUM | 4u}) {
    EXPECT_EQ(spud_model_load_with_flags(bytes.data(), bytes.size(), flags, &model, &err), SPUD_INVALID_ARGUMENT);
    EXPECT_MESSAGE_HAS(err.message, "unknown load flags");
    EXPECT_EQ(model, nullptr);
  }
  // No flag: the plain loader.
  ASSERT_EQ(spud_model_load_with_flags(bytes.data(), bytes.size(), 0, &model, &err), SPUD_OK) << err.message;
  spud_model_free(model);
  // ModelBuilder's files come from the converter's writer, checksum and all.
  ASSERT_EQ(spud_model_load_with_flags(bytes.data(), bytes.size(), SPUD_LOAD_VERIFY_CHECKSUM, &model, &err), SPUD_OK)
      << err.message;
  spud_model_free(model);
  // A wrong checksum (one of its own four bytes changed).
  std::vector<uint8_t> changed(bytes.data(), bytes.data() + bytes.size());
  const schema::Model* m = schema::GetSizePrefixedModel(changed.data());
  ASSERT_NE(m->content_crc32(), nullptr);
  changed[static_cast<size_t>(m->content_crc32()->data() - changed.data())] ^= 0x10;
  AlignedBytes bad(changed);
  EXPECT_EQ(spud_model_load_with_flags(bad.data(), bad.size(), SPUD_LOAD_VERIFY_CHECKSUM, &model, &err),
            SPUD_INVALID_MODEL);
  EXPECT_MESSAGE_HAS(err.message, "content checksum does not match");
  EXPECT_EQ(model, nullptr);
  EXPECT_EQ(spud_model_load(bad.data(), bad.size(), &model, &err), SPUD_OK) << "unasked, the checksum is not read";
  spud_model_free(model);
}

TEST(ApiMisuse, ModelQueries) {
  spud_model_free(nullptr);  // a no-op
  EXPECT_EQ(spud_model_run_may_allocate(nullptr), 0);
  EXPECT_EQ(spud_model_arena_size(nullptr), 0u);
  Loaded planned(relu_model(true)), unplanned(relu_model(false), true);
  ASSERT_EQ(planned.status, SPUD_OK) << planned.err.message;
  ASSERT_EQ(unplanned.status, SPUD_OK) << unplanned.err.message;
  spud_error err{};
  size_t bytes = 12345;
  EXPECT_EQ(spud_model_session_memory(nullptr, &bytes, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(err.code, SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_model_session_memory(planned.model, nullptr, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_model_session_memory(nullptr, nullptr, nullptr), SPUD_INVALID_ARGUMENT);
  // An unplanned model's session cannot live in caller memory: no size.
  EXPECT_EQ(spud_model_session_memory(unplanned.model, &bytes, &err), SPUD_UNSUPPORTED);
  EXPECT_EQ(spud_model_session_memory(planned.model, &bytes, nullptr), SPUD_OK);
  EXPECT_GE(bytes, spud_model_arena_size(planned.model));
}

TEST(ApiMisuse, SessionCreateArguments) {
  Loaded m(relu_model(true));
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  spud_error err{};
  spud_session* s = garbage<spud_session>();
  EXPECT_EQ(spud_session_create(nullptr, nullptr, nullptr, 0, &s, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(s, nullptr);
  EXPECT_EQ(spud_session_create(m.model, nullptr, nullptr, 0, nullptr, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_session_create(nullptr, nullptr, nullptr, 0, nullptr, nullptr), SPUD_INVALID_ARGUMENT);
  // Thread counts that make no sense.
  for (int threads : {0, -1, INT_MIN, SPUD_MAX_THREADS + 1, INT_MAX}) {
    spud_session_options o = spud_session_options_default();
    o.num_threads = threads;
    s = garbage<spud_session>();
    EXPECT_EQ(spud_session_create(m.model, &o, nullptr, 0, &s, &err), SPUD_INVALID_ARGUMENT) << threads;
    EXPECT_MESSAGE_HAS(err.message, "threads");
    EXPECT_EQ(s, nullptr);
  }
  spud_session_options o = spud_session_options_default();
  EXPECT_EQ(o.num_threads, 1);
  EXPECT_EQ(o.reference_kernels_only, 0);
  o.reference_kernels_only = -7;  // any non-zero value means yes
  ASSERT_EQ(spud_session_create(m.model, &o, nullptr, 0, &s, &err), SPUD_OK) << err.message;
  EXPECT_EQ(spud_session_kernel_state_bytes(s), 0u);
  spud_session_free(s);
  // A session that may hold one byte of heap cannot allocate its block.
  o = spud_session_options_default();
  o.max_memory_bytes = 1;
  s = garbage<spud_session>();
  EXPECT_EQ(spud_session_create(m.model, &o, nullptr, 0, &s, &err), SPUD_LIMIT_EXCEEDED);
  EXPECT_MESSAGE_HAS(err.message, "max_memory_bytes");
  EXPECT_EQ(s, nullptr);
  // Memory sizes are ignored without memory.
  ASSERT_EQ(spud_session_create(m.model, nullptr, nullptr, 12345, &s, &err), SPUD_OK) << err.message;
  spud_session_free(s);
  spud_session_free(nullptr);  // a no-op

  // An unplanned model plans its own arena: never in caller memory.
  Loaded unplanned(relu_model(false), true);
  ASSERT_EQ(unplanned.status, SPUD_OK) << unplanned.err.message;
  std::vector<uint8_t> memory(1 << 16);
  s = garbage<spud_session>();
  EXPECT_EQ(spud_session_create(unplanned.model, nullptr, memory.data(), memory.size(), &s, &err),
            SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(s, nullptr);
}

// Caller memory too small (by any amount: session_test's
// CallerMemoryOfExactlyTheReportedSizeWorks takes one byte off at every
// start alignment), or a size that lies about a block of exactly the size
// reported: only that much is ever touched (ASan watches the block's end).
TEST(ApiMisuse, SessionCreateInCallerMemory) {
  Loaded m(testing::small_cnn_model());
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  size_t need = 0;
  ASSERT_EQ(spud_model_session_memory(m.model, &need, nullptr), SPUD_OK);
  spud_error err{};
  spud_session* s = garbage<spud_session>();
  std::vector<uint8_t> small(64);
  for (size_t size : {size_t{0}, size_t{1}, size_t{64}}) {
    EXPECT_EQ(spud_session_create(m.model, nullptr, small.data(), size, &s, &err), SPUD_OUT_OF_MEMORY) << size;
    EXPECT_EQ(s, nullptr);
  }
  std::vector<uint8_t> zeros(need + 63, 0);
  for (size_t shift : {0, 1, 8, 15, 16, 33, 63}) {
    for (size_t lie : {SIZE_MAX, SIZE_MAX - shift, need + (size_t{1} << 40)}) {
      AlignedBytes block(zeros.data(), need, shift);
      ASSERT_EQ(spud_session_create(m.model, nullptr, block.data(), lie, &s, &err), SPUD_OK)
          << "shift " << shift << ": " << err.message;
      for (int i = 0; i < spud_session_num_inputs(s); ++i) {
        spud_tensor t{};
        ASSERT_EQ(spud_session_input(s, i, &t), SPUD_OK);
        std::memset(t.data, 0x3c, t.size_bytes);
      }
      EXPECT_EQ(spud_session_run(s, &err), SPUD_OK) << err.message;
      spud_session_free(s);
    }
  }
}

TEST(ApiMisuse, SessionQueriesOnNull) {
  EXPECT_EQ(spud_session_kernel_state_bytes(nullptr), 0u);
  EXPECT_EQ(spud_session_num_inputs(nullptr), 0);
  EXPECT_EQ(spud_session_num_outputs(nullptr), 0);
  EXPECT_EQ(spud_session_num_nodes(nullptr), 0);
  spud_tensor t{};
  EXPECT_EQ(spud_session_input(nullptr, 0, &t), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_session_output(nullptr, 0, &t), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_session_input(nullptr, 0, nullptr), SPUD_INVALID_ARGUMENT);
  const char* name = nullptr;
  EXPECT_EQ(spud_session_node(nullptr, 0, &name, &name, &name), SPUD_INVALID_ARGUMENT);
  spud_error err{};
  EXPECT_EQ(spud_session_run(nullptr, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(err.code, SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_session_run(nullptr, nullptr), SPUD_INVALID_ARGUMENT);
  const int64_t dims[1] = {1};
  EXPECT_EQ(spud_session_set_input_shape(nullptr, 0, dims, 1, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_session_set_input_shape(nullptr, 0, nullptr, 0, nullptr), SPUD_INVALID_ARGUMENT);
  uint64_t ns[4] = {};
  EXPECT_EQ(spud_session_set_profile(nullptr, ns), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_session_set_profile(nullptr, nullptr), SPUD_INVALID_ARGUMENT);
}

TEST(ApiMisuse, TensorViewIndices) {
  Loaded m(relu_model(true));
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  Session s(m.model);
  ASSERT_EQ(s.status, SPUD_OK) << s.err.message;
  spud_tensor t{};
  EXPECT_EQ(spud_session_input(s.s, 0, nullptr), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_session_output(s.s, 0, nullptr), SPUD_INVALID_ARGUMENT);
  for (int bad : {-1, 1, 2, 100, INT_MAX, INT_MIN}) {
    EXPECT_EQ(spud_session_input(s.s, bad, &t), SPUD_INVALID_ARGUMENT) << bad;
    EXPECT_EQ(spud_session_output(s.s, bad, &t), SPUD_INVALID_ARGUMENT) << bad;
  }
  EXPECT_EQ(spud_session_input(s.s, 0, &t), SPUD_OK);
  EXPECT_EQ(spud_session_run(s.s, nullptr), SPUD_OK);  // err may be null
}

// An output whose shape only a run computes: before any run its view holds
// nothing (rank -1, no bytes), so a caller copying size_bytes from data
// copies nothing.
TEST(ApiMisuse, DynamicOutputBeforeAnyRun) {
  Loaded m(testing::dynamic_model());
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  Session s(m.model);
  ASSERT_EQ(s.status, SPUD_OK) << s.err.message;
  for (int i = 0; i < spud_session_num_outputs(s.s); ++i) {
    spud_tensor t{};
    ASSERT_EQ(spud_session_output(s.s, i, &t), SPUD_OK);
    EXPECT_EQ(t.rank, -1) << t.name;
    EXPECT_EQ(t.size_bytes, 0u) << t.name;
    EXPECT_EQ(t.data, nullptr) << t.name;
  }
  // Every symbolic dimension is 1 until set: a run without setting works.
  spud_tensor x{};
  ASSERT_EQ(spud_session_input(s.s, 0, &x), SPUD_OK);
  EXPECT_EQ(x.dims[0], 1);
  set_trip_count(s.s, 2);
  EXPECT_EQ(spud_session_run(s.s, &s.err), SPUD_OK) << s.err.message;
}

TEST(ApiMisuse, SetInputShape) {
  Loaded m(testing::dynamic_model());
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  Session s(m.model);
  ASSERT_EQ(s.status, SPUD_OK) << s.err.message;
  spud_error err{};
  const int64_t good[2] = {3, 6};
  ASSERT_EQ(spud_session_set_input_shape(s.s, 0, good, 2, &err), SPUD_OK) << err.message;
  for (int bad : {-1, 3, 100, INT_MAX, INT_MIN})
    EXPECT_EQ(spud_session_set_input_shape(s.s, bad, good, 2, &err), SPUD_INVALID_ARGUMENT) << bad;
  // Ranks other than the input's, and no dims where some are needed; a
  // huge rank with a two-value array is not read past.
  for (int rank : {-1, 0, 1, 3, 8, 9, INT_MAX, INT_MIN}) {
    EXPECT_EQ(spud_session_set_input_shape(s.s, 0, good, rank, &err), SPUD_INVALID_ARGUMENT) << rank;
    EXPECT_MESSAGE_HAS(err.message, "rank");
  }
  EXPECT_EQ(spud_session_set_input_shape(s.s, 0, nullptr, 2, &err), SPUD_INVALID_ARGUMENT);
  // Negative sizes, a fixed dimension changed, sizes whose byte count
  // overflows, and one too large to allocate.
  const std::vector<std::pair<std::vector<int64_t>, spud_status>> cases = {
      {{-1, 6}, SPUD_INVALID_ARGUMENT},
      {{INT64_MIN, 6}, SPUD_INVALID_ARGUMENT},
      {{3, 7}, SPUD_INVALID_ARGUMENT},
      {{3, -6}, SPUD_INVALID_ARGUMENT},
      {{INT64_MAX, 6}, SPUD_INVALID_ARGUMENT},
      {{int64_t{1} << 61, 6}, SPUD_INVALID_ARGUMENT},
      {{int64_t{1} << 40, 6}, SPUD_LIMIT_EXCEEDED},  // 24 TB: over the default max_memory_bytes
  };
  for (const auto& [dims, want] : cases) {
    SCOPED_TRACE(std::to_string(dims[0]) + "x" + std::to_string(dims[1]));
    EXPECT_EQ(spud_session_set_input_shape(s.s, 0, dims.data(), 2, &err), want);
    EXPECT_EQ(err.code, want);
    if (dims[0] < 0) EXPECT_MESSAGE_HAS(err.message, "negative");
    if (dims[1] != 6) EXPECT_MESSAGE_HAS(err.message, "fixed at 6");
    // The input keeps the shape and memory it had.
    spud_tensor x{};
    ASSERT_EQ(spud_session_input(s.s, 0, &x), SPUD_OK);
    ASSERT_EQ(x.rank, 2);
    EXPECT_EQ(x.dims[0], 3);
    EXPECT_EQ(x.size_bytes, 3u * 6u * 4u);
    ASSERT_NE(x.data, nullptr);
    std::memset(x.data, 0, x.size_bytes);
  }
  // NULL options are the defaults, limits included.
  {
    spud_session* other = nullptr;
    const spud_session_options defaults = spud_session_options_default();
    ASSERT_EQ(spud_session_create(m.model, &defaults, nullptr, 0, &other, &err), SPUD_OK) << err.message;
    const int64_t huge[2] = {int64_t{1} << 40, 6};
    EXPECT_EQ(spud_session_set_input_shape(other, 0, huge, 2, &err), SPUD_LIMIT_EXCEEDED);
    spud_session_free(other);
  }
  // With the limit off, the same size is more than the heap has.
  {
    spud_session_options unlimited = spud_session_options_default();
    unlimited.max_memory_bytes = 0;
    spud_session* other = nullptr;
    ASSERT_EQ(spud_session_create(m.model, &unlimited, nullptr, 0, &other, &err), SPUD_OK) << err.message;
    const int64_t huge[2] = {int64_t{1} << 40, 6};
    EXPECT_EQ(spud_session_set_input_shape(other, 0, huge, 2, &err), SPUD_OUT_OF_MEMORY);
    spud_tensor x{};
    ASSERT_EQ(spud_session_input(other, 0, &x), SPUD_OK);
    EXPECT_EQ(x.dims[0], 1);
    EXPECT_EQ(x.size_bytes, 6u * 4u);
    spud_session_free(other);
  }
  // An input whose shape is fixed takes that shape only; a scalar rank 0.
  EXPECT_EQ(spud_session_set_input_shape(s.s, 1, nullptr, 0, &err), SPUD_OK) << err.message;
  const int64_t four[1] = {4}, five[1] = {5};
  EXPECT_EQ(spud_session_set_input_shape(s.s, 1, four, 1, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_EQ(spud_session_set_input_shape(s.s, 2, four, 1, &err), SPUD_OK) << err.message;
  EXPECT_EQ(spud_session_set_input_shape(s.s, 2, five, 1, &err), SPUD_INVALID_ARGUMENT);
  EXPECT_MESSAGE_HAS(err.message, "fixed at 4");
  EXPECT_EQ(spud_session_set_input_shape(s.s, 2, four, 1, nullptr), SPUD_OK);
  // The session still runs at the shape last set.
  set_trip_count(s.s, 2);
  EXPECT_EQ(spud_session_run(s.s, &err), SPUD_OK) << err.message;
  spud_tensor y{};
  ASSERT_EQ(spud_session_output(s.s, 0, &y), SPUD_OK);
  EXPECT_EQ(y.dims[0], 3);
}

TEST(ApiMisuse, NodeQueries) {
  Loaded m(testing::dynamic_model());
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  Session s(m.model);
  ASSERT_EQ(s.status, SPUD_OK) << s.err.message;
  const int n = spud_session_num_nodes(s.s);
  ASSERT_GT(n, 0);
  const char *name = nullptr, *domain = nullptr, *op = nullptr;
  for (int bad : {-1, n, n + 1, INT_MAX, INT_MIN})
    EXPECT_EQ(spud_session_node(s.s, bad, &name, &domain, &op), SPUD_INVALID_ARGUMENT) << bad;
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(spud_session_node(s.s, i, &name, &domain, &op), SPUD_OK);
    EXPECT_NE(name, nullptr);
    EXPECT_NE(domain, nullptr);
    ASSERT_NE(op, nullptr);
    EXPECT_NE(op[0], '\0');
    // Any of the three may be left out.
    EXPECT_EQ(spud_session_node(s.s, i, nullptr, nullptr, nullptr), SPUD_OK);
  }
}

// The profile array holds exactly spud_session_num_nodes values (subgraph
// nodes included: the dynamic model's Loop body), in a block of exactly
// that size so ASan sees a write past it; NULL turns profiling off.
TEST(ApiMisuse, ProfileBuffer) {
  Loaded m(testing::dynamic_model());
  ASSERT_EQ(m.status, SPUD_OK) << m.err.message;
  Session s(m.model);
  ASSERT_EQ(s.status, SPUD_OK) << s.err.message;
  const size_t n = static_cast<size_t>(spud_session_num_nodes(s.s));
  std::vector<uint8_t> zeros(n * sizeof(uint64_t), 0);
  AlignedBytes block(zeros.data(), zeros.size());
  uint64_t* ns = reinterpret_cast<uint64_t*>(block.data());
  set_trip_count(s.s, 3);
  EXPECT_EQ(spud_session_set_profile(s.s, ns), SPUD_OK);
  for (int run = 0; run < 3; ++run) ASSERT_EQ(spud_session_run(s.s, &s.err), SPUD_OK) << s.err.message;
  uint64_t total = 0;
  for (size_t i = 0; i < n; ++i) total += ns[i];
  EXPECT_GT(total, 0u);
  EXPECT_EQ(spud_session_set_profile(s.s, nullptr), SPUD_OK);
  const std::vector<uint8_t> before(block.data(), block.data() + block.size());
  ASSERT_EQ(spud_session_run(s.s, &s.err), SPUD_OK) << s.err.message;
  EXPECT_EQ(std::vector<uint8_t>(block.data(), block.data() + block.size()), before) << "written while off";
}

}  // namespace
}  // namespace spud
