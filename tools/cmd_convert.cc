// spud convert: every model is converted in memory first; files are written
// only when all of them succeeded, each through a temporary file.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli_common.h"
#include "converter/converter.h"

namespace fs = std::filesystem;

namespace spud {
namespace cli {

namespace {

struct Job {
  fs::path source;
  fs::path target;
};

std::vector<Job> plan_jobs(const std::vector<std::string>& inputs, const std::string& output,
                           fs::path* config_dir) {
  std::vector<Job> jobs;
  const bool single_file = inputs.size() == 1 && !fs::is_directory(inputs[0]);
  for (const std::string& in : inputs) {
    const fs::path p(in);
    if (!fs::exists(p)) throw std::runtime_error("no such file or directory: " + in);
    if (fs::is_directory(p)) {
      std::vector<fs::path> found;
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file() && e.path().extension() == ".onnx") found.push_back(e.path());
      std::sort(found.begin(), found.end());
      if (found.empty()) throw std::runtime_error("no .onnx files below " + in);
      for (const fs::path& f : found) {
        fs::path target = f;
        target.replace_extension(".spud");
        if (!output.empty()) target = fs::path(output) / fs::relative(target, p);
        jobs.push_back({f, target});
      }
      if (config_dir->empty()) *config_dir = output.empty() ? p : fs::path(output);
    } else {
      fs::path target = p;
      target.replace_extension(".spud");
      if (!output.empty()) target = single_file ? fs::path(output) : fs::path(output) / target.filename();
      jobs.push_back({p, target});
      if (config_dir->empty()) *config_dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    }
  }
  return jobs;
}

}  // namespace

int run_convert(const std::vector<std::string>& inputs, const std::string& output,
                const std::string& config, const std::vector<std::string>& dims,
                const std::vector<std::string>& meta) {
  convert::ConvertOptions options;
  std::vector<Job> jobs;
  fs::path config_dir;
  try {
    for (const std::string& d : dims) {
      const auto kv = split_key_value(d, "--dim");
      int64_t v = -1;
      try {
        v = std::stoll(kv.second);
      } catch (const std::exception&) {
      }
      if (v < 0) throw std::runtime_error("--dim " + d + ": the value must be a non-negative integer");
      options.import.dims[kv.first] = v;
    }
    for (const std::string& m : meta) options.metadata.push_back(split_key_value(m, "--meta"));
    jobs = plan_jobs(inputs, output, &config_dir);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }

  std::vector<convert::ConvertResult> results;
  std::set<convert::OpKey> all_ops;
  std::vector<std::string> sources;
  int failures = 0;
  for (const Job& job : jobs) {
    try {
      results.push_back(convert::convert_model(job.source.string(), options));
      all_ops.insert(results.back().ops.begin(), results.back().ops.end());
      sources.push_back(job.source.string());
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      ++failures;
    }
  }
  if (failures > 0) {
    std::cerr << "nothing written: " << failures << " of " << jobs.size() << " model"
              << (jobs.size() > 1 ? "s" : "") << " failed to convert\n";
    return 1;
  }

  const fs::path config_path = config.empty() ? config_dir / "required_operators.config" : fs::path(config);
  try {
    for (size_t i = 0; i < jobs.size(); ++i) {
      if (jobs[i].target.has_parent_path()) fs::create_directories(jobs[i].target.parent_path());
      write_file_atomically(jobs[i].target.string(), results[i].bytes.data(), results[i].bytes.size());
    }
    const std::string text = convert::format_ops_config(sources, all_ops);
    if (config_path.has_parent_path()) fs::create_directories(config_path.parent_path());
    write_file_atomically(config_path.string(), text.data(), text.size());
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }

  for (size_t i = 0; i < jobs.size(); ++i) {
    const convert::ConvertResult& r = results[i];
    for (const std::string& note : r.graph.notes) std::printf("note: %s: %s\n", jobs[i].source.c_str(), note.c_str());
    uint64_t weights = 0;
    for (const auto& [name, t] : r.graph.tensors)
      if (t.role == convert::TensorRole::kConstant) weights += t.data.size();
    std::printf("%s -> %s\n  %zu nodes, %zu operator types, weights %s, arena %s\n"
                "  removed %d Identity/Dropout, folded %d BatchNormalization, folded %d constant nodes\n",
                jobs[i].source.c_str(), jobs[i].target.c_str(), r.graph.nodes.size(), r.ops.size(),
                human_bytes(weights).c_str(), human_bytes(r.arena_size).c_str(), r.stats.identities_removed,
                r.stats.batch_norms_folded, r.stats.nodes_folded);
  }
  std::printf("operators: %s\n", config_path.c_str());
  return 0;
}

}  // namespace cli
}  // namespace spud
