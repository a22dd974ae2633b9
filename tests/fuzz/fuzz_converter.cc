// The converter: bytes as an .onnx file -> convert (import, ONNX's checker
// and shape inference, passes, plan, write) -> the runtime target's load
// and runs on the file it wrote; the operator config it writes must read
// back. A conversion may fail with ConvertError, or with the
// std::runtime_error the TensorProto reader throws (spud convert prints
// either as one "error:" line); any other exception is a bug.
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "converter/converter.h"
#include "fuzz_support.h"
#include "ops_config.h"

using spud_fuzz::check;

namespace {

// The model goes to a file in a directory of its own, so that external
// data it names can only be the model itself.
const std::string& model_path() {
  static const std::string path = [] {
    static char dir[] = "/tmp/spud-fuzz-XXXXXX";
    check(mkdtemp(dir) != nullptr, "making a directory for the model");
    std::atexit([] {
      unlink((std::string(dir) + "/model.onnx").c_str());
      rmdir(dir);
    });
    return std::string(dir) + "/model.onnx";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = model_path();
  FILE* f = std::fopen(path.c_str(), "wb");
  check(f != nullptr && std::fwrite(data, 1, size, f) == size && std::fclose(f) == 0, "writing the model");

  spud::convert::ConvertResult r;
  try {
    r = spud::convert::convert_model(path, spud::convert::ConvertOptions());
  } catch (const std::runtime_error& e) {  // ConvertError among them
    spud_fuzz::note("convert", e.what());
    return 0;
  }
  check(!r.bytes.empty(), "a converted model has bytes");
  try {
    const std::string text = spud::convert::format_ops_config({path}, r.ops, &r.op_types);
    const spud::convert::OpsConfig config = spud::convert::parse_ops_config(text, "required_operators.config");
    check(config.ops.size() <= r.ops.size() && (r.ops.empty() || !config.ops.empty()),
          "the config lists the model's operators");
  } catch (const spud::convert::OpsConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    check(false, "the operator config spud convert writes reads back");
  }
  spud_fuzz::run_model(r.bytes.data(), r.bytes.size(), data, size);
  return 0;
}
