// In-place sorting for kernels: eval may not allocate, so no std::stable_sort.
// A heap sort of `n` items by `less(a, b)`, where a total order (ties broken
// by index) makes the result deterministic.
#ifndef SPUD_KERNELS_REFERENCE_SORT_UTIL_H_
#define SPUD_KERNELS_REFERENCE_SORT_UTIL_H_

#include <stdint.h>

namespace spud {
namespace kernels {

template <typename T, typename Less>
void heap_sort(T* items, int64_t n, Less less) {
  const auto sift_down = [&](int64_t root, int64_t end) {
    for (;;) {
      int64_t child = 2 * root + 1;
      if (child >= end) return;
      if (child + 1 < end && less(items[child], items[child + 1])) ++child;
      if (!less(items[root], items[child])) return;
      const T t = items[root];
      items[root] = items[child];
      items[child] = t;
      root = child;
    }
  };
  for (int64_t i = n / 2 - 1; i >= 0; --i) sift_down(i, n);
  for (int64_t end = n - 1; end > 0; --end) {
    const T t = items[0];
    items[0] = items[end];
    items[end] = t;
    sift_down(0, end);
  }
}

}  // namespace kernels
}  // namespace spud

#endif  // SPUD_KERNELS_REFERENCE_SORT_UTIL_H_
