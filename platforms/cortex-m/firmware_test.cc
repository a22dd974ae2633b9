// A bare-metal program that runs the embedded model once: the model is
// loaded from flash in place, the session lives in a static buffer, and the
// result is left in `spud_firmware_result` (index of the largest value of
// output 0, or a negative spud_status). It is linked in CI to prove that the
// runtime and a model's kernels build for Cortex-M4F; running it under QEMU
// is for a later step.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "spud/spud.h"

extern "C" {
extern const unsigned char spud_model_data[];
extern const size_t spud_model_size;
}

#ifndef SPUD_FIRMWARE_SESSION_BYTES
#define SPUD_FIRMWARE_SESSION_BYTES (256 * 1024)
#endif

namespace {
alignas(64) unsigned char g_session_memory[SPUD_FIRMWARE_SESSION_BYTES];
}  // namespace

extern "C" {
volatile int32_t spud_firmware_result = 0;
}

int main() {
  spud_error err;
  spud_model* model = nullptr;
  spud_status st = spud_model_load(spud_model_data, spud_model_size, &model, &err);
  if (st != SPUD_OK) return spud_firmware_result = -static_cast<int32_t>(st);
  size_t need = 0;
  st = spud_model_session_memory(model, &need, &err);
  spud_session* session = nullptr;
  if (st == SPUD_OK && need > sizeof(g_session_memory)) st = SPUD_OUT_OF_MEMORY;
  if (st == SPUD_OK) st = spud_session_create(model, nullptr, g_session_memory, sizeof(g_session_memory), &session, &err);
  if (st == SPUD_OK) {
    for (int i = 0; i < spud_session_num_inputs(session); ++i) {
      spud_tensor in;
      spud_session_input(session, i, &in);
      memset(in.data, 0, in.size_bytes);
    }
    st = spud_session_run(session, &err);
  }
  if (st == SPUD_OK) {
    spud_tensor out;
    spud_session_output(session, 0, &out);
    int32_t best = 0;
    if (out.dtype == SPUD_FLOAT32) {
      const float* v = static_cast<const float*>(out.data);
      const size_t n = out.size_bytes / sizeof(float);
      for (size_t i = 1; i < n; ++i)
        if (v[i] > v[best]) best = static_cast<int32_t>(i);
    }
    spud_firmware_result = best;
  } else {
    spud_firmware_result = -static_cast<int32_t>(st);
  }
  if (session != nullptr) spud_session_free(session);
  spud_model_free(model);
  return 0;
}
