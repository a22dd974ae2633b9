// The spud command line: convert, run, check.
#include <cstdio>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli_common.h"

int main(int argc, char** argv) {
  CLI::App app{"spud: an embeddable, minimal ONNX inference runtime.\n"
               "Convert an ONNX model to a .spud file, run it, or check a model."};
  // At most one command; none at all prints the help (below), not an error.
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", SPUD_CONVERTER_VERSION);

  spud::cli::ConvertFlags conv;
  CLI::App* convert = app.add_subcommand(
      "convert",
      "Check, optimize and plan an .onnx model and write a .spud file plus required_operators.config.\n"
      "Given a directory, converts every .onnx below it, writes those that convert and one combined config, "
      "and lists the ones that failed (exit 1).");
  convert->add_option("model", conv.inputs, "an .onnx file or a directory of them")->required();
  convert->add_option("-o,--output", conv.output,
                      "output .spud file (one model) or directory (a directory of models); "
                      "default: beside each input");
  convert->add_option("--config", conv.config,
                      "where to write the operator config (default: beside the output, named "
                      "required_operators.config, or required_operators_and_types.config with "
                      "--enable-type-reduction); a config already there is merged into: its operators and "
                      "types are kept, so models converted one at a time build one runtime");
  convert->add_flag("--no-qdq-fusion", conv.no_qdq_fusion,
                    "keep QDQ groups (DequantizeLinear -> Conv/MatMul/Add/Mul -> QuantizeLinear) as they are, "
                    "in float, instead of running them as quantized operators");
  convert->add_flag("--overwrite-config", conv.overwrite_config,
                    "replace an existing operator config instead of merging into it");
  convert->add_flag("--json", conv.json,
                    "print one JSON object (each model's result and notes, failures, the operators) instead "
                    "of text (docs/cli.md)");
  convert->add_option("--dim", conv.dims,
                      "a symbolic input dimension: NAME=VALUE fixes it; NAME=MIN..MAX (or NAME=..MAX, from 1) "
                      "bounds it, planning memory for the bound so that Run() never allocates; without --dim it "
                      "stays symbolic and unbounded (repeatable)");
  convert->add_option("--meta", conv.meta, "add provenance metadata: KEY=VALUE (repeatable)");
  convert->add_flag("--enable-type-reduction", conv.type_reduction,
                    "also write the element types each operator's kernel needs, so that a build "
                    "from the config compiles only those (ONNX Runtime's typed config form)");
  convert->add_flag("--emit-c", conv.emit_c,
                    "also write each .spud as a C array in <output>.spud.c (NAME_data, 64-byte "
                    "aligned, and NAME_size) to compile into firmware or spud_model");
  convert->add_option("--layout", conv.layout,
                      "nhwc: run chains of spatial operators channels-last with their activations fused (as "
                      "XNNPACK computes); nchw: keep the model's layout")
      ->check(CLI::IsMember({"nhwc", "nchw"}))
      ->capture_default_str();
  convert->add_flag("--prepack", conv.prepack,
                    "also store the weights packed as spud's AVX-512 kernels read them, so that a session "
                    "on such a CPU starts without packing; the file grows by about the packed weights' "
                    "size, and other builds and CPUs use the original weights");
  convert->add_option("--target-opset", conv.target_opset,
                      "convert the model to this ONNX opset first, with ONNX's version converter (between "
                      "opsets 7 and 17); without it, a model is upgraded only where spud has no kernel for an "
                      "operator's version at its opset, to the lowest opset that has them all (a note says so)");
  convert->add_option("--c-name", conv.c_name,
                      "NAME for --emit-c (default: spud_model for one model, else the file's stem)");

  spud::cli::RunFlags rf;
  CLI::App* run = app.add_subcommand(
      "run",
      "Run a .spud model. Inputs are files, in the model's input order or by name: ONNX TensorProto (.pb), "
      "NumPy (.npy), or raw bytes in the input's type (any other extension; its shape from the model or --shape).");
  run->add_option("model", rf.model, "the .spud file (spud convert writes it from an .onnx)")->required();
  run->add_option("files", rf.files, "input files, one per input in the model's order (spud check lists them)");
  run->add_option("-i,--input", rf.inputs,
                  "an input as NAME=FILE, or FILE for the next input not given (repeatable)");
  run->add_flag("--random", rf.random,
                "fill the inputs not given with seeded random values: floats in [0, 1), booleans, and integers "
                "within the size of what they index (a Gather's axis) when the model shows it, else in [0, 10); "
                "each input's range is printed");
  run->add_option("--shape", rf.shapes,
                  "an input's shape as NAME=D0,D1,... where the model leaves dimensions symbolic (repeatable; "
                  "a .pb or .npy file's own shape is used otherwise, and 1 for --random; raw files need it)");
  run->add_option("--seed", rf.seed, "seed for --random")->capture_default_str();
  run->add_option("--output-dir", rf.output_dir,
                  "write each output there, as NAME.pb (or .npy) after the model's output names");
  run->add_option("--output-format", rf.output_format, "pb: ONNX TensorProto; npy: NumPy's format")
      ->check(CLI::IsMember({"pb", "npy"}))
      ->capture_default_str();
  run->add_option("--output-names", rf.output_names,
                  "model: files named after the model's outputs; index: output_<i>, as in ONNX's test data "
                  "directories")
      ->check(CLI::IsMember({"model", "index"}))
      ->capture_default_str();
  run->add_flag("--json", rf.json,
                "print one JSON object (inputs, outputs with their first --print values, memory, timings; "
                "docs/cli.md) instead of text");
  run->add_option("--repeat", rf.repeat, "run N times and report min/median latency")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  run->add_option("--warmup", rf.warmup, "untimed runs before the timed ones")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  run->add_option("--threads", rf.threads, "threads the kernels may use, this one included")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  run->add_option("--max-memory", rf.max_memory_mb,
                  "MiB the session may take from the heap: its arena and, while running, what dynamic "
                  "nodes and symbolic inputs need (0: no limit)")
      ->check(CLI::Range(uint64_t{0}, uint64_t{1} << 40))
      ->capture_default_str();
  run->add_flag("--profile", rf.profile,
                "time every node over the timed runs; print the slowest nodes and each operator "
                "type's share of the total");
  run->add_option("--print", rf.print, "how many values of each output to print")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();

  spud::cli::CheckFlags cf;
  CLI::App* check = app.add_subcommand(
      "check",
      "Summarize an .onnx or .spud file and say whether this build of spud runs it: opsets, inputs and outputs, "
      "operator counts, parameters, symbolic dimensions; for .onnx a verdict (the conversion spud convert would "
      "do, in memory), for .spud verification, conversion options, memory, dynamic parts and the checksum.");
  check->add_option("file", cf.path, "an .onnx or .spud file")->required();
  check->add_flag("--nodes", cf.nodes, "also list every node with its inputs and outputs");
  check->add_flag("--json", cf.json, "print one JSON object instead of text (docs/cli.md)");

  spud::cli::QuantizeFlags qf;
  CLI::App* quantize = app.add_subcommand(
      "quantize",
      "Post-training static quantization: a float .onnx and calibration samples in, a QDQ .onnx out (uint8 "
      "activations per tensor from the samples' min/max, int8 weights per channel, int32 biases), which ONNX "
      "Runtime runs and spud convert runs as quantized operators; prints each activation's range and the error "
      "against the float model on the samples.");
  quantize->add_option("model", qf.model, "the float .onnx model (opset 13 or newer)")->required();
  quantize->add_option("--calibration", qf.calibration,
                       "a directory of samples: .pb or .npy files (a one-input model), or subdirectories holding "
                       "input_<i>.pb/.npy")
      ->required();
  quantize->add_option("-o,--output", qf.output,
                       "the QDQ .onnx to write (default MODEL.qdq.onnx beside the model); a .spud name writes "
                       "NAME.qdq.onnx and converts it there");
  quantize->add_option("--keep-float", qf.keep_float, "a node (by name, or its first output) to leave in float (repeatable)");
  quantize->add_flag("--json", qf.json, "print one JSON object instead of text");

  bool ops_json = false;
  CLI::App* ops = app.add_subcommand(
      "ops", "List the kernels compiled into this build: domain;op;opset range;types (one line each).");
  ops->add_flag("--json", ops_json, "print JSON instead");

  // A first word that is no command gets an error naming it and the
  // commands, with a guess from a file's extension ("spud model.onnx").
  if (argc > 1 && argv[1][0] != '-') {
    const std::string word = argv[1];
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands({})) known = known || sub->get_name() == word;
    if (word == "help") {
      std::printf("%s", app.help().c_str());
      return 0;
    }
    if (!known) {
      std::string hint;
      auto ends = [&](const char* ext) {
        const std::string e(ext);
        return word.size() > e.size() && word.compare(word.size() - e.size(), e.size(), e) == 0;
      };
      if (ends(".onnx"))
        hint = "; to convert it: spud convert " + word + ", to see what it holds: spud check " + word;
      else if (ends(".spud"))
        hint = "; to run it: spud run " + word + " --random, to see what it holds: spud check " + word;
      std::fprintf(stderr, "error: '%s' is not a spud command (the commands: convert, run, check, ops, quantize)%s\n"
                   "spud --help shows them; spud COMMAND --help shows a command's options\n",
                   word.c_str(), hint.c_str());
      return 2;
    }
  }
  // A wrong command line exits 2 (docs/cli.md), whatever CLI11's own code;
  // --help and --version exit 0.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (*convert) return spud::cli::run_convert(conv);
  if (*run) return spud::cli::run_run(rf);
  if (*check) return spud::cli::run_check(cf);
  if (*ops) return spud::cli::run_ops(ops_json);
  if (*quantize) return spud::cli::run_quantize(qf);
  // No command: what there is to do.
  std::printf("%s", app.help().c_str());
  return 0;
}
