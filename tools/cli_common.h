// Small helpers shared by the spud subcommands.
#ifndef SPUD_TOOLS_CLI_COMMON_H_
#define SPUD_TOOLS_CLI_COMMON_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace spud {
namespace cli {

// "[1,3,224,224]"; symbolic dims print their name.
std::string format_shape(const std::vector<int64_t>& dims,
                         const std::vector<std::string>& params = {});
// Splits "key=value"; throws std::runtime_error naming `flag` when malformed.
std::pair<std::string, std::string> split_key_value(const std::string& s, const std::string& flag);
// Writes `bytes` to `path` through a temporary file and a rename, so a
// failure never leaves a partial file behind.
void write_file_atomically(const std::string& path, const void* bytes, size_t size);
std::string human_bytes(uint64_t bytes);
// Creates a directory and its parents; throws std::runtime_error naming it
// and why (not std::filesystem's raw text).
void make_directories(const std::string& dir);
// The error for a .spud that did not load (`message` is the loader's), with
// what to do next: a missing or empty file, an ONNX model not yet
// converted, a directory.
std::string load_failure(const std::string& path, const std::string& message);
// An output file name from a tensor name: characters other than letters,
// digits, '-', '_' and '.' become '_' (ONNX names often hold '/' and ':').
std::string file_name_for(const std::string& tensor_name);
// What --json prints: indented, with bytes that are not UTF-8 (names come
// from files) replaced rather than thrown on.
std::string json_text(const nlohmann::json& j);
// A command's failure: "error: MESSAGE" on stderr and, in --json mode, the
// report with "ok": false and "error" on stdout. Returns 1, the exit code.
int report_failure(const std::string& message, bool json_mode, nlohmann::json* report);
// A command's result: the report in --json mode, else the text.
void print_result(bool json_mode, const nlohmann::json& report, const std::string& text);

struct ConvertFlags {
  std::vector<std::string> inputs;
  std::string output;
  std::string config;
  std::vector<std::string> dims;
  std::vector<std::string> meta;
  bool type_reduction = false;  // --enable-type-reduction
  bool emit_c = false;          // --emit-c
  std::string c_name;           // --c-name
  std::string layout = "nhwc";  // --layout nhwc|nchw
  bool prepack = false;         // --prepack
  int target_opset = 0;         // --target-opset N
  bool overwrite_config = false;  // --overwrite-config: replace, not merge
  bool no_qdq_fusion = false;     // --no-qdq-fusion
  bool json = false;              // --json
};
int run_convert(const ConvertFlags& flags);
struct RunFlags {
  std::string model;
  std::vector<std::string> files;   // input files in the model's input order
  std::vector<std::string> inputs;  // --input NAME=FILE or FILE
  std::vector<std::string> shapes;  // NAME=D0,D1,... for symbolic dimensions
  bool random = false;
  unsigned seed = 0;
  std::string output_dir;
  std::string output_format = "pb";    // pb | npy
  std::string output_names = "model";  // model: after the outputs' names; index: output_<i>
  bool json = false;
  int repeat = 1;
  int warmup = 0;    // runs before the timed ones
  int threads = 1;
  // spud_session_options' max_memory_bytes in MiB (0: no limit).
  uint64_t max_memory_mb = 1024;
  int print = 8;     // values of each output to print
  bool profile = false;
};
int run_run(const RunFlags& flags);
struct CheckFlags {
  std::string path;
  bool nodes = false;  // --nodes: list every node
  bool json = false;
};
int run_check(const CheckFlags& flags);
int run_ops(bool json);
struct QuantizeFlags {
  std::string model;
  std::string calibration;  // --calibration DIR
  std::string output;       // -o: .onnx (QDQ) or .spud
  std::vector<std::string> keep_float;
  bool json = false;
};
int run_quantize(const QuantizeFlags& flags);

}  // namespace cli
}  // namespace spud

#endif  // SPUD_TOOLS_CLI_COMMON_H_
