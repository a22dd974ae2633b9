// Sequence and optional kernels on blobs (spud/sequence.h): each operator
// against values worked out by hand, and the clear errors for positions
// out of range, mismatched types, empty optionals and malformed blobs.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "kernel_runner.h"
#include "spud/sequence.h"

namespace spud {
namespace {

using testing::AttrBuilder;
using testing::make_tensor;
using testing::run_kernel;
using testing::RunResult;
using testing::TestTensor;

// The blob of a SequenceConstruct over `parts`.
TestTensor construct(const std::vector<const TestTensor*>& parts) {
  RunResult r = run_kernel("SequenceConstruct", 11, AttrBuilder(), parts, 1);
  EXPECT_TRUE(r.status.ok()) << r.status.message();
  return r.outputs.empty() ? TestTensor() : r.outputs[0];
}

TestTensor at(const TestTensor& seq, int64_t pos) {
  const TestTensor p = make_tensor<int64_t>({}, {pos});
  RunResult r = run_kernel("SequenceAt", 11, AttrBuilder(), {&seq, &p}, 1);
  EXPECT_TRUE(r.status.ok()) << r.status.message();
  return r.outputs.empty() ? TestTensor() : r.outputs[0];
}

int64_t length(const TestTensor& seq) {
  RunResult r = run_kernel("SequenceLength", 11, AttrBuilder(), {&seq}, 1);
  EXPECT_TRUE(r.status.ok()) << r.status.message();
  return r.outputs.empty() ? -1 : r.outputs[0].values<int64_t>()[0];
}

bool has_text(const Status& s, const char* text) { return std::string(s.message()).find(text) != std::string::npos; }

TEST(Sequence, ConstructAtInsertEraseLength) {
  const TestTensor a = make_tensor<float>({2}, {1.f, 2.f});
  const TestTensor b = make_tensor<float>({1, 3}, {3.f, 4.f, 5.f});
  const TestTensor c = make_tensor<float>({}, {9.f});
  const TestTensor s = construct({&a, &b});
  EXPECT_EQ(s.dtype, DType::kUInt8);
  ASSERT_EQ(s.shape.size(), 1u);
  EXPECT_EQ(length(s), 2);
  EXPECT_EQ(at(s, 0).values<float>(), (std::vector<float>{1.f, 2.f}));
  const TestTensor last = at(s, -1);
  EXPECT_EQ(last.shape, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(last.values<float>(), (std::vector<float>{3.f, 4.f, 5.f}));

  const TestTensor zero = make_tensor<int64_t>({}, {0});
  RunResult ins = run_kernel("SequenceInsert", 11, AttrBuilder(), {&s, &c, &zero}, 1);
  ASSERT_TRUE(ins.status.ok()) << ins.status.message();
  EXPECT_EQ(length(ins.outputs[0]), 3);
  EXPECT_EQ(at(ins.outputs[0], 0).values<float>(), (std::vector<float>{9.f}));
  EXPECT_EQ(at(ins.outputs[0], 2).values<float>(), (std::vector<float>{3.f, 4.f, 5.f}));
  // Without a position: at the end.
  RunResult back = run_kernel("SequenceInsert", 11, AttrBuilder(), {&s, &c}, 1);
  ASSERT_TRUE(back.status.ok());
  EXPECT_EQ(at(back.outputs[0], 2).values<float>(), (std::vector<float>{9.f}));

  RunResult er = run_kernel("SequenceErase", 11, AttrBuilder(), {&ins.outputs[0], &zero}, 1);
  ASSERT_TRUE(er.status.ok()) << er.status.message();
  EXPECT_EQ(length(er.outputs[0]), 2);
  EXPECT_EQ(at(er.outputs[0], 0).values<float>(), (std::vector<float>{1.f, 2.f}));
  // Without a position: the last goes.
  RunResult er_last = run_kernel("SequenceErase", 11, AttrBuilder(), {&ins.outputs[0]}, 1);
  ASSERT_TRUE(er_last.status.ok());
  EXPECT_EQ(at(er_last.outputs[0], -1).values<float>(), (std::vector<float>{1.f, 2.f}));
}

TEST(Sequence, SplitAndConcat) {
  // x [2,3] = [[0,1,2],[3,4,5]] cut along axis 1 in pieces of 2: [2,2] and [2,1].
  const TestTensor x = make_tensor<float>({2, 3}, {0.f, 1.f, 2.f, 3.f, 4.f, 5.f});
  const TestTensor two = make_tensor<int64_t>({}, {2});
  RunResult sp = run_kernel("SplitToSequence", 11, AttrBuilder().i("axis", 1), {&x, &two}, 1);
  ASSERT_TRUE(sp.status.ok()) << sp.status.message();
  EXPECT_EQ(length(sp.outputs[0]), 2);
  const TestTensor p0 = at(sp.outputs[0], 0);
  EXPECT_EQ(p0.shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(p0.values<float>(), (std::vector<float>{0.f, 1.f, 3.f, 4.f}));
  EXPECT_EQ(at(sp.outputs[0], 1).values<float>(), (std::vector<float>{2.f, 5.f}));
  // Joined back along axis 1: x again.
  RunResult cat = run_kernel("ConcatFromSequence", 11, AttrBuilder().i("axis", 1), {&sp.outputs[0]}, 1);
  ASSERT_TRUE(cat.status.ok()) << cat.status.message();
  EXPECT_EQ(cat.outputs[0].shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(cat.outputs[0].values<float>(), x.values<float>());
  // Rows without keepdims, stacked on a new last axis: x transposed.
  RunResult rows = run_kernel("SplitToSequence", 11, AttrBuilder().i("axis", 0).i("keepdims", 0), {&x}, 1);
  ASSERT_TRUE(rows.status.ok());
  EXPECT_EQ(at(rows.outputs[0], 1).shape, (std::vector<int64_t>{3}));
  RunResult st = run_kernel("ConcatFromSequence", 11, AttrBuilder().i("axis", -1).i("new_axis", 1), {&rows.outputs[0]}, 1);
  ASSERT_TRUE(st.status.ok()) << st.status.message();
  EXPECT_EQ(st.outputs[0].shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(st.outputs[0].values<float>(), (std::vector<float>{0.f, 3.f, 1.f, 4.f, 2.f, 5.f}));
}

TEST(Sequence, Optionals) {
  const TestTensor a = make_tensor<int32_t>({2}, {7, 8});
  RunResult full = run_kernel("Optional", 15, AttrBuilder(), {&a}, 1);
  ASSERT_TRUE(full.status.ok()) << full.status.message();
  RunResult empty = run_kernel("Optional", 15, AttrBuilder(), {nullptr}, 1);
  ASSERT_TRUE(empty.status.ok()) << empty.status.message();
  RunResult has = run_kernel("OptionalHasElement", 15, AttrBuilder(), {&full.outputs[0]}, 1);
  ASSERT_TRUE(has.status.ok());
  EXPECT_EQ(has.outputs[0].values<uint8_t>(), (std::vector<uint8_t>{1}));
  RunResult none = run_kernel("OptionalHasElement", 15, AttrBuilder(), {&empty.outputs[0]}, 1);
  ASSERT_TRUE(none.status.ok());
  EXPECT_EQ(none.outputs[0].values<uint8_t>(), (std::vector<uint8_t>{0}));
  RunResult got = run_kernel("OptionalGetElement", 15, AttrBuilder(), {&full.outputs[0]}, 1);
  ASSERT_TRUE(got.status.ok());
  EXPECT_EQ(got.outputs[0].values<int32_t>(), (std::vector<int32_t>{7, 8}));
  RunResult missing = run_kernel("OptionalGetElement", 15, AttrBuilder(), {&empty.outputs[0]}, 1);
  EXPECT_EQ(missing.status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(has_text(missing.status, "holds no value")) << missing.status.message();
}

TEST(Sequence, ClearErrors) {
  const TestTensor a = make_tensor<float>({2}, {1.f, 2.f});
  const TestTensor s = construct({&a, &a});
  const TestTensor two = make_tensor<int64_t>({}, {2});
  RunResult r = run_kernel("SequenceAt", 11, AttrBuilder(), {&s, &two}, 1);
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(has_text(r.status, "out of range")) << r.status.message();
  const TestTensor minus3 = make_tensor<int64_t>({}, {-3});
  EXPECT_TRUE(has_text(run_kernel("SequenceAt", 11, AttrBuilder(), {&s, &minus3}, 1).status, "out of range"));
  const TestTensor three = make_tensor<int64_t>({}, {3});
  EXPECT_TRUE(has_text(run_kernel("SequenceInsert", 11, AttrBuilder(), {&s, &a, &three}, 1).status, "out of range"));
  const TestTensor i = make_tensor<int64_t>({1}, {4});
  EXPECT_TRUE(has_text(run_kernel("SequenceInsert", 11, AttrBuilder(), {&s, &i}, 1).status, "type differs"));
  RunResult e = run_kernel("SequenceEmpty", 11, AttrBuilder(), {}, 1);
  ASSERT_TRUE(e.status.ok()) << e.status.message();
  EXPECT_EQ(length(e.outputs[0]), 0);
  EXPECT_TRUE(has_text(run_kernel("SequenceErase", 11, AttrBuilder(), {&e.outputs[0]}, 1).status, "empty"));
  EXPECT_TRUE(has_text(run_kernel("ConcatFromSequence", 11, AttrBuilder().i("axis", 0), {&e.outputs[0]}, 1).status, "empty"));
  const TestTensor b = make_tensor<float>({3}, {1.f, 2.f, 3.f});
  const TestTensor ab = construct({&a, &b});
  EXPECT_TRUE(has_text(run_kernel("ConcatFromSequence", 11, AttrBuilder().i("axis", 0).i("new_axis", 1), {&ab}, 1).status,
                       "differ in shape"));
  const TestTensor x = make_tensor<float>({4}, {1.f, 2.f, 3.f, 4.f});
  const TestTensor bad_split = make_tensor<int64_t>({2}, {1, 2});
  EXPECT_TRUE(has_text(run_kernel("SplitToSequence", 11, AttrBuilder(), {&x, &bad_split}, 1).status, "add up"));
}

TEST(Sequence, MalformedBlobsAreRefused) {
  const TestTensor a = make_tensor<float>({2}, {1.f, 2.f});
  const TestTensor good = construct({&a});
  ASSERT_GE(good.bytes.size(), sizeof(spud_sequence_header) + sizeof(spud_sequence_entry));
  auto expect_refused = [](const TestTensor& blob, const char* text) {
    const RunResult r = run_kernel("SequenceLength", 11, AttrBuilder(), {&blob}, 1);
    EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument) << text;
    EXPECT_TRUE(has_text(r.status, text)) << r.status.message();
  };
  TestTensor magic = good;
  magic.bytes[0] ^= 0xff;
  expect_refused(magic, "magic");
  TestTensor shorter = good;
  shorter.bytes.resize(8);
  shorter.shape = {8};
  expect_refused(shorter, "shorter");
  TestTensor many = good;
  spud_sequence_header h;
  std::memcpy(&h, many.bytes.data(), sizeof(h));
  h.count = 1000;
  std::memcpy(many.bytes.data(), &h, sizeof(h));
  expect_refused(many, "do not fit");
  TestTensor past = good;
  spud_sequence_entry e;
  std::memcpy(&e, past.bytes.data() + sizeof(h), sizeof(e));
  e.offset = past.bytes.size();
  std::memcpy(past.bytes.data() + sizeof(h), &e, sizeof(e));
  expect_refused(past, "outside the blob");
  TestTensor huge = good;
  std::memcpy(&e, huge.bytes.data() + sizeof(h), sizeof(e));
  e.rank = 2;
  e.dims[0] = e.dims[1] = int64_t{1} << 40;
  std::memcpy(huge.bytes.data() + sizeof(h), &e, sizeof(e));
  expect_refused(huge, "");
  // A plain tensor where a sequence belongs.
  const TestTensor f = make_tensor<float>({2}, {1.f, 2.f});
  EXPECT_FALSE(run_kernel("SequenceLength", 11, AttrBuilder(), {&f}, 1).status.ok());
}

}  // namespace
}  // namespace spud
