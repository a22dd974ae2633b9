// Operator versions of the ONNX opsets newer than the libonnx spud builds
// with (Debian's ONNX 1.12 knows opsets up to 17). For those opsets ONNX's
// own registry would answer with the newest version it knows, so a node's
// since_version comes from spud's copy of ONNX's Changelog for opsets 18 to
// 21 instead: which operators got a new version (or first appeared) in each.
#ifndef SPUD_TOOLS_CONVERTER_OPSET_CHANGES_H_
#define SPUD_TOOLS_CONVERTER_OPSET_CHANGES_H_

#include <string>
#include <vector>

namespace spud {
namespace convert {

// The newest default-domain opset this build's libonnx has schemas for (17).
int onnx_known_opset();

// The newest opset spud's table describes (21); a model importing a later
// one is refused.
constexpr int kNewestOpset = 21;
// The oldest opset spud has kernels for throughout (--target-opset's floor).
constexpr int kOldestOpset = 7;

// The versions `op` (default domain) gained in opsets 18..kNewestOpset,
// ascending; empty when it did not change there.
const std::vector<int>& new_versions(const std::string& op);

// since_version of default-domain `op` in a model importing `opset`: the
// Changelog table for opsets past onnx_known_opset(), ONNX's registry for
// the rest. Returns 0 when neither knows the operator at that opset.
int resolve_since_version(const std::string& op, int opset);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_CONVERTER_OPSET_CHANGES_H_
