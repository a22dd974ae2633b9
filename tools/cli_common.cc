#include "cli_common.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace spud {
namespace cli {

std::string format_shape(const std::vector<int64_t>& dims, const std::vector<std::string>& params) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) s += ",";
    if (dims[i] < 0)
      s += i < params.size() && !params[i].empty() ? params[i] : "?";
    else
      s += std::to_string(dims[i]);
  }
  return s + "]";
}

std::pair<std::string, std::string> split_key_value(const std::string& s, const std::string& flag) {
  const size_t eq = s.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::runtime_error(flag + " expects KEY=VALUE, got '" + s + "'");
  return {s.substr(0, eq), s.substr(eq + 1)};
}

void write_file_atomically(const std::string& path, const void* bytes, size_t size) {
  const std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw std::runtime_error("cannot write " + path);
    f.write(static_cast<const char*>(bytes), static_cast<std::streamsize>(size));
    f.close();
    if (!f) {
      std::remove(tmp.c_str());
      throw std::runtime_error("cannot write " + path);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write " + path);
  }
}

void make_directories(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw std::runtime_error("cannot create the directory " + dir + " (" +
                             (ec ? ec.message() : std::string("a file of that name is there")) + ")");
}

std::string human_bytes(uint64_t bytes) {
  char buf[64];
  if (bytes >= (1u << 20))
    std::snprintf(buf, sizeof(buf), "%llu bytes (%.2f MiB)", static_cast<unsigned long long>(bytes), bytes / 1048576.0);
  else
    std::snprintf(buf, sizeof(buf), "%llu bytes (%.1f KiB)", static_cast<unsigned long long>(bytes), bytes / 1024.0);
  return buf;
}

std::string load_failure(const std::string& path, const std::string& message) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) return path + ": no such file";
  if (fs::is_directory(path, ec)) return path + " is a directory, not a .spud file";
  const auto size = fs::file_size(path, ec);
  if (!ec && size == 0)
    return path + " is empty (0 bytes), not a .spud file: spud convert MODEL.onnx writes one";
  // An ONNX model given where a .spud belongs: by its extension, or by its
  // first byte (a ModelProto starts with field 1, ir_version, as a varint).
  char first = 0;
  std::ifstream f(path, std::ios::binary);
  f.read(&first, 1);
  const bool onnx_name = path.size() > 5 && path.compare(path.size() - 5, 5, ".onnx") == 0;
  if (message.find("SPUD identifier") != std::string::npos && (onnx_name || first == 0x08)) {
    fs::path spud = path;
    spud.replace_extension(".spud");
    return path + " is an ONNX model, not a .spud file: convert it first with `spud convert " + path +
           "` (it writes " + spud.string() + "), then run that";
  }
  return path + ": " + message;
}

std::string json_text(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

int report_failure(const std::string& message, bool json_mode, nlohmann::json* report) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  if (json_mode) {
    (*report)["ok"] = false;
    (*report)["error"] = message;
    std::printf("%s\n", json_text(*report).c_str());
  }
  return 1;
}

void print_result(bool json_mode, const nlohmann::json& report, const std::string& text) {
  if (json_mode)
    std::printf("%s\n", json_text(report).c_str());
  else
    std::printf("%s", text.c_str());
}

std::string file_name_for(const std::string& tensor_name) {
  std::string s;
  for (char c : tensor_name)
    s += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
  if (s.empty() || s == "." || s == "..") s = "unnamed";
  return s;
}

}  // namespace cli
}  // namespace spud
