// NumPy's .npy format (numpy.lib.format, versions 1.0 to 3.0) for the
// inputs and outputs of `spud run`: a magic string, a version, a header
// that is a Python dict literal ('descr', 'fortran_order', 'shape') and the
// array's bytes in C order.
#ifndef SPUD_TOOLS_NPY_H_
#define SPUD_TOOLS_NPY_H_

#include <string>
#include <vector>

#include "converter/ir.h"

namespace spud {
namespace convert {

// The array in `bytes` as a tensor (little-endian; a big-endian array is
// byte-swapped). Throws std::runtime_error naming `path` and what is wrong:
// not .npy, a dtype spud has no type for, Fortran order, a size that does
// not match the shape.
TensorInfo parse_npy(const std::string& bytes, const std::string& path);
TensorInfo read_npy_file(const std::string& path);

// A tensor file spud's tools read: .npy by its extension, else an ONNX
// TensorProto (.pb).
TensorInfo read_pb_or_npy_file(const std::string& path);

// A .npy (version 1.0) holding `data`, which is little-endian and C order.
std::string format_npy(DType dtype, const std::vector<int64_t>& shape, const void* data, size_t size);

}  // namespace convert
}  // namespace spud

#endif  // SPUD_TOOLS_NPY_H_
