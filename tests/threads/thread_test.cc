// Threads over shared models (#10, part 6), through the C API alone:
//   spud_thread_test MODEL.spud...
// For each model:
//   1. 4 threads load the same bytes at once (spud_model_load), and 4 the
//      same file (spud_model_load_file); each creates a session and runs.
//      For the first model this is the process's first use of spud, so the
//      tiers' one-time set-up (xnn_initialize, CPU checks) races too.
//   2. One loaded model, shared: 4 threads each create their own session
//      (the default tiers, one thread each: pthreadpool is not built with
//      ThreadSanitizer), run it 20 times with inputs (and, for symbolic
//      dimensions, shapes) that change from run to run, and free it.
// Every run's outputs must be bit-identical to the same run on one thread
// first, and every session must report the same kernel state. Exit status
// 0 when all agree. tsan_build.sh builds it with ThreadSanitizer, which
// fails the test on any race; the main build runs it plainly (and under
// ASan in make asan).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "spud/spud.h"

namespace {

constexpr int kThreads = 4;
constexpr int kRuns = 20;

int g_failures = 0;
std::mutex g_report;

void fail(const std::string& what) {
  std::lock_guard<std::mutex> lock(g_report);
  std::fprintf(stderr, "FAIL: %s\n", what.c_str());
  ++g_failures;
}

// Lets the threads go at once, so that they overlap.
class StartLine {
 public:
  void wait() {
    std::unique_lock<std::mutex> lock(mu_);
    if (++arrived_ == kThreads) cv_.notify_all();
    cv_.wait(lock, [this] { return arrived_ >= kThreads; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int arrived_ = 0;
};

struct Output {
  std::vector<int64_t> dims;
  std::vector<unsigned char> bytes;
  bool operator==(const Output& o) const { return dims == o.dims && bytes == o.bytes; }
};
using RunOutputs = std::vector<Output>;

// Run r's inputs: a symbolic first dimension of 1 + r % 6 (the call is
// refused where the model fixes it), a trip count of r % 5 for int64
// scalars, and float values that depend on r.
bool set_inputs(spud_session* s, int r) {
  for (int i = 0; i < spud_session_num_inputs(s); ++i) {
    spud_tensor t{};
    if (spud_session_input(s, i, &t) != SPUD_OK) return false;
    if (t.rank > 0) {
      int64_t dims[8];
      std::memcpy(dims, t.dims, sizeof(int64_t) * static_cast<size_t>(t.rank));
      dims[0] = 1 + r % 6;
      const spud_status st = spud_session_set_input_shape(s, i, dims, t.rank, nullptr);
      if (st != SPUD_OK && st != SPUD_INVALID_ARGUMENT) return false;
      if (spud_session_input(s, i, &t) != SPUD_OK) return false;
    }
    if (t.dtype == SPUD_INT64) {
      for (size_t k = 0; k < t.size_bytes / 8; ++k) static_cast<int64_t*>(t.data)[k] = r % 5;
    } else if (t.dtype == SPUD_FLOAT32) {
      for (size_t k = 0; k < t.size_bytes / 4; ++k)
        static_cast<float*>(t.data)[k] = static_cast<float>((k * 7 + static_cast<size_t>(r + i)) % 11) * 0.2f - 1.f;
    } else {
      return false;
    }
  }
  return true;
}

RunOutputs read_outputs(const spud_session* s) {
  RunOutputs out;
  for (int i = 0; i < spud_session_num_outputs(s); ++i) {
    spud_tensor t{};
    Output o;
    if (spud_session_output(s, i, &t) == SPUD_OK && t.rank >= 0) {
      o.dims.assign(t.dims, t.dims + t.rank);
      const unsigned char* p = static_cast<const unsigned char*>(t.data);
      if (p != nullptr) o.bytes.assign(p, p + t.size_bytes);
    }
    out.push_back(o);
  }
  return out;
}

// What one session does: `runs` runs, their outputs, its kernel state.
struct SessionResult {
  std::vector<RunOutputs> runs;
  size_t kernel_state = 0;
  bool ok = false;
};

SessionResult run_session(const spud_model* model, int runs, StartLine* start) {
  SessionResult result;
  spud_session* s = nullptr;
  spud_error err{};
  if (spud_session_create(model, nullptr, nullptr, 0, &s, &err) != SPUD_OK) {
    fail(std::string("create: ") + err.message);
    if (start != nullptr) start->wait();
    return result;
  }
  result.kernel_state = spud_session_kernel_state_bytes(s);
  if (start != nullptr) start->wait();
  result.ok = true;
  for (int r = 0; r < runs && result.ok; ++r) {
    if (!set_inputs(s, r)) {
      fail("inputs of run " + std::to_string(r));
      result.ok = false;
    } else if (spud_session_run(s, &err) != SPUD_OK) {
      fail("run " + std::to_string(r) + ": " + err.message);
      result.ok = false;
    } else {
      result.runs.push_back(read_outputs(s));
    }
  }
  spud_session_free(s);
  return result;
}

void compare(const std::string& what, const SessionResult& got, const SessionResult& want) {
  if (!got.ok) return;  // already reported
  if (got.kernel_state != want.kernel_state)
    fail(what + ": kernel state " + std::to_string(got.kernel_state) + " bytes, on one thread " +
         std::to_string(want.kernel_state));
  for (size_t r = 0; r < got.runs.size(); ++r)
    if (!(got.runs[r] == want.runs[r])) fail(what + ": run " + std::to_string(r) + " differs from one thread's");
}

// 64-byte-aligned copy of a file.
struct FileBytes {
  unsigned char* data = nullptr;
  size_t size = 0;
  ~FileBytes() { std::free(data); }
};

bool read_file(const char* path, FileBytes* out) {
  FILE* f = std::fopen(path, "rb");
  if (f == nullptr) return false;
  std::fseek(f, 0, SEEK_END);
  const long n = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  if (n <= 0) {
    std::fclose(f);
    return false;
  }
  out->size = static_cast<size_t>(n);
  out->data = static_cast<unsigned char*>(std::aligned_alloc(64, (out->size + 63) / 64 * 64));
  const bool ok = out->data != nullptr && std::fread(out->data, 1, out->size, f) == out->size;
  std::fclose(f);
  return ok;
}

void test_model(const char* path) {
  FileBytes file;
  if (!read_file(path, &file)) {
    fail(std::string("cannot read ") + path);
    return;
  }
  spud_model* model = nullptr;
  spud_error err{};
  if (spud_model_load(file.data, file.size, &model, &err) != SPUD_OK) {
    fail(std::string(path) + ": " + err.message);
    return;
  }
  // 1. The same bytes, and the same file, loaded by every thread at once:
  // for the first model, before anything else has run, so that the tiers'
  // one-time set-up happens on four threads at once too.
  SessionResult loaded[2][kThreads];
  for (bool from_file : {false, true}) {
    StartLine start;
    SessionResult* results = loaded[from_file];
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        start.wait();
        spud_model* own = nullptr;
        spud_error e{};
        const spud_status st = from_file ? spud_model_load_file(path, &own, &e)
                                         : spud_model_load(file.data, file.size, &own, &e);
        if (st != SPUD_OK) {
          fail(std::string("concurrent load: ") + e.message);
          return;
        }
        results[t] = run_session(own, 2, nullptr);
        spud_model_free(own);
      });
    for (std::thread& th : threads) th.join();
  }
  const SessionResult alone = run_session(model, kRuns, nullptr);
  if (!alone.ok) {
    spud_model_free(model);
    return;
  }
  for (bool from_file : {false, true})
    for (int t = 0; t < kThreads; ++t)
      compare(std::string(path) + (from_file ? ", loaded from the file" : ", loaded from bytes") + " on thread " +
                  std::to_string(t),
              loaded[from_file][t], alone);

  // 2. One model, a session per thread.
  StartLine start;
  SessionResult results[kThreads];
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] { results[t] = run_session(model, kRuns, &start); });
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t)
    compare(std::string(path) + ", shared model, thread " + std::to_string(t), results[t], alone);
  spud_model_free(model);
  std::printf("%s: %d threads x %d runs agree with one thread (kernel state %zu bytes a session)\n", path, kThreads,
              kRuns, alone.kernel_state);
}

}  // namespace

// --race: two threads write one int unguarded, so that tsan_build.sh can
// see ThreadSanitizer report it (a build without it would pass vacuously).
int race() {
  static int shared = 0;
  std::thread a([] { for (int i = 0; i < 1000; ++i) shared = shared + 1; });
  std::thread b([] { for (int i = 0; i < 1000; ++i) shared = shared + 1; });
  a.join();
  b.join();
  return shared > 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MODEL.spud... | --race\n", argv[0]);
    return 2;
  }
  if (std::strcmp(argv[1], "--race") == 0) return race();
  for (int i = 1; i < argc; ++i) test_model(argv[i]);
  if (g_failures > 0) std::fprintf(stderr, "%d failures\n", g_failures);
  return g_failures == 0 ? 0 : 1;
}
