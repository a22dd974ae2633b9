// Greedy lifetime-based arena planner. Each buffer is live from the step that
// first needs it to the step that last needs it (inclusive); buffers whose
// lifetimes overlap never share bytes. Largest buffers are placed first, each
// at the lowest aligned offset that does not collide with an already placed
// buffer alive at the same time. Used by the session for unplanned files and
// so, through it, by the converter: one planner for both.
#ifndef SPUD_MEMORY_PLANNER_H_
#define SPUD_MEMORY_PLANNER_H_

#include <stddef.h>

#include "spud/status.h"

namespace spud {

struct PlanBuffer {
  size_t size;
  int first_step;
  int last_step;
};

// Workspace ints the planner needs for `count` buffers.
constexpr size_t plan_workspace_ints(int count) { return 2 * static_cast<size_t>(count); }

// Writes each buffer's offset (a multiple of `alignment`, a power of two) to
// `offsets` and the arena size to `*arena_size`. `workspace` holds
// plan_workspace_ints(count) ints. Fails on size overflow.
Status plan_arena(const PlanBuffer* buffers, int count, size_t alignment, int* workspace,
                  size_t* offsets, size_t* arena_size);

// Workspace ints check_plan needs for `count` buffers.
constexpr size_t check_workspace_ints(int count) { return 5 * static_cast<size_t>(count) + 1; }

// Proves a plan someone else made (a file's): every two buffers of non-zero
// size alive at a common step occupy disjoint bytes [offset, offset + size).
// Sort and sweep, O(count log count): the buffers in offset order, then the
// steps in order, each buffer checked against its neighbours in offset
// order among those alive when it starts. On a collision returns false with
// the two buffers in *a and *b. `workspace` holds check_workspace_ints(count).
bool check_plan(const PlanBuffer* buffers, const size_t* offsets, int count, int* workspace, int* a, int* b);

}  // namespace spud

#endif  // SPUD_MEMORY_PLANNER_H_
