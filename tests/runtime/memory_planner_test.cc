// plan_arena: the invariants every plan must keep, on seeded random
// lifetimes and on the edge cases (chains, zero sizes, overflow, bad
// alignment).
#include "spud/memory_planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace spud {
namespace {

struct Plan {
  Status status;
  std::vector<size_t> offsets;
  size_t arena = 0;
};

Plan run_planner(const std::vector<PlanBuffer>& buffers, size_t alignment) {
  Plan p;
  const int count = static_cast<int>(buffers.size());
  std::vector<int> work(plan_workspace_ints(count) + 1);
  p.offsets.assign(buffers.size() + 1, SIZE_MAX);
  p.arena = SIZE_MAX;
  p.status = plan_arena(buffers.data(), count, alignment, work.data(), p.offsets.data(), &p.arena);
  p.offsets.resize(buffers.size());
  return p;
}

size_t aligned(size_t v, size_t a) { return (v + a - 1) / a * a; }

// A buffer of `size` alive from one random step of [0, steps) to another.
PlanBuffer random_buffer(std::mt19937& rng, int steps, size_t size) {
  const int a = std::uniform_int_distribution<int>(0, steps - 1)(rng);
  const int b = std::uniform_int_distribution<int>(0, steps - 1)(rng);
  return PlanBuffer{size, std::min(a, b), std::max(a, b)};
}

bool run_check(const std::vector<PlanBuffer>& bufs, const std::vector<size_t>& offsets, int* a, int* b) {
  const int count = static_cast<int>(bufs.size());
  std::vector<int> work(check_workspace_ints(count));
  return check_plan(bufs.data(), offsets.data(), count, work.data(), a, b);
}

bool alive_together(const PlanBuffer& a, const PlanBuffer& b) {
  return a.first_step <= b.last_step && b.first_step <= a.last_step;
}

// Checks every property a plan must have.
void expect_valid_plan(const std::vector<PlanBuffer>& bufs, size_t alignment, const Plan& p) {
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  size_t sum = 0;
  int max_step = 0;
  for (size_t i = 0; i < bufs.size(); ++i) {
    EXPECT_EQ(p.offsets[i] % alignment, 0u) << "buffer " << i;
    EXPECT_LE(p.offsets[i] + bufs[i].size, p.arena) << "buffer " << i << " ends past the arena";
    sum += aligned(bufs[i].size, alignment);
    max_step = std::max(max_step, bufs[i].last_step);
  }
  for (size_t i = 0; i < bufs.size(); ++i) {
    for (size_t j = i + 1; j < bufs.size(); ++j) {
      if (!alive_together(bufs[i], bufs[j]) || bufs[i].size == 0 || bufs[j].size == 0) continue;
      const bool disjoint = p.offsets[i] + bufs[i].size <= p.offsets[j] ||
                            p.offsets[j] + bufs[j].size <= p.offsets[i];
      EXPECT_TRUE(disjoint) << "buffers " << i << " [" << p.offsets[i] << ", +" << bufs[i].size << ") and "
                            << j << " [" << p.offsets[j] << ", +" << bufs[j].size
                            << ") are alive together and overlap";
    }
  }
  EXPECT_LE(p.arena, sum);
  size_t peak = 0;
  for (int step = 0; step <= max_step; ++step) {
    size_t live = 0;
    for (const PlanBuffer& b : bufs)
      if (b.first_step <= step && step <= b.last_step) live += aligned(b.size, alignment);
    peak = std::max(peak, live);
  }
  EXPECT_GE(p.arena, peak);
  // check_plan, which proves files' plans, accepts every plan the planner makes.
  int x = -1, y = -1;
  EXPECT_TRUE(run_check(bufs, p.offsets, &x, &y)) << "check_plan refuses buffers " << x << " and " << y;
}

TEST(MemoryPlanner, RandomLifetimesKeepEveryInvariant) {
  const size_t alignments[] = {1, 4, 16, 64};
  for (unsigned seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const int count = std::uniform_int_distribution<int>(1, 40)(rng);
    const int steps = std::uniform_int_distribution<int>(1, 30)(rng);
    const size_t alignment = alignments[seed % 4];
    std::vector<PlanBuffer> bufs;
    for (int i = 0; i < count; ++i) {
      // Some zero sizes, many small, a few large.
      size_t size = std::uniform_int_distribution<size_t>(0, 3)(rng) == 0
                        ? 0
                        : std::uniform_int_distribution<size_t>(1, 5000)(rng);
      if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) size *= 100;
      bufs.push_back(random_buffer(rng, steps, size));
    }
    const Plan p = run_planner(bufs, alignment);
    expect_valid_plan(bufs, alignment, p);
    if (::testing::Test::HasFailure()) return;  // one seed's report is enough
  }
}

