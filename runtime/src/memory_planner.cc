#include "spud/memory_planner.h"

#include <stdint.h>

namespace spud {

namespace {

bool overlap_in_time(const PlanBuffer& a, const PlanBuffer& b) {
  return a.first_step <= b.last_step && b.first_step <= a.last_step;
}

// Rounds up to `alignment`; false on overflow.
bool align_up(size_t value, size_t alignment, size_t* out) {
  if (value > SIZE_MAX - (alignment - 1)) return false;
  *out = (value + alignment - 1) & ~(alignment - 1);
  return true;
}

}  // namespace

Status plan_arena(const PlanBuffer* buffers, int count, size_t alignment, int* workspace,
                  size_t* offsets, size_t* arena_size) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0)
    return SPUD_ERROR(kInvalidArgument, "plan_arena: alignment must be a power of two");
  int* order = workspace;           // buffers by size, largest first
  int* placed = workspace + count;  // placed buffers by offset, lowest first
  for (int i = 0; i < count; ++i) order[i] = i;
  // Insertion sort: stable, allocation-free, and counts are small.
  for (int i = 1; i < count; ++i) {
    const int v = order[i];
    int j = i - 1;
    while (j >= 0 && buffers[order[j]].size < buffers[v].size) {
      order[j + 1] = order[j];
      --j;
    }
    order[j + 1] = v;
  }

  size_t total = 0;
  int num_placed = 0;
  for (int k = 0; k < count; ++k) {
    const int b = order[k];
    size_t size = 0;
    if (!align_up(buffers[b].size, alignment, &size))
      return SPUD_ERROR(kOutOfMemory, "plan_arena: buffer size overflows");
    size_t candidate = 0;
    for (int p = 0; p < num_placed; ++p) {
      const int other = placed[p];
      if (!overlap_in_time(buffers[b], buffers[other])) continue;
      const size_t start = offsets[other];
      size_t end = 0;
      if (!align_up(buffers[other].size, alignment, &end) || end > SIZE_MAX - start)
        return SPUD_ERROR(kOutOfMemory, "plan_arena: arena size overflows");
      end += start;
      if (size > 0 && candidate + size <= start) break;  // fits in the gap before `other`
      if (end > candidate) candidate = end;
    }
    if (size > SIZE_MAX - candidate) return SPUD_ERROR(kOutOfMemory, "plan_arena: arena size overflows");
    offsets[b] = candidate;
    if (candidate + size > total) total = candidate + size;
    // Keep `placed` sorted by offset.
    int pos = num_placed;
    while (pos > 0 && offsets[placed[pos - 1]] > candidate) {
      placed[pos] = placed[pos - 1];
      --pos;
    }
    placed[pos] = b;
    ++num_placed;
  }
  *arena_size = total;
  return Status::Ok();
}

}  // namespace spud

namespace spud {

namespace {

// Heap sort of buffer indices by key (no recursion, no allocation).
struct SortKey {
  const PlanBuffer* bufs;
  const size_t* offsets;
  int which;  // 0 offset, 1 first step, 2 last step
  uint64_t of(int i) const {
    if (which == 0) return offsets[i];
    return static_cast<uint64_t>(static_cast<int64_t>(which == 1 ? bufs[i].first_step : bufs[i].last_step) +
                                 INT64_C(0x80000000));
  }
};

void sift_down(int* a, int root, int n, const SortKey& key) {
  for (;;) {
    int child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && key.of(a[child + 1]) > key.of(a[child])) ++child;
    if (key.of(a[root]) >= key.of(a[child])) return;
    const int t = a[root];
    a[root] = a[child];
    a[child] = t;
    root = child;
  }
}

__attribute__((noinline)) void heap_sort(int* a, int n, const SortKey& key) {
  for (int i = n / 2 - 1; i >= 0; --i) sift_down(a, i, n, key);
  for (int end = n - 1; end > 0; --end) {
    const int t = a[0];
    a[0] = a[end];
    a[end] = t;
    sift_down(a, 0, end, key);
  }
}

// A Fenwick tree over offset ranks 1..n: which buffers are alive.
void fenwick_add(int* tree, int n, int rank, int delta) {
  for (int i = rank; i <= n; i += i & -i) tree[i] += delta;
}
int fenwick_count(const int* tree, int rank) {  // alive among ranks 1..rank
  int sum = 0;
  for (int i = rank; i > 0; i -= i & -i) sum += tree[i];
  return sum;
}
int fenwick_find(const int* tree, int n, int k) {  // the rank of the k-th alive (k >= 1)
  int pos = 0, step = 1;
  while (step * 2 <= n) step *= 2;
  for (; step > 0; step /= 2)
    if (pos + step <= n && tree[pos + step] < k) {
      pos += step;
      k -= tree[pos];
    }
  return pos + 1;
}

bool collide(const PlanBuffer* bufs, const size_t* offsets, int lo, int hi) {
  // lo's offset <= hi's: they share bytes unless lo ends first.
  return offsets[hi] - offsets[lo] < bufs[lo].size;
}

}  // namespace

bool check_plan(const PlanBuffer* buffers, const size_t* offsets, int count, int* workspace, int* a, int* b) {
  int* by_offset = workspace;      // buffers of non-zero size, by offset
  int* by_first = by_offset + count;
  int* by_last = by_first + count;
  int* rank = by_last + count;     // per buffer: 1 + its place in by_offset
  int* tree = rank + count;        // count + 1 entries
  int n = 0;
  for (int i = 0; i < count; ++i)
    if (buffers[i].size > 0) by_offset[n++] = i;
  heap_sort(by_offset, n, SortKey{buffers, offsets, 0});
  for (int k = 0; k < n; ++k) {
    rank[by_offset[k]] = k + 1;
    by_first[k] = by_last[k] = by_offset[k];
    tree[k + 1] = 0;
  }
  heap_sort(by_first, n, SortKey{buffers, offsets, 1});
  heap_sort(by_last, n, SortKey{buffers, offsets, 2});
  int alive = 0;
  for (int f = 0, l = 0; f < n; ++f) {
    const int x = by_first[f];
    // Those that ended before x starts are gone.
    for (; l < n && buffers[by_last[l]].last_step < buffers[x].first_step; ++l) {
      fenwick_add(tree, n, rank[by_last[l]], -1);
      --alive;
    }
    const int below = fenwick_count(tree, rank[x]);
    if (below > 0) {
      const int p = by_offset[fenwick_find(tree, n, below) - 1];
      if (collide(buffers, offsets, p, x)) {
        *a = p;
        *b = x;
        return false;
      }
    }
    if (below < alive) {
      const int s = by_offset[fenwick_find(tree, n, below + 1) - 1];
      if (collide(buffers, offsets, x, s)) {
        *a = x;
        *b = s;
        return false;
      }
    }
    fenwick_add(tree, n, rank[x], 1);
    ++alive;
  }
  return true;
}

}  // namespace spud
