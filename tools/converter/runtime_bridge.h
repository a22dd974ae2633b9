// The converter runs the runtime itself for two jobs, so that shapes, plans
// and folded constants come from the very kernels that run on the device:
//  - plan: write the graph without a plan, create a session (which computes
//    every shape with the kernels' prepare and plans the arena), read back.
//  - infer_shapes: the same session in analysis mode, for what can be known
//    before every node has constant shape inputs.
//  - evaluate: run a graph whose inputs are all constants (constant folding).
#ifndef SPUD_TOOLS_CONVERTER_RUNTIME_BRIDGE_H_
#define SPUD_TOOLS_CONVERTER_RUNTIME_BRIDGE_H_

#include <map>
#include <string>

#include "ir.h"
#include "writer.h"

namespace spud {
namespace convert {

// Fills every non-constant tensor's dtype and static shape from the kernels
// and returns the memory plan. Throws std::runtime_error naming the node when
// the runtime rejects the graph.
// With `prepack`, each node whose kernel packs its constants gets the
// packed bytes (Node::packed) for the file, in place of any it had.
MemoryPlan plan_graph(Graph& g, bool prepack = false);

// Fills in the shapes the kernels can compute now (host-only analysis
// session): nodes without a kernel, or whose shape inputs are not constant
// yet, keep what ONNX inferred. Throws std::runtime_error when the graph
// cannot even be written (e.g. a tensor of unknown type).
void infer_shapes(Graph& g);

// For a graph ONNX's shape inference did not see (Graph::onnx_inferred
// false): every intermediate's element type, node by node in order, from
// the node's kernel (a one-node analysis session over its inputs; unknown
// dimensions taken as 1 for the type alone), and its shape where the
// inputs' shapes are static. Where the kernel cannot say (an input known
// only at run time), the output takes its first input's type
// (ConstantOfShape: its value's).
void infer_types(Graph& g);

// Runs `g` (no graph inputs; every node's inputs constant) and returns each
// graph output as a constant TensorInfo.
std::map<std::string, TensorInfo> evaluate_graph(const Graph& g);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_CONVERTER_RUNTIME_BRIDGE_H_
