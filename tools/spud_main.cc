// The spud command line: convert, run, check.
#include <cstdio>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli_common.h"

int main(int argc, char** argv) {
  CLI::App app{"spud: an embeddable, minimal ONNX inference runtime.\n"
               "Convert an ONNX model to a .spud file, run it, or check a model."};
  app.require_subcommand(1);
  app.set_version_flag("--version", SPUD_CONVERTER_VERSION);

  spud::cli::ConvertFlags conv;
  CLI::App* convert = app.add_subcommand(
      "convert",
      "Check, optimize and plan an .onnx model and write a .spud file plus required_operators.config.\n"
      "Given a directory, converts every .onnx below it and writes one combined config.");
  convert->add_option("model", conv.inputs, "an .onnx file or a directory of them")->required();
  convert->add_option("-o,--output", conv.output,
                      "output .spud file (one model) or directory (a directory of models); "
                      "default: beside each input");
  convert->add_option("--config", conv.config,
                      "where to write the operator config (default: beside the output, named "
                      "required_operators.config, or required_operators_and_types.config with "
                      "--enable-type-reduction)");
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
  CLI::App* run = app.add_subcommand("run", "Run a .spud model on inputs from ONNX TensorProto .pb files.");
  run->add_option("model", rf.model, "the .spud file")->required();
  run->add_option("-i,--input", rf.inputs, "an input as NAME=FILE.pb (repeatable)");
  run->add_flag("--random", rf.random, "fill inputs not given with --input with seeded random values");
  run->add_option("--shape", rf.shapes,
                  "an input's shape as NAME=D0,D1,... where the model leaves dimensions symbolic (repeatable; "
                  "an --input file's own shape is used otherwise, and 1 for --random)");
  run->add_option("--seed", rf.seed, "seed for --random")->capture_default_str();
  run->add_option("--output-dir", rf.output_dir, "write outputs there as output_<i>.pb");
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

  std::string check_path;
  CLI::App* check = app.add_subcommand(
      "check", "Check an .onnx (ONNX checker) or .spud (verification, kernels) file and list its graph.");
  check->add_option("file", check_path, "an .onnx or .spud file")->required();

  bool ops_json = false;
  CLI::App* ops = app.add_subcommand(
      "ops", "List the kernels compiled into this build: domain;op;opset range;types (one line each).");
  ops->add_flag("--json", ops_json, "print JSON instead");

  CLI11_PARSE(app, argc, argv);

  if (*convert) return spud::cli::run_convert(conv);
  if (*run) return spud::cli::run_run(rf);
  if (*check) return spud::cli::run_check(check_path);
  if (*ops) return spud::cli::run_ops(ops_json);
  return 2;
}
