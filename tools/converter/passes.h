// Graph passes run by the converter, in this order:
//   remove_identities     Identity, and Dropout in inference, disappear
//   fuse_qdq              (qdq.cc) QDQ groups become quantized operators
//   fold_batch_norm       BatchNormalization after a Conv folds into its weights
//   fold_constants        nodes whose inputs are all constant are run once, by
//                         the runtime's own kernels, and replaced by their
//                         results; Shape of a static shape becomes a constant
//   remove_unused         nodes and constants nothing reads are dropped
//   convert_to_nhwc       (layout.cc) 2-D Conv, ConvTranspose, pools, Resize,
//                         DepthToSpace and SpaceToDepth run in spud's NHWC
//                         domain, with Transposes at the edges pushed
//                         through layout-agnostic operators and cancelled
//   fuse_matmul_add       (fusion.cc) MatMul by constant 2-D weights, then
//                         Add of a constant bias row, becomes one Gemm
//   fuse_activations      (fusion.cc) a Relu or Clip after an NHWC Conv or
//                         ConvTranspose, or after a Gemm (which becomes
//                         com.spud's Gemm), becomes the node's output clamp
#ifndef SPUD_TOOLS_CONVERTER_PASSES_H_
#define SPUD_TOOLS_CONVERTER_PASSES_H_

#include <map>
#include <string>

#include "ir.h"

namespace spud {
namespace convert {

struct PassStats {
  int identities_removed = 0;
  int batch_norms_folded = 0;
  int nodes_folded = 0;
  int nodes_removed = 0;
  int qdq_fused = 0;
};

// How many nodes (and graph outputs) read each tensor.
std::map<std::string, int> consumer_counts(const Graph& g);
// `base`, or `base_<n>` for the first n that names no tensor yet.
std::string fresh_name(const Graph& g, const std::string& base);

void remove_identities(Graph& g, PassStats* stats);
// A Loop whose carried value is an optional but whose body gives back the
// value itself (ONNX allows it: test_loop16_seq_none) gets an Optional at
// the end of its body, so that the next iteration finds an optional again,
// and an OptionalGetElement after the Loop for the final value.
void wrap_loop_optionals(Graph& g);
// SequenceMap becomes the Loop ONNX defines it by (SequenceLength,
// SequenceEmpty per output, and in the body SequenceAt per sequence input
// and SequenceInsert per output), which the runtime runs.
void expand_sequence_maps(Graph& g);
// OptionalGetElement/HasElement of a plain tensor (opset 18): Identity, and true.
void plain_optional_ops(Graph& g);
void fold_batch_norm(Graph& g, PassStats* stats);
void fold_constants(Graph& g, PassStats* stats);
void remove_unused(Graph& g, PassStats* stats);
// (qdq.cc) DequantizeLinear -> Conv/MatMul/Add/Mul -> QuantizeLinear groups
// become QLinearConv, QLinearMatMul, and com.microsoft's QLinearAdd and
// QLinearMul; before constant folding, which would make the weights' DQ
// float constants.
void fuse_qdq(Graph& g, PassStats* stats);

// spud's internal domain of channels-last operators (kernels/reference/nhwc_util.h).
constexpr const char* kNhwcDomain = "com.spud.nhwc";
// spud's internal domain of fused operators of ONNX's layout: Gemm with an
// output clamp (kernels/reference/gemm_spud.cc), Silu (silu.cc).
constexpr const char* kSpudDomain = "com.spud";

struct LayoutStats {
  int nodes_converted = 0;
  int transposes_pushed = 0;
  int transposes_cancelled = 0;
  int activations_fused = 0;
  int matmuls_fused = 0;
  int silus_fused = 0;
};

void convert_to_nhwc(Graph& g, LayoutStats* stats);
void fuse_activations(Graph& g, LayoutStats* stats);
void fuse_matmul_add(Graph& g, LayoutStats* stats);
void fuse_silu(Graph& g, LayoutStats* stats);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_CONVERTER_PASSES_H_
