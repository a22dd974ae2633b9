// Small helpers for the per-kernel tests: index arithmetic on plain shape
// vectors, random integers and tolerant comparison. The naive references in
// the tests are written with these, independently of the kernels' code.
#ifndef SPUD_TESTS_KERNELS_NAIVE_UTIL_H_
#define SPUD_TESTS_KERNELS_NAIVE_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace naive {

using Shape = std::vector<int64_t>;

inline int64_t count(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

// Multi-index of flat position `flat` in row-major `shape`.
inline Shape unravel(int64_t flat, const Shape& shape) {
  Shape idx(shape.size(), 0);
  for (size_t k = shape.size(); k-- > 0;) {
    idx[k] = flat % shape[k];
    flat /= shape[k];
  }
  return idx;
}

// Row-major flat position of `idx` in `shape`.
inline int64_t ravel(const Shape& idx, const Shape& shape) {
  int64_t flat = 0;
  for (size_t k = 0; k < shape.size(); ++k) flat = flat * shape[k] + idx[k];
  return flat;
}

inline int64_t rand_int(std::mt19937& rng, int64_t lo, int64_t hi) {  // inclusive
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

inline bool coin(std::mt19937& rng) { return rand_int(rng, 0, 1) == 1; }

template <typename T>
std::vector<T> random_ints(std::mt19937& rng, int64_t n, int64_t lo, int64_t hi) {
  std::vector<T> v(static_cast<size_t>(n));
  for (T& x : v) x = static_cast<T>(rand_int(rng, lo, hi));
  return v;
}

inline std::vector<double> random_doubles(std::mt19937& rng, int64_t n, double lo = -1, double hi = 1) {
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<double> v(static_cast<size_t>(n));
  for (double& x : v) x = dist(rng);
  return v;
}

inline std::string shape_str(const Shape& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out + "]";
}

// Element-wise |got - want| <= atol + rtol * |want|, reporting the first
// few mismatches with `what`.
template <typename T>
void expect_close(const std::vector<T>& got, const std::vector<double>& want, double atol, double rtol,
                  const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  int reported = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    const double g = static_cast<double>(got[i]);
    const bool ok = std::abs(g - want[i]) <= atol + rtol * std::abs(want[i]);
    if (!ok && reported++ < 5) ADD_FAILURE() << what << " at " << i << ": got " << g << ", want " << want[i];
  }
}

template <typename T>
std::vector<double> to_doubles(const std::vector<T>& v) {
  return std::vector<double>(v.begin(), v.end());
}

inline TestTensor i64_tensor(const std::vector<int64_t>& values) {
  return make_tensor<int64_t>({static_cast<int64_t>(values.size())}, values);
}

}  // namespace naive
}  // namespace testing
}  // namespace spud

#endif  // SPUD_TESTS_KERNELS_NAIVE_UTIL_H_