TEST(MemoryPlanner, DisjointLifetimesShareOneSlot) {
  std::vector<PlanBuffer> bufs;
  for (int i = 0; i < 10; ++i) bufs.push_back(PlanBuffer{1000, i, i});
  const Plan p = run_planner(bufs, 64);
  expect_valid_plan(bufs, 64, p);
  EXPECT_EQ(p.arena, 1024u);
  for (size_t off : p.offsets) EXPECT_EQ(off, 0u);
}

TEST(MemoryPlanner, ChainReusesMemory) {
  // Buffer i is written at step i and read at step i + 1, like a chain of
  // element-wise nodes: two slots suffice.
  const int n = 50;
  std::vector<PlanBuffer> bufs;
  for (int i = 0; i < n; ++i) bufs.push_back(PlanBuffer{4096, i, i + 1});
  const Plan p = run_planner(bufs, 64);
  expect_valid_plan(bufs, 64, p);
  EXPECT_EQ(p.arena, 2u * 4096u);
  EXPECT_LT(p.arena * 10, static_cast<size_t>(n) * 4096u);
}

TEST(MemoryPlanner, ChainOfGrowingBuffersStaysNearPeak) {
  const int n = 30;
  std::vector<PlanBuffer> bufs;
  size_t sum = 0;
  for (int i = 0; i < n; ++i) {
    bufs.push_back(PlanBuffer{static_cast<size_t>(64 * (i + 1)), i, i + 1});
    sum += bufs.back().size;
  }
  const Plan p = run_planner(bufs, 64);
  expect_valid_plan(bufs, 64, p);
  // The peak is the last two buffers together; greedy may need a little more
  // but nowhere near the sum.
  EXPECT_LT(p.arena, sum / 4);
}

TEST(MemoryPlanner, EmptyInputGivesEmptyArena) {
  size_t arena = 123;
  int work[1];
  size_t offsets[1];
  ASSERT_TRUE(plan_arena(nullptr, 0, 64, work, offsets, &arena).ok());
  EXPECT_EQ(arena, 0u);
}

TEST(MemoryPlanner, ZeroSizeBuffers) {
  {
    std::vector<PlanBuffer> bufs = {{0, 0, 3}, {0, 1, 2}, {0, 2, 5}};
    const Plan p = run_planner(bufs, 64);
    expect_valid_plan(bufs, 64, p);
    EXPECT_EQ(p.arena, 0u);
  }
  {
    std::vector<PlanBuffer> bufs = {{0, 0, 3}, {100, 0, 3}, {0, 1, 1}, {200, 1, 2}, {0, 3, 4}};
    const Plan p = run_planner(bufs, 64);
    expect_valid_plan(bufs, 64, p);
    EXPECT_EQ(p.arena, 128u + 256u);
  }
}

TEST(MemoryPlanner, OverflowingSizeIsAnError) {
  {
    std::vector<PlanBuffer> bufs = {{SIZE_MAX, 0, 0}};
    const Plan p = run_planner(bufs, 64);
    EXPECT_FALSE(p.status.ok());
    EXPECT_EQ(p.status.code(), StatusCode::kOutOfMemory);
  }
  {
    std::vector<PlanBuffer> bufs = {{SIZE_MAX - 10, 0, 0}};
    const Plan p = run_planner(bufs, 16);
    EXPECT_EQ(p.status.code(), StatusCode::kOutOfMemory);
  }
  {
    // Each fits alone; alive together they cannot.
    std::vector<PlanBuffer> bufs = {{SIZE_MAX / 2 + 1, 0, 1}, {SIZE_MAX / 2 + 1, 1, 2}};
    const Plan p = run_planner(bufs, 64);
    EXPECT_EQ(p.status.code(), StatusCode::kOutOfMemory);
  }
  {
    std::vector<PlanBuffer> bufs = {{SIZE_MAX / 3, 0, 1}, {SIZE_MAX / 3, 0, 1}, {SIZE_MAX / 3, 0, 1},
                                    {SIZE_MAX / 3, 1, 2}};
    const Plan p = run_planner(bufs, 64);
    EXPECT_EQ(p.status.code(), StatusCode::kOutOfMemory);
  }
  {
    // Huge but alive at different times: no overflow, one slot.
    std::vector<PlanBuffer> bufs = {{SIZE_MAX / 2, 0, 0}, {SIZE_MAX / 2, 1, 1}};
    const Plan p = run_planner(bufs, 64);
    ASSERT_TRUE(p.status.ok()) << p.status.message();
    EXPECT_EQ(p.offsets[0], 0u);
    EXPECT_EQ(p.offsets[1], 0u);
  }
}

