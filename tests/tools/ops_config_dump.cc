// Prints what tools/ops_config.h reads from a config, in the form
// tests/minimal/config_agreement.cmake prints for the CMake parser; a
// malformed config prints its error and exits 1.
#include <cstdio>

#include "ops_config.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  try {
    std::fputs(spud::convert::describe_ops_config(spud::convert::read_ops_config(argv[1])).c_str(), stdout);
  } catch (const spud::convert::OpsConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
