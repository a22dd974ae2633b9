// Out of memory at every allocation: for N = 1, 2, ... the N-th heap call
// of one step fails (heap_hooks.h: every C allocation entry point, mmap and
// operator new), until a pass makes fewer than N calls and must succeed.
// Steps: loading (from bytes and from a file), creating sessions (in caller
// memory or their own, on the reference kernels or the default tiers),
// setting a symbolic input's shape, and running a model whose nodes are
// prepared and given memory at run time, at shapes that grow. Each step ends
// in a status (SPUD_OUT_OF_MEMORY, or SPUD_OK where something else took
// over); a session whose run failed runs again once memory is back; and once
// everything is freed, as many blocks are live as before the pass.
// LeakSanitizer (make asan) checks the same from its side.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "heap_hooks.h"
#include "model_builder.h"
#include "robustness_models.h"
#include "spud/spud.h"

namespace spud {
namespace {

using testing::AlignedBytes;
namespace heap = testing::heap;

// What one pass works on; freed after each.
struct State {
  spud_model* model = nullptr;
  spud_session* session = nullptr;
  std::vector<uint8_t> memory;  // caller-owned session memory, when used
};

void free_state(State* s) {
  spud_session_free(s->session);
  spud_model_free(s->model);
  s->session = nullptr;
  s->model = nullptr;
  std::vector<uint8_t>().swap(s->memory);
}

// A pass's step ran with allocation `n` failing (`failed`: it came).
using Setup = std::function<void(State*)>;
using Step = std::function<spud_status(State*)>;
using Check = std::function<void(State*, spud_status, bool failed)>;

// Runs `step` with its N-th allocation failing for N = 1, 2, ... until a
// pass where none failed; returns how many allocation calls that pass made
// (the points exercised), or -1 after a failure. `setup` makes the state the
// step starts from and `check` looks at it afterwards, both with no failure.
long sweep(const std::string& what, const Setup& setup, const Step& step, const Check& check,
           bool io_error_on_mmap = false) {
  // The test's own bookkeeping must not move the count of live blocks: the
  // message has its room before counting starts, and gtest's stack of
  // traces its first entry.
  std::string at;
  at.reserve(512);
  { SCOPED_TRACE(what); }
  long errors = 0, mapped = 0;
  for (long n = 1;; ++n) {
    const int failures_before = ::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count();
    const long live_before = heap::live_blocks();
    State state;
    setup(&state);
    spud_status status;
    bool failed;
    long calls, news;
    const char* call;
    {
      heap::Window window(n);
      status = step(&state);
      window.close();
      failed = window.failed();
      calls = window.allocations();
      news = window.new_calls();
      call = window.failed_call();
    }
    char number[64];
    std::snprintf(number, sizeof(number), ", allocation %ld (%s) failing", n, call);
    at.assign(what).append(number);
    EXPECT_EQ(news, 0) << at << ": the runtime called operator new";
    if (!failed) {
      EXPECT_EQ(status, SPUD_OK) << at << ": nothing failed";
    } else if (io_error_on_mmap && std::strcmp(call, "mmap") == 0) {
      EXPECT_EQ(status, SPUD_IO_ERROR) << at;
    } else {
      EXPECT_TRUE(status == SPUD_OK || status == SPUD_OUT_OF_MEMORY) << at << ": " << spud_status_string(status);
    }
    {
      SCOPED_TRACE(at);
      check(&state, status, failed);
    }
    free_state(&state);
    const long live_after = heap::live_blocks();
    const bool clean = ::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count() ==
                       failures_before;
    // (A failed expectation keeps its message on the heap: only then is the
    // count off for a reason of the test's own.)
    if (clean) EXPECT_EQ(live_after, live_before) << at << ": blocks leaked";
    if (!clean) return -1;
    if (!failed) {
      std::printf("[ alloc    ] %-72s %3ld allocation points (%ld mmap), %ld ended in an error\n", what.c_str(), calls,
                  mapped, errors);
      return calls;
    }
    errors += status != SPUD_OK;
    mapped += std::strcmp(call, "mmap") == 0;
  }
}

// Inputs: every float input gets values that depend on `seed`; x (if
// symbolic) the shape [n, 6]; m the trip count.
void write_inputs(spud_session* s, int seed, int64_t m) {
  for (int i = 0; i < spud_session_num_inputs(s); ++i) {
    spud_tensor t{};
    ASSERT_EQ(spud_session_input(s, i, &t), SPUD_OK);
    if (t.dtype == SPUD_INT64) {
      ASSERT_EQ(t.size_bytes, 8u);
      std::memcpy(t.data, &m, 8);
      continue;
    }
    ASSERT_EQ(t.dtype, SPUD_FLOAT32);
    float* p = static_cast<float*>(t.data);
    for (size_t k = 0; k < t.size_bytes / 4; ++k)
      p[k] = static_cast<float>((k * 7 + static_cast<size_t>(seed)) % 11) * 0.2f - 1.f;
  }
}

struct Output {
  spud_dtype dtype;
  std::vector<int64_t> dims;
  std::vector<uint8_t> bytes;
};

std::vector<Output> read_outputs(const spud_session* s) {
  std::vector<Output> out;
  for (int i = 0; i < spud_session_num_outputs(s); ++i) {
    spud_tensor t{};
    EXPECT_EQ(spud_session_output(s, i, &t), SPUD_OK);
    // (A run that failed may leave an output without a shape: rank -1.)
    EXPECT_GE(t.rank, -1);
    EXPECT_TRUE(t.data != nullptr || t.size_bytes == 0) << "output " << i;
    const uint8_t* p = static_cast<const uint8_t*>(t.data);
    out.push_back({t.dtype, t.rank < 0 ? std::vector<int64_t>() : std::vector<int64_t>(t.dims, t.dims + t.rank),
                   p == nullptr ? std::vector<uint8_t>() : std::vector<uint8_t>(p, p + t.size_bytes)});
  }
  return out;
}

// Floats within rounding (a node may have gone to another tier when its
// first choice ran out of memory), everything else exactly.
void expect_outputs(const std::vector<Output>& got, const std::vector<Output>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].dims, want[i].dims) << "output " << i;
    ASSERT_EQ(got[i].bytes.size(), want[i].bytes.size()) << "output " << i;
    if (got[i].dtype != SPUD_FLOAT32) {
      EXPECT_EQ(got[i].bytes, want[i].bytes) << "output " << i;
      continue;
    }
    const std::vector<float> g = testing::values_of<float>(got[i].bytes.data(), got[i].bytes.size());
    const std::vector<float> w = testing::values_of<float>(want[i].bytes.data(), want[i].bytes.size());
    for (size_t k = 0; k < g.size(); ++k)
      ASSERT_NEAR(g[k], w[k], 1e-4f * (1.f + std::fabs(w[k]))) << "output " << i << " element " << k;
  }
}