TEST(MemoryPlanner, NonPowerOfTwoAlignmentIsRejected) {
  std::vector<PlanBuffer> bufs = {{100, 0, 1}, {100, 1, 2}};
  for (size_t alignment : {size_t{0}, size_t{3}, size_t{12}, size_t{48}, size_t{65}, SIZE_MAX}) {
    SCOPED_TRACE("alignment " + std::to_string(alignment));
    const Plan p = run_planner(bufs, alignment);
    EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument);
  }
  for (size_t alignment : {size_t{1}, size_t{2}, size_t{8}, size_t{128}, size_t{4096}}) {
    SCOPED_TRACE("alignment " + std::to_string(alignment));
    const Plan p = run_planner(bufs, alignment);
    expect_valid_plan(bufs, alignment, p);
  }
}

// check_plan against the pairwise definition: any two buffers of non-zero
// size alive at a common step must not share a byte.
bool pairwise_ok(const std::vector<PlanBuffer>& bufs, const std::vector<size_t>& offsets) {
  for (size_t i = 0; i < bufs.size(); ++i)
    for (size_t j = i + 1; j < bufs.size(); ++j) {
      if (bufs[i].size == 0 || bufs[j].size == 0 || !alive_together(bufs[i], bufs[j])) continue;
      if (offsets[i] < offsets[j] + bufs[j].size && offsets[j] < offsets[i] + bufs[i].size) return false;
    }
  return true;
}

TEST(CheckPlan, AgreesWithThePairwiseDefinitionOnArbitraryOffsets) {
  int rejected = 0, accepted = 0;
  for (unsigned seed = 1; seed <= 3000; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const int count = std::uniform_int_distribution<int>(1, 12)(rng);
    const int steps = std::uniform_int_distribution<int>(1, 8)(rng);
    std::vector<PlanBuffer> bufs;
    std::vector<size_t> offsets;
    for (int i = 0; i < count; ++i) {
      bufs.push_back(random_buffer(rng, steps, std::uniform_int_distribution<size_t>(0, 40)(rng)));
      offsets.push_back(std::uniform_int_distribution<size_t>(0, 200)(rng));
    }
    int x = -1, y = -1;
    const bool ok = run_check(bufs, offsets, &x, &y);
    ASSERT_EQ(ok, pairwise_ok(bufs, offsets));
    if (ok) {
      ++accepted;
      continue;
    }
    ++rejected;
    // The pair it names is a real collision.
    ASSERT_NE(x, y);
    ASSERT_TRUE(x >= 0 && x < count && y >= 0 && y < count);
    const std::vector<PlanBuffer> pair = {bufs[static_cast<size_t>(x)], bufs[static_cast<size_t>(y)]};
    EXPECT_FALSE(pairwise_ok(pair, {offsets[static_cast<size_t>(x)], offsets[static_cast<size_t>(y)]}));
  }
  // Both outcomes were exercised.
  EXPECT_GT(rejected, 100);
  EXPECT_GT(accepted, 100);
}

TEST(CheckPlan, EdgesTouchingAndEqualOffsets) {
  int x, y;
  // Ending exactly where the other starts is no overlap; one byte more is.
  EXPECT_TRUE(run_check({{64, 0, 1}, {64, 1, 2}}, {0, 64}, &x, &y));
  EXPECT_FALSE(run_check({{65, 0, 1}, {64, 1, 2}}, {0, 64}, &x, &y));
  // Same offset, alive together; and the same offset one step apart.
  EXPECT_FALSE(run_check({{8, 0, 0}, {8, 0, 0}}, {128, 128}, &x, &y));
  EXPECT_TRUE(run_check({{8, 0, 0}, {8, 1, 1}}, {128, 128}, &x, &y));
  // Zero-size buffers collide with nothing.
  EXPECT_TRUE(run_check({{0, 0, 5}, {100, 0, 5}}, {10, 0}, &x, &y));
  // A buffer nested inside a longer one, found past a neighbour in between.
  EXPECT_FALSE(run_check({{1000, 0, 9}, {10, 0, 9}, {10, 5, 5}}, {0, 2000, 500}, &x, &y));
  EXPECT_TRUE(run_check({}, {}, &x, &y));
}

TEST(CheckPlan, ManyBuffersAliveAtOnce) {
  // 200,000 buffers alive through one step, laid end to end, with one
  // collision at the end: the sweep is O(n log n), a pairwise scan would
  // take minutes.
  const int n = 200000;
  std::vector<PlanBuffer> bufs(n, PlanBuffer{64, 0, 1});
  std::vector<size_t> offsets(n);
  for (int i = 0; i < n; ++i) offsets[static_cast<size_t>(i)] = static_cast<size_t>(n - 1 - i) * 64;
  int x, y;
  EXPECT_TRUE(run_check(bufs, offsets, &x, &y));
  offsets[0] = 64;
  EXPECT_FALSE(run_check(bufs, offsets, &x, &y));
}

}  // namespace
}  // namespace spud
