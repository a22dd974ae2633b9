// Loads a .spud file with the installed runtime and tries to create a
// session; prints the outcome, so the test can check both the package and
// the error a reduced build gives for a model it cannot run.
#include <stdio.h>

#include "spud/spud.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: consumer MODEL.spud\n");
    return 2;
  }
  spud_error err;
  spud_model* model = nullptr;
  if (spud_model_load_file(argv[1], &model, &err) != SPUD_OK) {
    printf("load failed: %s\n", err.message);
    return 1;
  }
  printf("loaded: arena %zu bytes\n", spud_model_arena_size(model));
  spud_session* session = nullptr;
  if (spud_session_create(model, nullptr, nullptr, 0, &session, &err) != SPUD_OK) {
    printf("session failed: %s\n", err.message);
  } else {
    printf("session created\n");
    spud_session_free(session);
  }
  spud_model_free(model);
  return 0;
}
