#include "ops_config.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "converter/converter.h"
#include "spud/tensor.h"

namespace spud {
namespace convert {

namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string strip(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// Splits on `sep`, keeping empty pieces ("a;;b" is three).
std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

bool is_alpha_(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_alnum_(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A JSON value as CMake's reader (jsoncpp) takes it: comments and a trailing
// comma are allowed, a key given twice keeps its last value. Strings have no
// escapes: a backslash never reaches the reader (it reads as '/').
struct Json {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  std::string text;  // a string's value; the source text of any value
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;
};

class JsonReader {
 public:
  explicit JsonReader(const std::string& s) : s_(s) {}

  // The whole text as one value; false when it is not valid.
  bool read(Json* out) {
    if (!value(out, 0)) return false;
    space();
    return pos_ == s_.size();
  }

 private:
  // Deeper than any valid type information (object, index map, list).
  static constexpr int kMaxDepth = 64;

  bool space() {
    for (;;) {
      while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
        ++pos_;
      if (s_.compare(pos_, 2, "//") == 0) {
        const size_t nl = s_.find('\n', pos_);
        pos_ = nl == std::string::npos ? s_.size() : nl + 1;
      } else if (s_.compare(pos_, 2, "/*") == 0) {
        const size_t end = s_.find("*/", pos_ + 2);
        if (end == std::string::npos) return false;
        pos_ = end + 2;
      } else {
        return true;
      }
    }
  }
  bool eat(char c) {
    if (!space() || pos_ >= s_.size() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool peek(char c) { return space() && pos_ < s_.size() && s_[pos_] == c; }

  bool string(std::string* out) {
    if (!eat('"')) return false;
    const size_t end = s_.find('"', pos_);
    if (end == std::string::npos) return false;
    *out = s_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return true;
  }
  bool number() {
    const size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      return pos_ > from;
    };
    if (!digits()) return false;
    if (pos_ < s_.size() && s_[pos_] == '.' && (++pos_, !digits())) return false;
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return false;
    }
    return pos_ > start;
  }
  bool word(const char* w) {
    const size_t n = std::char_traits<char>::length(w);
    if (s_.compare(pos_, n, w) != 0) return false;
    pos_ += n;
    return true;
  }

  bool value(Json* out, int depth) {
    if (depth > kMaxDepth || !space() || pos_ >= s_.size()) return false;
    const size_t start = pos_;
    bool ok = false;
    const char c = s_[pos_];
    if (c == '{') {
      out->kind = Json::kObject;
      ok = object(out, depth);
    } else if (c == '[') {
      out->kind = Json::kArray;
      ok = array(out, depth);
    } else if (c == '"') {
      out->kind = Json::kString;
      ok = string(&out->text);
      return ok;
    } else if (c == 't' || c == 'f') {
      out->kind = Json::kBool;
      ok = word(c == 't' ? "true" : "false");
    } else if (c == 'n') {
      out->kind = Json::kNull;
      ok = word("null");
    } else {
      out->kind = Json::kNumber;
      ok = number();
    }
    if (ok) out->text = s_.substr(start, pos_ - start);
    return ok;
  }
  bool array(Json* out, int depth) {
    ++pos_;  // '['
    if (eat(']')) return true;
    for (;;) {
      out->items.emplace_back();
      if (!value(&out->items.back(), depth + 1)) return false;
      if (eat(']')) return true;
      if (!eat(',')) return false;
      if (eat(']')) return true;  // a trailing comma
    }
  }
  bool object(Json* out, int depth) {
    ++pos_;  // '{'
    if (eat('}')) return true;
    for (;;) {
      std::string key;
      Json v;
      if (!peek('"') || !string(&key) || !eat(':') || !value(&v, depth + 1)) return false;
      auto it = std::find_if(out->members.begin(), out->members.end(),
                             [&](const std::pair<std::string, Json>& m) { return m.first == key; });
      if (it != out->members.end()) {
        it->second = std::move(v);
      } else {
        out->members.emplace_back(key, std::move(v));
      }
      if (eat('}')) return true;
      if (!eat(',')) return false;
      if (eat('}')) return true;
    }
  }

  const std::string& s_;
  size_t pos_ = 0;
};

class Parser {
 public:
  explicit Parser(const std::string& file) : file_(file) {}

  OpsConfig parse(const std::string& raw) {
    std::string text;
    text.reserve(raw.size());
    for (char c : raw)
      if (c != '\r') text += c == '\\' ? '/' : c;
    const std::vector<std::string> lines = split(text, '\n');
    for (size_t i = 0; i < lines.size(); ++i) {
      line_ = static_cast<int>(i) + 1;
      const std::string& l = lines[i];
      const std::string line = strip(l.substr(0, l.find('#')));
      if (line.empty()) continue;
      for (char c : line)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\v' && c != '\f') {
          char what[64];
          std::snprintf(what, sizeof(what), "control character 0x%02x", static_cast<unsigned char>(c));
          fail(what);
        }
      if (line[0] == '!') {
        directive(line);
      } else {
        operators(line);
      }
    }
    if (global_line_ > 0 && per_op_types_line_ > 0) {
      line_ = per_op_types_line_;
      fail("per-operator types and !globally_allowed_types (line " + std::to_string(global_line_) +
           ") are mutually exclusive");
    }
    return std::move(config_);
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw OpsConfigError(file_ + ":" + std::to_string(line_) + ": " + why, line_);
  }

  void add_type(const std::string& name, uint32_t* mask) const {
    for (const char* f8 : {"Float8E4M3FN", "Float8E4M3FNUZ", "Float8E5M2", "Float8E5M2FNUZ"})
      if (name == f8) return;  // ONNX Runtime's vocabulary, which spud cannot hold: selects nothing
    for (int v = 1; v <= 16; ++v) {
      const DType d = static_cast<DType>(v);
      if (name == ort_type_name(d) && std::string(ort_type_name(d)) != "undefined") {
        *mask |= dtype_bit(d);
        return;
      }
    }
    fail("unknown type '" + name +
         "' (expected one of float, double, int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t, "
         "uint64_t, bool, MLFloat16, BFloat16, std::string)");
  }

  void add_type_array(const Json& list, uint32_t* mask) const {
    if (list.kind != Json::kArray) fail("expected a list of type names, got " + list.text);
    for (const Json& t : list.items) {
      if (t.kind != Json::kString) fail("expected a type name as a string in " + list.text);
      add_type(t.text, mask);
    }
  }

  uint32_t json_types(const std::string& text, const std::string& op) const {
    Json root;
    if (!JsonReader(text).read(&root)) fail(op + ": type information is not valid JSON: " + text);
    uint32_t mask = 0;
    for (const auto& [key, value] : root.members) {
      if (key == "inputs" || key == "outputs") {
        if (value.kind != Json::kObject) fail(op + ": \"" + key + "\" must map an index to a list of types");
        for (const auto& [index, list] : value.members) {
          if (index.empty() || !std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; }))
            fail(op + ": \"" + key + "\" index '" + index + "' is not a number");
          add_type_array(list, &mask);
        }
      } else if (key == "custom") {
        if (value.kind != Json::kArray) fail(op + ": \"custom\" must be a list of type lists");
        for (const Json& list : value.items) add_type_array(list, &mask);
      } else {
        fail(op + ": unknown key \"" + key +
             "\" in type information (expected \"inputs\", \"outputs\" or \"custom\")");
      }
    }
    return mask;
  }

  void directive(const std::string& line) {
    const std::vector<std::string> fields = split(line, ';');
    if (fields[0] == "!globally_allowed_types") {
      if (fields.size() != 2) fail("expected '!globally_allowed_types;T0,T1,...'");
      if (global_line_ > 0)
        fail("a second !globally_allowed_types line (the first is line " + std::to_string(global_line_) +
             "); at most one is allowed");
      global_line_ = line_;
      uint32_t mask = 0;
      // An empty list names no type; any other list names one per comma.
      if (!fields[1].empty())
        for (const std::string& name : split(fields[1], ',')) add_type(strip(name), &mask);
      config_.global_types = mask;
    } else if (fields[0] == "!no_ops_specified_means_all_ops_are_required") {
      if (fields.size() != 1) fail("'!no_ops_specified_means_all_ops_are_required' takes no arguments");
      config_.all_if_empty = true;
    } else {
      fail("unknown directive '" + fields[0] +
           "' (expected !globally_allowed_types or !no_ops_specified_means_all_ops_are_required)");
    }
  }

  std::vector<int64_t> opsets(const std::string& text) const {
    const std::string bad = "opset '" + text + "' must be a number or a comma-separated list of numbers";
    std::vector<int64_t> out;
    for (const std::string& piece : split(text, ',')) {
      // Spaces around the commas only, as in "13, 14".
      const size_t b = piece.find_first_not_of(' ');
      const size_t e = piece.find_last_not_of(' ');
      if (b == std::string::npos) fail(bad);
      const std::string digits = piece.substr(b, e - b + 1);
      int64_t v = 0;
      for (char c : digits) {
        if (c < '0' || c > '9') fail(bad);
        if (v > (INT64_MAX - (c - '0')) / 10) fail("opset '" + digits + "' is too large");
        v = v * 10 + (c - '0');
      }
      out.push_back(v);
    }
    return out;
  }

  void operators(const std::string& line) {
    const std::vector<std::string> fields = split(line, ';');
    if (fields.size() != 3)
      fail("expected 'domain;opset;Op1,Op2,...' (3 fields separated by ';'), found " +
           std::to_string(fields.size()));
    std::string domain = strip(fields[0]);
    if (domain.empty() || !std::all_of(domain.begin(), domain.end(), [](char c) { return is_alnum_(c) || c == '.'; }))
      fail("'" + domain + "' is not an operator domain (such as ai.onnx)");
    const std::vector<int64_t> versions = opsets(strip(fields[1]));
    if (domain == "ai.onnx") domain.clear();

    std::string rest = strip(fields[2]);
    if (rest.empty()) fail("no operators listed after the opset");
    while (!rest.empty()) {
      size_t n = 0;
      if (!is_alpha_(rest[0])) fail("expected an operator name at '" + rest + "'");
      while (n < rest.size() && is_alnum_(rest[n])) ++n;
      const std::string op = rest.substr(0, n);
      while (n < rest.size() && (rest[n] == ' ' || rest[n] == '\t')) ++n;
      rest = rest.substr(n);
      std::optional<uint32_t> types;
      if (!rest.empty() && rest[0] == '{') {
        // The matching brace by depth alone, as the CMake parser finds it.
        int depth = 0;
        size_t end = std::string::npos;
        for (size_t i = 0; i < rest.size() && end == std::string::npos; ++i) {
          if (rest[i] == '{') ++depth;
          if (rest[i] == '}' && --depth == 0) end = i;
        }
        if (end == std::string::npos) fail(op + ": unbalanced braces in its type information");
        types = json_types(rest.substr(0, end + 1), op);
        rest = rest.substr(end + 1);
        if (per_op_types_line_ == 0) per_op_types_line_ = line_;
      }
      rest = strip(rest);
      if (!rest.empty() && rest[0] == ',') {
        rest = strip(rest.substr(1));
        if (rest.empty()) fail("a trailing ',' with no operator after it");
      } else if (!rest.empty()) {
        fail("expected ',' between operators, found '" + rest + "'");
      }
      add_operator(domain, op, versions, types);
    }
  }

  // The same operator on several lines (several opsets): the union of its
  // types; listed once without types means every type.
  void add_operator(const std::string& domain, const std::string& op, const std::vector<int64_t>& versions,
                    std::optional<uint32_t> types) {
    auto it = std::find_if(config_.ops.begin(), config_.ops.end(),
                           [&](const ConfigOperator& o) { return o.domain == domain && o.op == op; });
    if (it == config_.ops.end()) {
      config_.ops.push_back({domain, op, {}, types});
      it = config_.ops.end() - 1;
    } else if (!types) {
      it->types.reset();
    } else if (it->types) {
      *it->types |= *types;
    }
    for (int64_t v : versions)
      if (std::find(it->opsets.begin(), it->opsets.end(), v) == it->opsets.end()) it->opsets.push_back(v);
  }

  std::string file_;
  int line_ = 0;
  int global_line_ = 0;
  int per_op_types_line_ = 0;
  OpsConfig config_;
};

std::string hex_mask(const std::optional<uint32_t>& mask) {
  if (!mask) return "none";
  char buf[16];
  std::snprintf(buf, sizeof(buf), "0x%x", *mask);
  return buf;
}

}  // namespace

std::vector<std::string> OpsConfig::keys() const {
  std::vector<std::string> out;
  for (const ConfigOperator& o : ops) out.push_back(o.domain + "/" + o.op);
  return out;
}

OpsConfig parse_ops_config(const std::string& text, const std::string& file) { return Parser(file).parse(text); }

OpsConfig read_ops_config(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw OpsConfigError(path + ": cannot read the operator config", 0);
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_ops_config(ss.str(), path);
}

std::string describe_ops_config(const OpsConfig& config) {
  std::vector<std::string> ops;
  for (const ConfigOperator& o : config.ops) ops.push_back("op " + o.domain + "/" + o.op + " " + hex_mask(o.types));
  std::sort(ops.begin(), ops.end());
  std::string out = std::string("all_ops ") + (config.all_ops() ? "TRUE" : "FALSE") + "\n";
  out += "global " + hex_mask(config.global_types) + "\n";
  for (const std::string& l : ops) out += l + "\n";
  return out;
}

}  // namespace convert
}  // namespace spud
