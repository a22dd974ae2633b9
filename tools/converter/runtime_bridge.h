// The converter runs the runtime itself for two jobs, so that shapes, plans
// and folded constants come from the very kernels that run on the device:
//  - plan: write the graph without a plan, create a session (which computes
//    every shape with the kernels' prepare and plans the arena), read back.
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
MemoryPlan plan_graph(Graph& g);

// Runs `g` (no graph inputs; every node's inputs constant) and returns each
// graph output as a constant TensorInfo.
std::map<std::string, TensorInfo> evaluate_graph(const Graph& g);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_CONVERTER_RUNTIME_BRIDGE_H_
