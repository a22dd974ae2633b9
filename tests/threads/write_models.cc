// Writes the thread test's models and the operator config its
// ThreadSanitizer build compiles (tsan_build.sh):
//   spud_thread_models DIR  ->  DIR/cnn.spud, DIR/dynamic.spud,
//                               DIR/required_operators.config
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "converter/converter.h"
#include "robustness_models.h"

namespace {

bool write(const std::string& path, const void* data, size_t size) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(data, 1, size, f) == size;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  using spud::convert::OpKey;
  std::set<OpKey> ops;
  std::vector<std::string> names;
  const std::pair<const char*, spud::testing::ModelBuilder> models[] = {
      {"cnn.spud", spud::testing::small_cnn_builder()},
      {"dynamic.spud", spud::testing::dynamic_builder()},
  };
  for (const auto& [name, builder] : models) {
    const std::vector<uint8_t> bytes = builder.build(true);
    if (!write(dir + "/" + name, bytes.data(), bytes.size())) {
      std::fprintf(stderr, "cannot write %s/%s\n", dir.c_str(), name);
      return 1;
    }
    const spud::convert::Graph& g = builder.graph();
    for (const spud::convert::Node* n : spud::convert::linear_nodes(g))
      ops.emplace(n->domain.empty() ? "ai.onnx" : n->domain, g.opset_imports.at(n->domain), n->op_type);
    names.push_back(name);
  }
  const std::string config = spud::convert::format_ops_config(names, ops);
  if (!write(dir + "/required_operators.config", config.data(), config.size())) {
    std::fprintf(stderr, "cannot write %s/required_operators.config\n", dir.c_str());
    return 1;
  }
  return 0;
}
