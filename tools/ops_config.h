// ONNX Runtime's reduced operator config format, read in C++: the same
// grammar and meaning as the build's parser (cmake/ops_config.cmake, whose
// header describes the format), so that the host tools can read, check and
// later merge what `spud convert` and ONNX Runtime's tools write:
//
//   # comment (anything after '#' on a line)
//   domain;opset[,opset...];Op1,Op2{"inputs": {"0": ["float", "int32_t"]}},Op3
//   !globally_allowed_types;float,int8_t,uint8_t
//   !no_ops_specified_means_all_ops_are_required
//
// What the CMake parser's medium forces on it is kept, so both read every
// file alike: a backslash reads as '/', a carriage return is dropped, and
// the type JSON is read as CMake's JSON reader reads it (comments and a
// trailing comma allowed; of a key given twice, the last value counts).
// Where they differ: control characters outside comments, and opset
// numbers beyond int64, are refused here.
#ifndef SPUD_TOOLS_OPS_CONFIG_H_
#define SPUD_TOOLS_OPS_CONFIG_H_

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace spud {
namespace convert {

// what(): "FILE:LINE: reason", the form the CMake parser stops with.
struct OpsConfigError : std::runtime_error {
  OpsConfigError(const std::string& what, int line_number) : std::runtime_error(what), line(line_number) {}
  int line;
};

struct ConfigOperator {
  std::string domain;  // "" for ai.onnx
  std::string op;
  std::vector<int64_t> opsets;  // every opset it is listed under, in file order, once each
  // The union of every type named for it (dtype_bit values OR-ed); nullopt
  // when some line lists it without types: every type.
  std::optional<uint32_t> types;
};

struct OpsConfig {
  std::vector<ConfigOperator> ops;  // in the order they first appear
  // !no_ops_specified_means_all_ops_are_required was given.
  bool all_if_empty = false;
  // !globally_allowed_types (dtype_bit mask); nullopt: no limit.
  std::optional<uint32_t> global_types;

  // No operator listed and the file says that means all of them.
  bool all_ops() const { return ops.empty() && all_if_empty; }
  // "domain/Op" keys, domain "" for ai.onnx: the CMake parser's SPUD_CFG_OPS.
  std::vector<std::string> keys() const;
};

// Parses config text; `file` names it in errors. Throws OpsConfigError.
OpsConfig parse_ops_config(const std::string& text, const std::string& file);
// Reads and parses a file; throws OpsConfigError (also when unreadable).
OpsConfig read_ops_config(const std::string& path);

// One line per fact, sorted, in the form tests/minimal/config_agreement.cmake
// prints for the CMake parser: "all_ops TRUE|FALSE", "global none|0x..",
// "op domain/Op none|0x..".
std::string describe_ops_config(const OpsConfig& config);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_OPS_CONFIG_H_
