// Graph passes run by the converter, in this order:
//   remove_identities     Identity, and Dropout in inference, disappear
//   fold_batch_norm       BatchNormalization after a Conv folds into its weights
//   fold_constants        nodes whose inputs are all constant are run once, by
//                         the runtime's own kernels, and replaced by their
//                         results; Shape of a static shape becomes a constant
//   remove_unused         nodes and constants nothing reads are dropped
#ifndef SPUD_TOOLS_CONVERTER_PASSES_H_
#define SPUD_TOOLS_CONVERTER_PASSES_H_

#include "ir.h"

namespace spud {
namespace convert {

struct PassStats {
  int identities_removed = 0;
  int batch_norms_folded = 0;
  int nodes_folded = 0;
  int nodes_removed = 0;
};

void remove_identities(Graph& g, PassStats* stats);
void fold_batch_norm(Graph& g, PassStats* stats);
void fold_constants(Graph& g, PassStats* stats);
void remove_unused(Graph& g, PassStats* stats);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_CONVERTER_PASSES_H_