spud_session_options options_for(bool reference) {
  spud_session_options o = spud_session_options_default();
  o.reference_kernels_only = reference ? 1 : 0;
  return o;
}

void load(AlignedBytes* bytes, State* s) {
  ASSERT_EQ(spud_model_load(bytes->data(), bytes->size(), &s->model, nullptr), SPUD_OK);
}

// The dynamic model's runs, in order: x's rows n and the trip count m grow,
// shrink and grow past every earlier size.
struct Shape {
  int64_t n, m;
};
const Shape kSchedule[] = {{2, 1}, {5, 4}, {3, 2}, {9, 6}};

void set_shape(spud_session* s, const Shape& shape) {
  const int64_t dims[2] = {shape.n, 6};
  spud_error err{};
  ASSERT_EQ(spud_session_set_input_shape(s, 0, dims, 2, &err), SPUD_OK) << err.message;
  write_inputs(s, static_cast<int>(shape.n), shape.m);
}

// The dynamic model's outputs after each run of kSchedule, on one session.
std::vector<std::vector<Output>> dynamic_outputs(AlignedBytes* bytes, bool reference) {
  State s;
  load(bytes, &s);
  const spud_session_options o = options_for(reference);
  EXPECT_EQ(spud_session_create(s.model, &o, nullptr, 0, &s.session, nullptr), SPUD_OK);
  std::vector<std::vector<Output>> out;
  for (const Shape& shape : kSchedule) {
    set_shape(s.session, shape);
    spud_error err{};
    EXPECT_EQ(spud_session_run(s.session, &err), SPUD_OK) << err.message;
    out.push_back(read_outputs(s.session));
  }
  free_state(&s);
  return out;
}

// The static CNN's outputs on its inputs for seed 3.
std::vector<Output> cnn_outputs(AlignedBytes* bytes, bool reference) {
  State s;
  load(bytes, &s);
  const spud_session_options o = options_for(reference);
  EXPECT_EQ(spud_session_create(s.model, &o, nullptr, 0, &s.session, nullptr), SPUD_OK);
  write_inputs(s.session, 3, 0);
  EXPECT_EQ(spud_session_run(s.session, nullptr), SPUD_OK);
  std::vector<Output> out = read_outputs(s.session);
  free_state(&s);
  return out;
}

