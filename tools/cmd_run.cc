// spud run: the public C API driven from the command line, with TensorProto
// .pb files as inputs and outputs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <random>

#include "cli_common.h"
#include "spud/spud.h"
#include "spud_generated.h"
#include "tensor_proto.h"

namespace spud {
namespace cli {

namespace {

std::vector<int64_t> dims_of(const spud_tensor& t) { return std::vector<int64_t>(t.dims, t.dims + t.rank); }

void fill_random(const spud_tensor& t, std::mt19937& rng) {
  const size_t n = t.size_bytes / std::max<size_t>(1, dtype_size(static_cast<DType>(t.dtype)));
  if (t.dtype == SPUD_FLOAT32) {
    std::uniform_real_distribution<float> d(0.f, 1.f);
    float* p = static_cast<float*>(t.data);
    for (size_t i = 0; i < n; ++i) p[i] = d(rng);
  } else if (t.dtype == SPUD_FLOAT64) {
    std::uniform_real_distribution<double> d(0.0, 1.0);
    double* p = static_cast<double*>(t.data);
    for (size_t i = 0; i < n; ++i) p[i] = d(rng);
  } else {
    std::memset(t.data, 0, t.size_bytes);  // integer inputs are usually indices: 0 is always valid
  }
}

void print_values(const spud_tensor& t, int count) {
  const size_t n = t.size_bytes / std::max<size_t>(1, dtype_size(static_cast<DType>(t.dtype)));
  const size_t shown = std::min<size_t>(n, static_cast<size_t>(count));
  for (size_t i = 0; i < shown; ++i) {
    switch (t.dtype) {
      case SPUD_FLOAT32: std::printf(" %.6g", static_cast<const float*>(t.data)[i]); break;
      case SPUD_FLOAT64: std::printf(" %.6g", static_cast<const double*>(t.data)[i]); break;
      case SPUD_INT64: std::printf(" %lld", static_cast<long long>(static_cast<const int64_t*>(t.data)[i])); break;
      case SPUD_INT32: std::printf(" %d", static_cast<const int32_t*>(t.data)[i]); break;
      case SPUD_BOOL:
      case SPUD_UINT8: std::printf(" %u", static_cast<const uint8_t*>(t.data)[i]); break;
      case SPUD_INT8: std::printf(" %d", static_cast<const int8_t*>(t.data)[i]); break;
      default: std::printf(" ?"); break;
    }
  }
  if (shown < n) std::printf(" ...");
  std::printf("\n");
}

// The slowest nodes, then every operator type by its share of the total.
void print_profile(const spud_session* session, const std::vector<uint64_t>& node_ns, int runs) {
  struct Row {
    std::string label;
    uint64_t ns = 0;
    int count = 0;
  };
  uint64_t total = 0;
  std::vector<Row> nodes;
  std::map<std::string, Row> by_type;
  for (size_t i = 0; i < node_ns.size(); ++i) {
    const char *name = "", *domain = "", *op = "";
    (void)spud_session_node(session, static_cast<int>(i), &name, &domain, &op);
    const std::string type = std::string(*domain != '\0' ? domain : "") + (*domain != '\0' ? ":" : "") + op;
    nodes.push_back({type + " '" + name + "'", node_ns[i], 1});
    Row& r = by_type[type];
    r.label = type;
    r.ns += node_ns[i];
    r.count += 1;
    total += node_ns[i];
  }
  auto slower = [](const Row& a, const Row& b) { return a.ns > b.ns; };
  std::sort(nodes.begin(), nodes.end(), slower);
  std::vector<Row> types;
  for (const auto& kv : by_type) types.push_back(kv.second);
  std::sort(types.begin(), types.end(), slower);
  const double per_run = runs > 0 ? 1e-6 / runs : 0;
  auto share = [total](uint64_t ns) { return total > 0 ? 100.0 * static_cast<double>(ns) / static_cast<double>(total) : 0.0; };
  std::printf("profile: %zu nodes, %.4g ms per run in nodes, over %d run%s\n", node_ns.size(),
              static_cast<double>(total) * per_run, runs, runs > 1 ? "s" : "");
  std::printf("  by operator type:             ms/run   share  nodes\n");
  for (const Row& r : types)
    std::printf("  %-28s %8.4f  %5.1f%%  %5d\n", r.label.c_str(), static_cast<double>(r.ns) * per_run, share(r.ns),
                r.count);
  const size_t shown = std::min<size_t>(nodes.size(), 15);
  std::printf("  slowest %zu nodes:\n", shown);
  for (size_t i = 0; i < shown; ++i)
    std::printf("  %-44s %8.4f  %5.1f%%\n", nodes[i].label.c_str(), static_cast<double>(nodes[i].ns) * per_run,
                share(nodes[i].ns));
}

}  // namespace

const char* kind_name(convert::ValueKind kind) {
  switch (kind) {
    case convert::ValueKind::kSequence: return "sequence";
    case convert::ValueKind::kOptionalTensor: return "optional tensor";
    case convert::ValueKind::kOptionalSequence: return "optional sequence";
    default: return "tensor";
  }
}

// Which graph inputs and outputs of the (already verified) file are
// sequences or optionals.
void value_kinds(const std::string& path, std::vector<convert::ValueKind>* ins, std::vector<convert::ValueKind>* outs) {
  // The flatbuffer alone (its size prefix says how long), not the weights
  // after it: a file of 100 MB need not be read twice.
  std::ifstream f(path, std::ios::binary);
  uint32_t size = 0;
  f.read(reinterpret_cast<char*>(&size), sizeof(size));
  std::string bytes(sizeof(size) + size, '\0');
  std::memcpy(&bytes[0], &size, sizeof(size));
  f.read(&bytes[sizeof(size)], size);
  const schema::Model* m = schema::GetSizePrefixedModel(bytes.data());
  auto kind = [&](int32_t i) { return static_cast<convert::ValueKind>(m->tensors()->Get(static_cast<uint32_t>(i))->value_kind()); };
  if (m->inputs() != nullptr)
    for (int32_t i : *m->inputs()) ins->push_back(kind(i));
  if (m->outputs() != nullptr)
    for (int32_t i : *m->outputs()) outs->push_back(kind(i));
}

// A session's message, with the flag that raises a limit it reached.
static std::string run_error(const spud_error& err) {
  std::string text = err.message;
  if (err.code == SPUD_LIMIT_EXCEEDED && text.find("max_memory_bytes") != std::string::npos)
    text += "; raise it with --max-memory (MiB, 0 for none)";
  return text;
}

int run_run(const RunFlags& flags) {
  const std::string& model_path = flags.model;
  const auto load_start = std::chrono::steady_clock::now();
  spud_error err{};
  spud_model* model = nullptr;
  if (spud_model_load_file(model_path.c_str(), &model, &err) != SPUD_OK) {
    std::cerr << "error: " << model_path << ": " << err.message << "\n";
    return 1;
  }
  const auto loaded = std::chrono::steady_clock::now();
  spud_session_options options = spud_session_options_default();
  options.num_threads = flags.threads;
  options.max_memory_bytes = static_cast<size_t>(flags.max_memory_mb) << 20;
  spud_session* session = nullptr;
  if (spud_session_create(model, &options, nullptr, 0, &session, &err) != SPUD_OK) {
    std::cerr << "error: " << model_path << ": " << run_error(err) << "\n";
    spud_model_free(model);
    return 1;
  }
  const auto ready = std::chrono::steady_clock::now();
  const double ready_ms = std::chrono::duration<double, std::milli>(ready - load_start).count();
  const double load_ms = std::chrono::duration<double, std::milli>(loaded - load_start).count();
  int rc = 0;
  try {
    std::map<std::string, std::string> given;
    for (const std::string& s : flags.inputs) {
      const auto kv = split_key_value(s, "--input");
      if (!given.emplace(kv).second) throw std::runtime_error("input '" + kv.first + "' is given twice");
    }
    std::map<std::string, std::vector<int64_t>> shapes;  // --shape NAME=D0,D1,...
    for (const std::string& s : flags.shapes) {
      const auto kv = split_key_value(s, "--shape");
      std::vector<int64_t> dims;
      std::stringstream ss(kv.second);
      for (std::string d; std::getline(ss, d, ',');) {
        size_t used_chars = 0;
        long long v = -1;
        try {
          v = std::stoll(d, &used_chars);
        } catch (const std::exception&) {
        }
        if (v < 0 || used_chars != d.size())
          throw std::runtime_error("--shape " + s + ": dimensions are non-negative integers separated by commas");
        dims.push_back(v);
      }
      if (!shapes.emplace(kv.first, dims).second) throw std::runtime_error("--shape " + kv.first + " is given twice");
    }
    // The shape of input i for the next runs (symbolic dimensions only).
    auto set_shape = [&](int i, const std::vector<int64_t>& dims, const std::string& what) {
      if (spud_session_set_input_shape(session, i, dims.data(), static_cast<int>(dims.size()), &err) != SPUD_OK)
        throw std::runtime_error(what + ": " + run_error(err));
    };
    // Sequence and optional values (format version 3) travel as blobs; the
    // file says which inputs and outputs are such values.
    std::vector<convert::ValueKind> in_kinds, out_kinds;
    value_kinds(model_path, &in_kinds, &out_kinds);
    std::mt19937 rng(flags.seed);
    std::map<std::string, bool> used;
    for (int i = 0; i < spud_session_num_inputs(session); ++i) {
      spud_tensor t{};
      (void)spud_session_input(session, i, &t);
      auto shape = shapes.find(t.name);
      if (shape != shapes.end()) {
        set_shape(i, shape->second, std::string("--shape ") + t.name);
        (void)spud_session_input(session, i, &t);
      }
      auto it = given.find(t.name);
      const convert::ValueKind kind = i < static_cast<int>(in_kinds.size()) ? in_kinds[i] : convert::ValueKind::kTensor;
      if (kind != convert::ValueKind::kTensor) {
        if (it == given.end())
          throw std::runtime_error(std::string("input '") + t.name + "' is a " + kind_name(kind) +
                                   ": give it with --input " + t.name + "=FILE.pb (an ONNX " +
                                   (kind == convert::ValueKind::kSequence ? "SequenceProto" : "OptionalProto") + ")");
        used[t.name] = true;
        const std::vector<uint8_t> blob = convert::encode_blob(convert::read_value_file(it->second, kind));
        const std::vector<int64_t> dims = {static_cast<int64_t>(blob.size())};
        set_shape(i, dims, it->second + ": input '" + std::string(t.name) + "'");
        (void)spud_session_input(session, i, &t);
        std::memcpy(t.data, blob.data(), blob.size());
        continue;
      }
      if (it == given.end()) {
        if (!flags.random)
          throw std::runtime_error(std::string("input '") + t.name + "' " +
                                   format_shape(dims_of(t)) + " needs a value: --input " + t.name +
                                   "=FILE.pb, or --random");
        fill_random(t, rng);
        continue;
      }
      used[t.name] = true;
      const onnx::TensorProto proto = convert::read_tensor_file(it->second);
      const convert::TensorInfo value = convert::tensor_from_proto(proto, "");
      std::string why;  // what the model fixes, when the file's shape is not allowed
      if (static_cast<int>(value.dtype) == t.dtype && value.shape != dims_of(t)) {
        // The size of a symbolic dimension, where the model has one.
        if (spud_session_set_input_shape(session, i, value.shape.data(), static_cast<int>(value.shape.size()),
                                         &err) != SPUD_OK)
          why = std::string(" (") + err.message + ")";
        (void)spud_session_input(session, i, &t);
      }
      if (static_cast<int>(value.dtype) != t.dtype || value.shape != dims_of(t))
        throw std::runtime_error(it->second + ": input '" + t.name + "' must be " +
                                 dtype_name(static_cast<DType>(t.dtype)) + " " + format_shape(dims_of(t)) +
                                 ", the file holds " + dtype_name(value.dtype) + " " +
                                 format_shape(value.shape) + why);
      if (!value.data.empty()) std::memcpy(t.data, value.data.data(), value.data.size());
    }
    for (const auto& kv : given)
      if (!used.count(kv.first)) throw std::runtime_error("the model has no input named '" + kv.first + "'");
    for (const auto& kv : shapes) {
      bool found = false;
      for (int i = 0; i < spud_session_num_inputs(session); ++i) {
        spud_tensor t{};
        (void)spud_session_input(session, i, &t);
        found = found || kv.first == t.name;
      }
      if (!found) throw std::runtime_error("--shape " + kv.first + ": the model has no input of that name");
    }

    for (int r = 0; r < flags.warmup; ++r)
      if (spud_session_run(session, &err) != SPUD_OK) throw std::runtime_error(run_error(err));
    std::vector<uint64_t> node_ns(static_cast<size_t>(spud_session_num_nodes(session)), 0);
    if (flags.profile) (void)spud_session_set_profile(session, node_ns.data());
    const int repeat = flags.repeat;
    std::vector<double> ms;
    for (int r = 0; r < repeat; ++r) {
      const auto start = std::chrono::steady_clock::now();
      if (spud_session_run(session, &err) != SPUD_OK) throw std::runtime_error(run_error(err));
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }

    (void)spud_session_set_profile(session, nullptr);
    const std::string& output_dir = flags.output_dir;
    if (!output_dir.empty()) std::filesystem::create_directories(output_dir);
    for (int i = 0; i < spud_session_num_outputs(session); ++i) {
      spud_tensor t{};
      (void)spud_session_output(session, i, &t);
      const convert::ValueKind kind = i < static_cast<int>(out_kinds.size()) ? out_kinds[i] : convert::ValueKind::kTensor;
      if (kind != convert::ValueKind::kTensor) {
        const convert::BlobValue v =
            convert::decode_blob(static_cast<const uint8_t*>(t.data), t.size_bytes, kind);
        std::printf("output '%s' %s of %zu tensor%s:", t.name, kind_name(kind), v.has_value ? v.tensors.size() : 0,
                    v.tensors.size() == 1 ? "" : "s");
        for (const convert::TensorInfo& e : v.tensors)
          std::printf(" %s %s", dtype_name(e.dtype), format_shape(e.shape).c_str());
        std::printf("%s\n", v.has_value ? "" : " (none)");
        if (!output_dir.empty())
          convert::write_value_file(output_dir + "/output_" + std::to_string(i) + ".pb", t.name, v);
        continue;
      }
      std::printf("output '%s' %s %s:", t.name, dtype_name(static_cast<DType>(t.dtype)),
                  format_shape(dims_of(t)).c_str());
      print_values(t, flags.print);
      if (!output_dir.empty()) {
        const std::string path = output_dir + "/output_" + std::to_string(i) + ".pb";
        convert::write_tensor_file(path, convert::tensor_to_proto(t.name, static_cast<DType>(t.dtype),
                                                                  dims_of(t), t.data, t.size_bytes));
      }
    }
    if (flags.profile) print_profile(session, node_ns, repeat);
    std::sort(ms.begin(), ms.end());
    std::printf("arena: %s\n", human_bytes(spud_model_arena_size(model)).c_str());
    std::printf("kernel state: %s (packed weights and operators, apart from the arena)\n",
                human_bytes(spud_session_kernel_state_bytes(session)).c_str());
    std::printf("ready: %.4g ms from file to session (load and verify %.3g ms, session %.3g ms; %d thread%s)\n",
                ready_ms, load_ms, ready_ms - load_ms, flags.threads, flags.threads > 1 ? "s" : "");
    std::printf("latency: min %.4g ms, median %.4g ms over %d run%s\n", ms.front(), ms[ms.size() / 2],
                repeat, repeat > 1 ? "s" : "");
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    rc = 1;
  }
  spud_session_free(session);
  spud_model_free(model);
  return rc;
}

}  // namespace cli
}  // namespace spud
