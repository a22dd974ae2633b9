#include "cli_common.h"

#include <cstdio>
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

std::string human_bytes(uint64_t bytes) {
  char buf[64];
  if (bytes >= (1u << 20))
    std::snprintf(buf, sizeof(buf), "%llu bytes (%.2f MiB)", static_cast<unsigned long long>(bytes), bytes / 1048576.0);
  else
    std::snprintf(buf, sizeof(buf), "%llu bytes (%.1f KiB)", static_cast<unsigned long long>(bytes), bytes / 1024.0);
  return buf;
}

}  // namespace cli
}  // namespace spud
