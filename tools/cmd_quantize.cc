// spud quantize: a float .onnx and calibration samples in, a QDQ .onnx out
// (or, given -o X.spud, that model converted as spud convert would).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli_common.h"
#include "onnx/onnx_pb.h"
#include "quantize.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace spud {
namespace cli {

int run_quantize(const QuantizeFlags& flags) {
  json report = {{"model", flags.model}};
  convert::QuantizeOptions options;
  options.keep_float.insert(flags.keep_float.begin(), flags.keep_float.end());
  fs::path qdq_path, spud_path;
  const fs::path in(flags.model);
  if (flags.output.empty()) {
    qdq_path = in.parent_path() / (in.stem().string() + ".qdq.onnx");
  } else if (fs::path(flags.output).extension() == ".spud") {
    spud_path = flags.output;
    qdq_path = spud_path.parent_path() / (spud_path.stem().string() + ".qdq.onnx");
  } else {
    qdq_path = flags.output;
  }
  convert::QuantizeResult r;
  try {
    if (!fs::exists(flags.model)) throw std::runtime_error(flags.model + ": no such file");
    onnx::ModelProto m;
    {
      std::ifstream f(flags.model, std::ios::binary);
      if (!m.ParseFromIstream(&f) || !m.has_graph()) throw std::runtime_error(flags.model + " is not an ONNX model");
    }
    int num_inputs = 0;
    for (const auto& v : m.graph().input()) {
      bool init = false;
      for (const auto& t : m.graph().initializer()) init = init || t.name() == v.name();
      num_inputs += !init;
    }
    options.samples = convert::calibration_samples(flags.calibration, num_inputs);
    r = convert::quantize_model(flags.model, options);
    const std::string bytes = r.model.SerializeAsString();
    if (qdq_path.has_parent_path()) make_directories(qdq_path.parent_path().string());
    write_file_atomically(qdq_path.string(), bytes.data(), bytes.size());
  } catch (const std::exception& e) {
    return report_failure(e.what(), flags.json, &report);
  }
  std::string text = flags.model + " -> " + qdq_path.string() + " (QDQ, " + std::to_string(options.samples.size()) +
                     " calibration sample" + (options.samples.size() == 1 ? "" : "s") + ")\n";
  text += "  quantized " + std::to_string(r.nodes.size()) + " node" + (r.nodes.size() == 1 ? "" : "s") + ":";
  for (const std::string& n : r.nodes) text += " " + n;
  if (r.batch_norms_folded > 0)
    text += "\n  folded " + std::to_string(r.batch_norms_folded) + " BatchNormalization into the Conv before it";
  text += "\n  weights: " + std::to_string(r.weights) + " tensors, " + human_bytes(r.float_weight_bytes) +
          " float -> " + human_bytes(r.int8_weight_bytes) + " int8 (per-channel, symmetric)\n";
  text += "  activations (uint8, per tensor, min/max over the samples):\n";
  char line[512];
  json ranges = json::array();
  for (const convert::TensorRange& t : r.ranges) {
    std::snprintf(line, sizeof(line), "    %-40s [%.5g, %.5g]  scale %.6g  zero point %d\n", t.name.c_str(), t.lo, t.hi,
                  t.scale, t.zero_point);
    text += line;
    ranges.push_back({{"name", t.name}, {"min", t.lo}, {"max", t.hi}, {"scale", t.scale}, {"zero_point", t.zero_point}});
  }
  text += "  against the float model on the calibration samples:\n";
  json errors = json::array();
  for (const convert::OutputError& e : r.errors) {
    std::snprintf(line, sizeof(line), "    output '%s': max abs error %.4g, mean cosine similarity %.6f, SQNR %.1f dB\n",
                  e.name.c_str(), e.max_abs, e.cosine, e.sqnr_db);
    text += line;
    errors.push_back({{"name", e.name}, {"max_abs_error", e.max_abs}, {"cosine", e.cosine}, {"sqnr_db", e.sqnr_db}});
  }
  report["ok"] = true;
  report["qdq_model"] = qdq_path.string();
  report["samples"] = options.samples.size();
  report["nodes"] = r.nodes;
  report["batch_norms_folded"] = r.batch_norms_folded;
  report["weights"] = {{"tensors", r.weights}, {"float_bytes", r.float_weight_bytes}, {"int8_bytes", r.int8_weight_bytes}};
  report["activations"] = ranges;
  report["errors"] = errors;
  print_result(flags.json, report, text);
  if (spud_path.empty()) return 0;
  // -o X.spud: the QDQ model through spud convert, as `spud convert X.qdq.onnx -o X.spud` would.
  ConvertFlags conv;
  conv.inputs = {qdq_path.string()};
  conv.output = spud_path.string();
  conv.json = flags.json;
  return run_convert(conv);
}

}  // namespace cli
}  // namespace spud
