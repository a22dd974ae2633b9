// RNN on Eigen's GEMM (recurrent.h): every node the reference kernel takes,
// the gate products X·W^T and H·R^T as GEMM plans.
#include "recurrent.h"

namespace spud {
namespace kernels {

#if SPUD_TYPE_ENABLED(kFloat32)
extern const KernelDef kRNNEigenFloat32 = {"", "RNN", 1, 14, dtype_bit(DType::kFloat32), 0, sizeof(RnnEigenData), rnn_eigen_init<RnnCell::kRnn>, rnn_eigen_prepare, rnn_eigen_eval<float>};
#endif
#if SPUD_TYPE_ENABLED(kFloat64)
extern const KernelDef kRNNEigenFloat64 = {"", "RNN", 1, 14, dtype_bit(DType::kFloat64), 0, sizeof(RnnEigenData), rnn_eigen_init<RnnCell::kRnn>, rnn_eigen_prepare, rnn_eigen_eval<double>};
#endif

}  // namespace kernels
}  // namespace spud
