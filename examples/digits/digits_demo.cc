// Classifies the sample digits with a converted model through the public
// C++ API, in caller-provided memory: the model file says how much memory a
// session needs, the application hands it in, and nothing is allocated after.
//
//   digits_demo digits.spud samples/labels.txt
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "spud/spud.hpp"
#include "tensor_proto.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s MODEL.spud LABELS.txt\n", argv[0]);
    return 2;
  }
  const std::string labels_path = argv[2];
  const std::string dir = labels_path.substr(0, labels_path.find_last_of('/') + 1);

  spud::Model model(argv[1]);
  if (!model.ok()) {
    std::fprintf(stderr, "error: %s: %s\n", argv[1], model.error().message);
    return 1;
  }
  size_t memory_size = 0;
  spud_error err{};
  if (spud_model_session_memory(model.get(), &memory_size, &err) != SPUD_OK) {
    std::fprintf(stderr, "error: %s\n", err.message);
    return 1;
  }
  std::unique_ptr<unsigned char[]> memory(new unsigned char[memory_size]);
  spud::Session session(model, memory.get(), memory_size);
  if (!session.ok()) {
    std::fprintf(stderr, "error: %s\n", session.error().message);
    return 1;
  }
  std::printf("model %s: arena %zu bytes, session memory %zu bytes (caller-provided)\n\n", argv[1],
              model.arena_size(), memory_size);

  std::ifstream labels(labels_path);
  if (!labels) {
    std::fprintf(stderr, "error: cannot open %s\n", labels_path.c_str());
    return 1;
  }
  std::printf("%-16s %5s %9s\n", "sample", "label", "predicted");
  std::string file;
  int label = 0, correct = 0, total = 0;
  std::vector<double> us;
  while (labels >> file >> label) {
    const spud_tensor in = session.input(0);
    try {
      const auto value = spud::convert::tensor_from_proto(spud::convert::read_tensor_file(dir + file), "");
      if (value.data.size() != in.size_bytes) throw std::runtime_error("sample has the wrong size");
      std::memcpy(in.data, value.data.data(), in.size_bytes);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: %s: %s\n", file.c_str(), e.what());
      return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    if (session.run() != SPUD_OK) {
      std::fprintf(stderr, "error: %s\n", session.error().message);
      return 1;
    }
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    const spud_tensor out = session.output(0);
    const float* logits = static_cast<const float*>(out.data);
    const size_t classes = out.size_bytes / sizeof(float);
    const int predicted = static_cast<int>(std::max_element(logits, logits + classes) - logits);
    std::printf("%-16s %5d %9d %s\n", file.c_str(), label, predicted, predicted == label ? "" : "  <- wrong");
    correct += predicted == label;
    ++total;
  }
  std::sort(us.begin(), us.end());
  std::printf("\n%d of %d correct\n", correct, total);
  if (!us.empty()) std::printf("latency: min %.1f us, median %.1f us per inference\n", us.front(), us[us.size() / 2]);
  return correct == total ? 0 : 1;
}
