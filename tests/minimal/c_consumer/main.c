/* Runs a one-input float model with the installed runtime from C: the input
 * from a raw little-endian float file, every value of output 0 printed one
 * per line (%.9g), so the test can compare them with the full build's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spud/spud.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: c_consumer MODEL.spud INPUT.raw\n");
    return 2;
  }
  spud_error err;
  spud_model* model = NULL;
  if (spud_model_load_file_with_flags(argv[1], SPUD_LOAD_VERIFY_CHECKSUM, &model, &err) != SPUD_OK) {
    fprintf(stderr, "load failed: %s\n", err.message);
    return 1;
  }
  spud_session* session = NULL;
  if (spud_session_create(model, NULL, NULL, 0, &session, &err) != SPUD_OK) {
    fprintf(stderr, "session failed: %s\n", err.message);
    spud_model_free(model);
    return 1;
  }
  int rc = 1;
  spud_tensor in, out;
  FILE* f = fopen(argv[2], "rb");
  if (f == NULL || spud_session_input(session, 0, &in) != SPUD_OK || in.dtype != SPUD_FLOAT32) {
    fprintf(stderr, "cannot read %s or the model's input is not float\n", argv[2]);
  } else if (fread(in.data, 1, in.size_bytes, f) != in.size_bytes) {
    fprintf(stderr, "%s holds fewer than the input's %zu bytes\n", argv[2], in.size_bytes);
  } else if (spud_session_run(session, &err) != SPUD_OK) {
    fprintf(stderr, "run failed: %s\n", err.message);
  } else if (spud_session_output(session, 0, &out) == SPUD_OK && out.dtype == SPUD_FLOAT32) {
    const float* v = (const float*)out.data;
    for (size_t i = 0; i < out.size_bytes / sizeof(float); ++i) printf("%.9g\n", v[i]);
    rc = 0;
  }
  if (f != NULL) fclose(f);
  spud_session_free(session);
  spud_model_free(model);
  return rc;
}
