// Serializes a Graph into the .spud file format (schema/spud.fbs).
#ifndef SPUD_TOOLS_CONVERTER_WRITER_H_
#define SPUD_TOOLS_CONVERTER_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ir.h"

namespace spud {
namespace convert {

// A memory plan to store in the file. Indices follow tensor_order().
struct MemoryPlan {
  uint64_t arena_size = 0;
  std::vector<uint64_t> tensor_offsets;  // per tensor in tensor_order()
  std::vector<std::pair<uint64_t, uint64_t>> scratch;  // per node: offset, size
  // Per tensor (may be empty): bytes planned at its offset for a dynamic
  // tensor or a symbolic input, when the file is planned for its bounds.
  std::vector<uint64_t> capacities;
};

// The order in which tensors are stored: graph inputs, constants (by name),
// then node outputs in node order. Deterministic, so a file written without
// a plan and the same graph written with one index tensors identically.
std::vector<std::string> tensor_order(const Graph& g);

// Writes the file bytes. Without a plan the file is "unplanned" (only the
// converter uses those). Throws std::runtime_error on inconsistent graphs.
std::vector<uint8_t> write_spud(const Graph& g, const MemoryPlan* plan);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_CONVERTER_WRITER_H_
