// Loads an .onnx file into the converter's Graph: parses the protobuf (with
// external data), upgrades an old opset where spud needs it
// (opset_upgrade.h), runs ONNX's checker and shape inference (for the opsets
// this build's ONNX knows), turns Constant
// nodes and initializers into constants, resolves each node's since_version
// and sorts the nodes topologically.
#ifndef SPUD_TOOLS_CONVERTER_ONNX_IMPORT_H_
#define SPUD_TOOLS_CONVERTER_ONNX_IMPORT_H_

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "ir.h"
#include "onnx/onnx_pb.h"

namespace spud {
namespace convert {

// Every converter failure: what() is the one message the user sees.
struct ConvertError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The model uses operators (or operator/type pairs) this build has no kernel
// for. `missing` lists them, one "domain Op (opset N)[ for input type T]"
// each; `unknown_ops` holds the op types with no kernel for any version or
// type (what a conformance run reports as unsupported rather than failed).
struct MissingKernelsError : ConvertError {
  MissingKernelsError(const std::string& what, std::vector<std::string> missing_list,
                      std::vector<std::string> unknown)
      : ConvertError(what), missing(std::move(missing_list)), unknown_ops(std::move(unknown)) {}
  std::vector<std::string> missing;
  std::vector<std::string> unknown_ops;
};

struct ImportOptions {
  // Symbolic dimension name -> size, applied to graph inputs before shape
  // inference (spud convert --dim N=1).
  std::map<std::string, int64_t> dims;
  // Symbolic dimension name -> [least, greatest] size (--dim N=1..64): the
  // dimension stays symbolic and the file is planned for the bound.
  std::map<std::string, std::pair<int64_t, int64_t>> bounds;
  // Convert the model to this default-domain opset first with ONNX's version
  // converter (--target-opset); 0: only where spud lacks a kernel for an
  // operator's version at the model's opset.
  int target_opset = 0;
};

// What `work` threw, when it ran in run_onnx_isolated's child.
struct IsolatedError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// work(model), run in a child process: ONNX 1.12's shape inference and
// version converter crash (SIGSEGV, SIGFPE) on some models its checker
// accepts, and such a crash must be an error for `path`, not the end of the
// converter. A crash or a lost child throws ConvertError naming `what`
// (and `hint`, what to look at, if not empty); an exception `work` threw
// comes back as IsolatedError with its text.
onnx::ModelProto run_onnx_isolated(const onnx::ModelProto& model, const std::string& path, const std::string& what,
                                   const std::string& hint,
                                   const std::function<onnx::ModelProto(const onnx::ModelProto&)>& work);

Graph import_onnx(const std::string& path, const ImportOptions& options);

// Sorts g.nodes so every node comes after the producers of its inputs.
// Throws ConvertError on a cycle or an input nothing produces.
void topological_sort(Graph& g);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_CONVERTER_ONNX_IMPORT_H_
