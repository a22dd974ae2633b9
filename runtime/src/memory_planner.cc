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
