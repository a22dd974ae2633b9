// A model loaded through the C API from an aligned copy of its bytes, freed
// with the copy at the end of the scope.
#ifndef SPUD_TESTS_RUNTIME_LOADED_MODEL_H_
#define SPUD_TESTS_RUNTIME_LOADED_MODEL_H_

#include <cstdint>
#include <vector>

#include "model_builder.h"
#include "spud/spud.h"

namespace spud {
namespace testing {

struct Loaded {
  // unplanned: the converter's own kind of file, which spud_model_load refuses.
  explicit Loaded(const std::vector<uint8_t>& bytes, bool unplanned = false) : storage(bytes) {
    status = unplanned ? spud_model_load_unplanned(storage.data(), storage.size(), &model, &err)
                       : spud_model_load(storage.data(), storage.size(), &model, &err);
  }
  ~Loaded() { spud_model_free(model); }
  Loaded(const Loaded&) = delete;
  Loaded& operator=(const Loaded&) = delete;
  AlignedBytes storage;
  spud_model* model = nullptr;
  spud_status status;
  spud_error err{};
};

}  // namespace testing
}  // namespace spud

#endif  // SPUD_TESTS_RUNTIME_LOADED_MODEL_H_