class AllocationFailure : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cnn_ = new AlignedBytes(testing::small_cnn_model());
    dynamic_ = new AlignedBytes(testing::dynamic_model());
  }
  static void TearDownTestSuite() {
    delete cnn_;
    delete dynamic_;
  }
  static AlignedBytes* cnn_;
  static AlignedBytes* dynamic_;
};

AlignedBytes* AllocationFailure::cnn_ = nullptr;
AlignedBytes* AllocationFailure::dynamic_ = nullptr;

TEST_F(AllocationFailure, HooksFailTheCallAsked) {
  // Without this the sweeps below would pass vacuously.
  heap::Window w(2);
  void* a = std::malloc(8);
  void* b = std::malloc(8);
  void* c = std::malloc(8);
  w.close();
  EXPECT_NE(a, nullptr);
  EXPECT_EQ(b, nullptr);
  EXPECT_NE(c, nullptr);
  EXPECT_TRUE(w.failed());
  EXPECT_STREQ(w.failed_call(), "malloc");
  EXPECT_EQ(w.allocations(), 3);
  std::free(a);
  std::free(c);
}

TEST_F(AllocationFailure, Load) {
  const long points = sweep(
      "spud_model_load", [](State*) {},
      [](State* s) { return spud_model_load(cnn_->data(), cnn_->size(), &s->model, nullptr); },
      [](State* s, spud_status st, bool) {
        if (st != SPUD_OK) EXPECT_EQ(s->model, nullptr);
      });
  EXPECT_GE(points, 1);  // the model handle
}

TEST_F(AllocationFailure, LoadFile) {
  const std::string path = ::testing::TempDir() + "allocation_failure_cnn.spud";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fwrite(cnn_->data(), 1, cnn_->size(), f), cnn_->size());
  std::fclose(f);
  const long points = sweep(
      "spud_model_load_file", [](State*) {},
      [&path](State* s) { return spud_model_load_file(path.c_str(), &s->model, nullptr); },
      [](State* s, spud_status st, bool) {
        if (st != SPUD_OK) {
          EXPECT_EQ(s->model, nullptr);
          return;
        }
        // The mapped model works.
        size_t bytes = 0;
        EXPECT_EQ(spud_model_session_memory(s->model, &bytes, nullptr), SPUD_OK);
      },
      /*io_error_on_mmap=*/true);
  EXPECT_GE(points, 2);  // the mapping and the handle
  std::remove(path.c_str());
}

// Creation in every way there is, of the static CNN and of the dynamic model.
TEST_F(AllocationFailure, CreateSession) {
  for (AlignedBytes* bytes : {cnn_, dynamic_}) {
    const bool is_cnn = bytes == cnn_;
    for (bool caller_memory : {false, true}) {
      for (bool reference : {true, false}) {
        const std::string what = std::string("spud_session_create, ") + (is_cnn ? "CNN" : "dynamic model") + ", " +
                                 (caller_memory ? "caller memory" : "own memory") + ", " +
                                 (reference ? "reference kernels" : "default tiers");
        const std::vector<Output> cnn_want = is_cnn ? cnn_outputs(bytes, reference) : std::vector<Output>();
        const std::vector<std::vector<Output>> dyn_want =
            is_cnn ? std::vector<std::vector<Output>>() : dynamic_outputs(bytes, reference);
        const spud_session_options options = options_for(reference);
        const long points = sweep(
            what,
            [&](State* s) {
              load(bytes, s);
              if (!caller_memory) return;
              size_t need = 0;
              ASSERT_EQ(spud_model_session_memory(s->model, &need, nullptr), SPUD_OK);
              s->memory.resize(need);
            },
            [&](State* s) {
              return spud_session_create(s->model, &options, caller_memory ? s->memory.data() : nullptr,
                                         s->memory.size(), &s->session, nullptr);
            },
            [&](State* s, spud_status st, bool) {
              if (st != SPUD_OK) {
                EXPECT_EQ(s->session, nullptr);
                return;
              }
              // A session made despite a failed allocation computes what any
              // other does.
              if (is_cnn) {
                write_inputs(s->session, 3, 0);
                ASSERT_EQ(spud_session_run(s->session, nullptr), SPUD_OK);
                expect_outputs(read_outputs(s->session), cnn_want);
                return;
              }
              for (size_t j = 0; j < 2; ++j) {
                set_shape(s->session, kSchedule[j]);
                ASSERT_EQ(spud_session_run(s->session, nullptr), SPUD_OK);
                expect_outputs(read_outputs(s->session), dyn_want[j]);
              }
            });
        if (caller_memory && reference && is_cnn) EXPECT_EQ(points, 0) << what;
#if defined(SPUD_XNNPACK) || defined(SPUD_EIGEN)
        if (!reference) EXPECT_GE(points, 1) << what;  // kernel state
#endif
      }
    }
  }
}

