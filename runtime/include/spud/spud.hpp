// A thin header-only C++ wrapper over spud.h: RAII handles, nothing more.
// Like the C API it never throws; check ok() after construction.
#ifndef SPUD_SPUD_HPP_
#define SPUD_SPUD_HPP_

#include "spud/spud.h"

namespace spud {

class Model {
 public:
  explicit Model(const char* path) { status_ = spud_model_load_file(path, &model_, &error_); }
  Model(const void* data, size_t size) { status_ = spud_model_load(data, size, &model_, &error_); }
  ~Model() { spud_model_free(model_); }
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  bool ok() const { return status_ == SPUD_OK; }
  const spud_error& error() const { return error_; }
  const spud_model* get() const { return model_; }
  size_t arena_size() const { return spud_model_arena_size(model_); }

 private:
  spud_model* model_ = nullptr;
  spud_status status_ = SPUD_OK;
  spud_error error_ = {};
};

class Session {
 public:
  // memory == nullptr: the session allocates once, here.
  explicit Session(const Model& model, void* memory = nullptr, size_t memory_size = 0)
      : Session(model, spud_session_options_default(), memory, memory_size) {}
  Session(const Model& model, const spud_session_options& options, void* memory = nullptr,
          size_t memory_size = 0) {
    status_ = spud_session_create(model.get(), &options, memory, memory_size, &session_, &error_);
  }
  // Threads the kernels may use (spud_session_options::num_threads).
  static spud_session_options with_threads(int threads) {
    spud_session_options o = spud_session_options_default();
    o.num_threads = threads;
    return o;
  }
  size_t kernel_state_bytes() const { return spud_session_kernel_state_bytes(session_); }
  ~Session() { spud_session_free(session_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  bool ok() const { return status_ == SPUD_OK; }
  const spud_error& error() const { return error_; }

  int num_inputs() const { return spud_session_num_inputs(session_); }
  int num_outputs() const { return spud_session_num_outputs(session_); }
  spud_tensor input(int i) const {
    spud_tensor t = {};
    (void)spud_session_input(session_, i, &t);
    return t;
  }
  spud_tensor output(int i) const {
    spud_tensor t = {};
    (void)spud_session_output(session_, i, &t);
    return t;
  }
  // The shape of input i for the next runs (its symbolic dimensions);
  // write the data after this, through input(i).
  spud_status set_input_shape(int i, const int64_t* dims, int rank) {
    status_ = spud_session_set_input_shape(session_, i, dims, rank, &error_);
    return status_;
  }
  spud_status run() {
    status_ = spud_session_run(session_, &error_);
    return status_;
  }

 private:
  spud_session* session_ = nullptr;
  spud_status status_ = SPUD_OK;
  spud_error error_ = {};
};

}  // namespace spud

#endif  // SPUD_SPUD_HPP_
