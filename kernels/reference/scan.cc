// Scan: run by the session itself (runtime/src/control_flow.cc), not by a
// kernel. This definition only puts Scan in the registry, so that a build
// from an operator config has control flow exactly when the config lists
// If, Loop or Scan, and that a missing one is reported like any operator.
#include "kernel_util.h"

namespace spud {
namespace kernels {

extern const KernelDef kScanControl = {"", "Scan", 8, 16, kControlFlowTypes, 0, 0, nullptr, control_flow_marker, control_flow_marker};

}  // namespace kernels
}  // namespace spud