// A static model's run makes no heap call, so there is nothing to fail.
TEST_F(AllocationFailure, RunStaticModel) {
  for (bool reference : {true, false}) {
    const spud_session_options options = options_for(reference);
    const std::vector<Output> want = cnn_outputs(cnn_, reference);
    const long points = sweep(
        std::string("spud_session_run, CNN, ") + (reference ? "reference kernels" : "default tiers"),
        [&](State* s) {
          load(cnn_, s);
          ASSERT_EQ(spud_session_create(s->model, &options, nullptr, 0, &s->session, nullptr), SPUD_OK);
          write_inputs(s->session, 3, 0);
        },
        [](State* s) { return spud_session_run(s->session, nullptr); },
        [&](State* s, spud_status, bool) { expect_outputs(read_outputs(s->session), want); });
    EXPECT_EQ(points, 0);
  }
}

// A symbolic input's memory grows; when it cannot, the input keeps the
// shape and memory it had, and the session runs at that shape.
TEST_F(AllocationFailure, SetInputShape) {
  for (bool reference : {true, false}) {
    const spud_session_options options = options_for(reference);
    const std::vector<std::vector<Output>> want = dynamic_outputs(dynamic_, reference);
    const long points = sweep(
        std::string("spud_session_set_input_shape, ") + (reference ? "reference kernels" : "default tiers"),
        [&](State* s) {
          load(dynamic_, s);
          ASSERT_EQ(spud_session_create(s->model, &options, nullptr, 0, &s->session, nullptr), SPUD_OK);
          set_shape(s->session, kSchedule[0]);
          ASSERT_EQ(spud_session_run(s->session, nullptr), SPUD_OK);
        },
        [](State* s) {
          const int64_t dims[2] = {kSchedule[3].n, 6};
          return spud_session_set_input_shape(s->session, 0, dims, 2, nullptr);
        },
        [&](State* s, spud_status st, bool) {
          spud_tensor x{};
          ASSERT_EQ(spud_session_input(s->session, 0, &x), SPUD_OK);
          ASSERT_EQ(x.rank, 2);
          const size_t at = st == SPUD_OK ? 3 : 0;
          EXPECT_EQ(x.dims[0], kSchedule[at].n);
          EXPECT_EQ(x.size_bytes, static_cast<size_t>(kSchedule[at].n) * 6 * 4);
          EXPECT_NE(x.data, nullptr);
          write_inputs(s->session, static_cast<int>(kSchedule[at].n), kSchedule[at].m);
          ASSERT_EQ(spud_session_run(s->session, nullptr), SPUD_OK);
          expect_outputs(read_outputs(s->session), want[at]);
        });
    EXPECT_GE(points, 1);
  }
}

// Runs of the dynamic model along kSchedule, the j-th one failing at each of
// its allocations in turn; a failed run is followed by one with memory
// back, which must compute the right outputs.
TEST_F(AllocationFailure, RunDynamicNodes) {
  for (bool reference : {true, false}) {
    const spud_session_options options = options_for(reference);
    const std::vector<std::vector<Output>> want = dynamic_outputs(dynamic_, reference);
    for (size_t j = 0; j < sizeof(kSchedule) / sizeof(kSchedule[0]); ++j) {
      const long points = sweep(
          std::string("spud_session_run, dynamic model, run ") + std::to_string(j + 1) + ", " +
              (reference ? "reference kernels" : "default tiers"),
          [&](State* s) {
            load(dynamic_, s);
            ASSERT_EQ(spud_session_create(s->model, &options, nullptr, 0, &s->session, nullptr), SPUD_OK);
            for (size_t k = 0; k < j; ++k) {
              set_shape(s->session, kSchedule[k]);
              ASSERT_EQ(spud_session_run(s->session, nullptr), SPUD_OK);
            }
            set_shape(s->session, kSchedule[j]);
          },
          [](State* s) { return spud_session_run(s->session, nullptr); },
          [&](State* s, spud_status st, bool) {
            if (st != SPUD_OK) {
              spud_error err{};
              ASSERT_EQ(spud_session_run(s->session, &err), SPUD_OK) << "the run after: " << err.message;
            }
            expect_outputs(read_outputs(s->session), want[j]);
          });
      if (j == 0) EXPECT_GE(points, 1);  // the first run makes the dynamic tensors' memory
    }
  }
}

}  // namespace
}  // namespace spud
