// SequenceMap: expanded by the converter into the Loop ONNX defines it by
// (tools/converter/passes.cc, expand_sequence_maps), so no file holds one.
// This definition puts it in the registry, so that spud knows the operator
// (spud ops, the converter's coverage check); a file that has one anyway
// gets this error.
#include "kernel_util.h"

namespace spud {
namespace kernels {
namespace {

Status expanded_by_converter(KernelContext*) {
  return SPUD_ERROR(kUnsupported, "SequenceMap is expanded into a Loop by spud convert; this file was not");
}

}  // namespace

extern const KernelDef kSequenceMapExpanded = {"", "SequenceMap", 17, 21, 0, 0, 0, nullptr, expanded_by_converter,
                                               expanded_by_converter};

}  // namespace kernels
}  // namespace spud
