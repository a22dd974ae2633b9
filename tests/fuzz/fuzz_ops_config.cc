// The operator-config parser (tools/ops_config.h): any text is read or
// refused with FILE:LINE: reason; what it reads holds the format's rules.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "ops_config.h"

using spud_fuzz::check;

namespace {

bool is_name(const std::string& s, bool dots) {
  if (s.empty()) return dots;  // the default domain is ""
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (dots && c == '.'))) return false;
  return dots || !std::isdigit(static_cast<unsigned char>(s[0]));
}

// Bits of the element types a config can name (dtype values 1-13 and 16).
constexpr uint32_t kTypeBits = 0x13ffeu;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const spud::convert::OpsConfig c = spud::convert::parse_ops_config(text, "fuzz.config");
    check(!c.all_ops() || c.ops.empty(), "all_ops only without operators");
    check(!c.global_types || (*c.global_types & ~kTypeBits) == 0, "global types are type bits");
    for (const spud::convert::ConfigOperator& op : c.ops) {
      check(is_name(op.domain, true) && op.domain != "ai.onnx", "a domain as the format allows, ai.onnx as \"\"");
      check(is_name(op.op, false), "an operator name as the format allows");
      check(!op.opsets.empty(), "an operator has its opsets");
      check(!op.types || (*op.types & ~kTypeBits) == 0, "operator types are type bits");
      check(!(op.types && c.global_types), "per-operator and global types never together");
    }
    check(c.keys().size() == c.ops.size(), "one key per operator");
    check(!spud::convert::describe_ops_config(c).empty(), "a description");
  } catch (const spud::convert::OpsConfigError& e) {
    const std::string what = e.what();
    const std::string prefix = "fuzz.config:" + std::to_string(e.line) + ": ";
    check(e.line >= 1, "an error names a line");
    check(what.compare(0, prefix.size(), prefix) == 0 && what.size() > prefix.size(), "FILE:LINE: reason");
  }
  return 0;
}
