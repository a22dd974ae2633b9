// Drives one kernel through init -> prepare -> eval, the way a session does,
// without a model file. Tests build attributes with AttrBuilder and tensors
// with make_tensor<T>(), then compare outputs with their own naive reference.
#ifndef SPUD_TESTS_KERNEL_RUNNER_H_
#define SPUD_TESTS_KERNEL_RUNNER_H_

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "spud/kernel.h"

namespace spud {
namespace testing {

struct TestTensor {
  DType dtype = DType::kUndefined;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;
  // An initializer (Tensor::constant): accelerated kernels pack such weights.
  bool constant = false;

  int64_t num_elements() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
  }
  template <typename T>
  std::vector<T> values() const {
    std::vector<T> v(bytes.size() / sizeof(T));
    if (!v.empty()) std::memcpy(v.data(), bytes.data(), v.size() * sizeof(T));
    return v;
  }
};

template <typename T>
constexpr DType dtype_of();
template <> constexpr DType dtype_of<float>() { return DType::kFloat32; }
template <> constexpr DType dtype_of<double>() { return DType::kFloat64; }
template <> constexpr DType dtype_of<int8_t>() { return DType::kInt8; }
template <> constexpr DType dtype_of<uint8_t>() { return DType::kUInt8; }
template <> constexpr DType dtype_of<int16_t>() { return DType::kInt16; }
template <> constexpr DType dtype_of<uint16_t>() { return DType::kUInt16; }
template <> constexpr DType dtype_of<int32_t>() { return DType::kInt32; }
template <> constexpr DType dtype_of<uint32_t>() { return DType::kUInt32; }
template <> constexpr DType dtype_of<int64_t>() { return DType::kInt64; }
template <> constexpr DType dtype_of<uint64_t>() { return DType::kUInt64; }
template <> constexpr DType dtype_of<bool>() { return DType::kBool; }

template <typename T>
TestTensor make_tensor(std::vector<int64_t> shape, const std::vector<T>& values) {
  TestTensor t;
  t.dtype = dtype_of<T>();
  t.shape = std::move(shape);
  t.bytes.resize(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
  return t;
}

// Seeded uniform random values in [lo, hi).
std::vector<float> random_floats(std::mt19937& rng, int64_t n, float lo = -1.f, float hi = 1.f);
// A shape of `rank` dims each in [1, max_dim].
std::vector<int64_t> random_shape(std::mt19937& rng, int rank, int64_t max_dim);

// Builds a node's attributes as the file format stores them.
class AttrBuilder {
 public:
  AttrBuilder();
  ~AttrBuilder();
  AttrBuilder& i(const std::string& name, int64_t v);
  AttrBuilder& f(const std::string& name, float v);
  AttrBuilder& s(const std::string& name, const std::string& v);
  AttrBuilder& ints(const std::string& name, const std::vector<int64_t>& v);
  AttrBuilder& floats(const std::string& name, const std::vector<float>& v);
  AttrBuilder& strings(const std::string& name, const std::vector<std::string>& v);
  // Finishes and returns a pointer to the flatbuffers attribute vector.
  const void* finish() const;

 private:
  struct Impl;
  Impl* impl_;
};

struct RunResult {
  Status status;
  // Which phase failed: "init", "prepare", "eval", "lookup" or "" on success.
  std::string phase;
  std::vector<TestTensor> outputs;
};

// Finds the kernel for (op, since_version, dtype of input `type_input`) in
// this build's registry and runs it on `inputs` (nullptr = omitted input).
// Like a session, it takes the first definition that does not decline.
RunResult run_kernel(const std::string& op, int since_version, const AttrBuilder& attrs,
                     const std::vector<const TestTensor*>& inputs, int num_outputs,
                     const std::string& domain = "");

// Every definition (every tier: XNNPACK, ..., reference last) this build has
// for the node, so a test can hold each to the same reference.
std::vector<const KernelDef*> kernel_tiers(const std::string& op, int since_version,
                                           const std::vector<const TestTensor*>& inputs,
                                           const std::string& domain = "");
// Runs one definition; a declined node gives status kDeclined, phase "prepare".
// With threads > 1 (and a build with SPUD_THREADS) the kernel gets a
// thread pool of that many threads, as in a session.
RunResult run_kernel_def(const KernelDef* def, int since_version, const AttrBuilder& attrs,
                         const std::vector<const TestTensor*>& inputs, int num_outputs, int threads = 1);

}  // namespace testing
}  // namespace spud

#endif  // SPUD_TESTS_KERNEL_RUNNER_H_
