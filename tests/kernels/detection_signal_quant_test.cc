// The new reference kernels' checks: bad attributes and shapes fail in init
// or prepare with a message that names what is wrong, and TfIdfVectorizer's
// IDF and TFIDF modes (ONNX's node tests cover only TF). Their numbers are
// held to PyTorch and numpy in torch_reference_test.cc.
#include <gtest/gtest.h>

#include "kernel_runner.h"

namespace spud {
namespace testing {
namespace {

// The run fails in `phase` with a message containing `text`.
void expect_error(const RunResult& r, const std::string& phase, const std::string& text) {
  EXPECT_FALSE(r.status.ok());
  EXPECT_EQ(r.phase, phase);
  EXPECT_NE(std::string(r.status.message()).find(text), std::string::npos) << r.status.message();
}

TEST(NewKernelChecks, NonMaxSuppression) {
  const TestTensor boxes = make_tensor<float>({1, 2, 3}, std::vector<float>(6, 0.f));
  const TestTensor good_boxes = make_tensor<float>({1, 2, 4}, {0, 0, 1, 1, 0, 0, 1, 1});
  const TestTensor scores = make_tensor<float>({1, 1, 2}, {0.5f, 0.6f});
  const TestTensor max_out = make_tensor<int64_t>({1}, {2});
  const TestTensor bad_iou = make_tensor<float>({1}, {1.5f});
  expect_error(run_kernel("NonMaxSuppression", 11, AttrBuilder(), {&boxes, &scores}, 1), "prepare", "boxes must be");
  expect_error(run_kernel("NonMaxSuppression", 11, AttrBuilder(), {&good_boxes, &scores, &max_out, &bad_iou}, 1), "prepare",
               "iou_threshold must be in [0, 1]");
  expect_error(run_kernel("NonMaxSuppression", 11, AttrBuilder().i("center_point_box", 2), {&good_boxes, &scores}, 1), "init",
               "center_point_box");
  // Identical boxes: the better score stays, the other is suppressed.
  const TestTensor iou = make_tensor<float>({1}, {0.5f});
  const RunResult r = run_kernel("NonMaxSuppression", 11, AttrBuilder(), {&good_boxes, &scores, &max_out, &iou}, 1);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.outputs[0].shape, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(r.outputs[0].values<int64_t>(), (std::vector<int64_t>{0, 0, 1}));
}

TEST(NewKernelChecks, GridSampleRoiAlignUnique) {
  const TestTensor x = make_tensor<float>({1, 1, 2, 2}, {1, 2, 3, 4});
  const TestTensor grid = make_tensor<float>({1, 1, 1, 2}, {0, 0});
  expect_error(run_kernel("GridSample", 16, AttrBuilder().s("mode", "cubic"), {&x, &grid}, 1), "init", "mode must be");
  expect_error(run_kernel("GridSample", 16, AttrBuilder().s("padding_mode", "wrap"), {&x, &grid}, 1), "init", "padding_mode");
  const TestTensor grid3 = make_tensor<float>({1, 1, 2}, {0, 0});
  expect_error(run_kernel("GridSample", 16, AttrBuilder(), {&x, &grid3}, 1), "prepare", "grid must be (N, H_out, W_out, 2)");

  const TestTensor rois = make_tensor<float>({1, 4}, {0, 0, 1, 1});
  const TestTensor batch = make_tensor<int64_t>({1}, {3});
  expect_error(run_kernel("RoiAlign", 16, AttrBuilder().s("mode", "sum"), {&x, &rois, &batch}, 1), "init", "mode must be avg or max");
  expect_error(run_kernel("RoiAlign", 16, AttrBuilder().s("coordinate_transformation_mode", "align_corners"), {&x, &rois, &batch}, 1),
               "init", "coordinate_transformation_mode");
  expect_error(run_kernel("RoiAlign", 16, AttrBuilder(), {&x, &rois, &batch}, 1), "eval", "batch index is out of range");

  const TestTensor u = make_tensor<int64_t>({2, 2}, {1, 1, 2, 2});
  expect_error(run_kernel("Unique", 11, AttrBuilder().i("axis", 2), {&u}, 4), "prepare", "axis is out of range");
  expect_error(run_kernel("Unique", 11, AttrBuilder().i("sorted", 3), {&u}, 4), "init", "sorted must be 0 or 1");
}

TEST(NewKernelChecks, DftStftMel) {
  const TestTensor c = make_tensor<float>({1, 4, 2}, std::vector<float>(8, 1.f));
  expect_error(run_kernel("DFT", 17, AttrBuilder().i("onesided", 1), {&c}, 1), "prepare", "onesided needs real input");
  expect_error(run_kernel("DFT", 17, AttrBuilder().i("onesided", 1).i("inverse", 1), {&c}, 1), "init", "inverse onesided");
  expect_error(run_kernel("DFT", 17, AttrBuilder().i("axis", 2), {&c}, 1), "prepare", "axis must be in");
  const TestTensor sig = make_tensor<float>({1, 8, 1}, std::vector<float>(8, 1.f));
  const TestTensor step = make_tensor<int64_t>({}, {2});
  const TestTensor window = make_tensor<float>({4}, {1, 1, 1, 1});
  const TestTensor frame = make_tensor<int64_t>({}, {3});
  expect_error(run_kernel("STFT", 17, AttrBuilder(), {&sig, &step, &window, &frame}, 1), "prepare", "differs from the window");
  const TestTensor big = make_tensor<int64_t>({}, {9});
  expect_error(run_kernel("STFT", 17, AttrBuilder(), {&sig, &step, nullptr, &big}, 1), "prepare", "frame length must be in");
  const TestTensor bins = make_tensor<int32_t>({}, {8}), len = make_tensor<int32_t>({}, {16}), rate = make_tensor<int32_t>({}, {8000});
  const TestTensor lo = make_tensor<float>({}, {0.f}), hi = make_tensor<float>({}, {5000.f});
  expect_error(run_kernel("MelWeightMatrix", 17, AttrBuilder(), {&bins, &len, &rate, &lo, &hi}, 1), "prepare",
               "upper_edge_hertz <= sample_rate / 2");
  expect_error(run_kernel("MelWeightMatrix", 17, AttrBuilder().i("output_datatype", 6), {&bins, &len, &rate, &lo, &lo}, 1), "init",
               "output_datatype");
}

TEST(NewKernelChecks, Quantized) {
  const TestTensor x = make_tensor<float>({2, 3}, {0, 1, 2, 3, 4, 5});
  const TestTensor scales = make_tensor<float>({3}, {1, 2, 4});
  const TestTensor scales2 = make_tensor<float>({2}, {1, 2});
  expect_error(run_kernel("QuantizeLinear", 10, AttrBuilder(), {&x, &scales}, 1), "prepare", "before opset 13 y_scale must be a scalar");
  expect_error(run_kernel("QuantizeLinear", 13, AttrBuilder().i("axis", 1), {&x, &scales2}, 1), "prepare", "does not fit x");
  expect_error(run_kernel("QuantizeLinear", 13, AttrBuilder().i("axis", 2), {&x, &scales}, 1), "prepare", "axis is out of range");
  const TestTensor q = make_tensor<int32_t>({2}, {5, 6});
  const TestTensor s = make_tensor<float>({}, {1.f});
  const TestTensor z = make_tensor<int32_t>({}, {1});
  expect_error(run_kernel("DequantizeLinear", 13, AttrBuilder(), {&q, &s, &z}, 1), "prepare", "int32 x needs a zero point of 0");
  const TestTensor a = make_tensor<uint8_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  const TestTensor b = make_tensor<uint8_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  expect_error(run_kernel("MatMulInteger", 10, AttrBuilder(), {&a, &b}, 1), "prepare", "do not multiply");
  const TestTensor xq = make_tensor<uint8_t>({1, 1, 3, 3}, std::vector<uint8_t>(9, 1));
  const TestTensor w = make_tensor<uint8_t>({2, 1, 2, 2}, std::vector<uint8_t>(8, 1));
  const TestTensor wz = make_tensor<uint8_t>({3}, {0, 0, 0});
  expect_error(run_kernel("ConvInteger", 10, AttrBuilder(), {&xq, &w, nullptr, &wz}, 1), "prepare", "one per output channel");
  expect_error(run_kernel("ConvInteger", 10, AttrBuilder().i("group", 0), {&xq, &w}, 1), "init", "group must be >= 1");
}

// ONNX's test_tfidfvectorizer_tf_uniandbigrams_skip5: its input and pool,
// whose TF counts ONNX gives as {0, 3, 1, 0, 1, 3, 1}.
// (AttrBuilder owns its buffer and is not copyable: filled in place.)
void tfidf_attrs(AttrBuilder& a, const std::string& mode, bool weights) {
  a.s("mode", mode).i("min_gram_length", 1).i("max_gram_length", 2).i("max_skip_count", 5);
  a.ints("ngram_counts", {0, 4}).ints("ngram_indexes", {0, 1, 2, 3, 4, 5, 6}).ints("pool_int64s", {2, 3, 5, 4, 5, 6, 7, 8, 6, 7});
  if (weights) a.floats("weights", {0.5f, 2.f, 3.f, 4.f, 0.25f, 1.5f, 8.f});
}

TEST(NewKernelChecks, TfIdfVectorizerModesAndChecks) {
  const TestTensor x = make_tensor<int32_t>({12}, {1, 1, 3, 3, 3, 7, 8, 6, 7, 5, 6, 8});
  const std::vector<float> tf = {0, 3, 1, 0, 1, 3, 1}, w = {0.5f, 2.f, 3.f, 4.f, 0.25f, 1.5f, 8.f};
  std::vector<float> tfidf(7), idf(7), idf_unweighted(7);
  for (int i = 0; i < 7; ++i) {
    tfidf[i] = tf[i] * w[i];
    idf[i] = tf[i] > 0 ? w[i] : 0.f;
    idf_unweighted[i] = tf[i] > 0 ? 1.f : 0.f;
  }
  AttrBuilder a_r_tf;
  tfidf_attrs(a_r_tf, "TF", false);
  const RunResult r_tf = run_kernel("TfIdfVectorizer", 9, a_r_tf, {&x}, 1);
  ASSERT_TRUE(r_tf.status.ok()) << r_tf.status.message();
  EXPECT_EQ(r_tf.outputs[0].values<float>(), tf);
  AttrBuilder a_r_tfidf;
  tfidf_attrs(a_r_tfidf, "TFIDF", true);
  const RunResult r_tfidf = run_kernel("TfIdfVectorizer", 9, a_r_tfidf, {&x}, 1);
  ASSERT_TRUE(r_tfidf.status.ok()) << r_tfidf.status.message();
  EXPECT_EQ(r_tfidf.outputs[0].values<float>(), tfidf);
  AttrBuilder a_r_idf;
  tfidf_attrs(a_r_idf, "IDF", true);
  const RunResult r_idf = run_kernel("TfIdfVectorizer", 9, a_r_idf, {&x}, 1);
  ASSERT_TRUE(r_idf.status.ok()) << r_idf.status.message();
  EXPECT_EQ(r_idf.outputs[0].values<float>(), idf);
  AttrBuilder a_r_idf1;
  tfidf_attrs(a_r_idf1, "IDF", false);
  const RunResult r_idf1 = run_kernel("TfIdfVectorizer", 9, a_r_idf1, {&x}, 1);
  ASSERT_TRUE(r_idf1.status.ok()) << r_idf1.status.message();
  EXPECT_EQ(r_idf1.outputs[0].values<float>(), idf_unweighted);
  // int64 rows [N, C]: each row on its own.
  const TestTensor x2 = make_tensor<int64_t>({2, 6}, {1, 1, 3, 3, 3, 7, 8, 6, 7, 5, 6, 8});
  AttrBuilder a_r2;
  tfidf_attrs(a_r2, "TF", false);
  const RunResult r2 = run_kernel("TfIdfVectorizer", 9, a_r2, {&x2}, 1);
  ASSERT_TRUE(r2.status.ok()) << r2.status.message();
  EXPECT_EQ(r2.outputs[0].shape, (std::vector<int64_t>{2, 7}));
  // ONNX's test_tfidfvectorizer_tf_batch_uniandbigrams_skip5 gives these rows.
  EXPECT_EQ(r2.outputs[0].values<float>(), (std::vector<float>{0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1}));

  expect_error(run_kernel("TfIdfVectorizer", 9, AttrBuilder().s("mode", "BM25"), {&x}, 1), "init", "mode must be TF, IDF or TFIDF");
  AttrBuilder strings;
  strings.s("mode", "TF").i("min_gram_length", 1).i("max_gram_length", 1).strings("pool_strings", {"a", "b"});
  expect_error(run_kernel("TfIdfVectorizer", 9, strings, {&x}, 1), "init", "string tensors");
  AttrBuilder short_indexes;
  short_indexes.s("mode", "TF").i("min_gram_length", 1).i("max_gram_length", 2).i("max_skip_count", 0);
  short_indexes.ints("ngram_counts", {0, 4}).ints("ngram_indexes", {0, 1, 2}).ints("pool_int64s", {2, 3, 5, 4, 5, 6, 7, 8, 6, 7});
  expect_error(run_kernel("TfIdfVectorizer", 9, short_indexes, {&x}, 1), "init", "one entry per n-gram");
}

// A max_skip_count past the row's length counts what the largest skip that
// still fits counts (here 10: a bigram spanning all 12 tokens), and costs no
// more: INT64_MAX used to overflow the span and loop for ever.
TEST(NewKernelChecks, TfIdfVectorizerHugeSkipIsTheLargestThatFits) {
  const TestTensor x = make_tensor<int32_t>({12}, {1, 1, 3, 3, 3, 7, 8, 6, 7, 5, 6, 8});
  auto attrs = [](AttrBuilder& a, int64_t skip) {
    a.s("mode", "TF").i("min_gram_length", 1).i("max_gram_length", 2).i("max_skip_count", skip);
    a.ints("ngram_counts", {0, 4}).ints("ngram_indexes", {0, 1, 2, 3, 4, 5, 6}).ints("pool_int64s", {2, 3, 5, 4, 5, 6, 7, 8, 6, 7});
  };
  AttrBuilder fits, huge, index_max;
  attrs(fits, 10);
  attrs(huge, INT64_MAX);
  const RunResult r_fits = run_kernel("TfIdfVectorizer", 9, fits, {&x}, 1);
  const RunResult r_huge = run_kernel("TfIdfVectorizer", 9, huge, {&x}, 1);
  ASSERT_TRUE(r_fits.status.ok()) << r_fits.status.message();
  ASSERT_TRUE(r_huge.status.ok()) << r_huge.status.message();
  EXPECT_EQ(r_huge.outputs[0].values<float>(), r_fits.outputs[0].values<float>());
  index_max.s("mode", "TF").i("min_gram_length", 1).i("max_gram_length", 1);
  index_max.ints("ngram_counts", {0}).ints("ngram_indexes", {INT64_MAX}).ints("pool_int64s", {1});
  expect_error(run_kernel("TfIdfVectorizer", 9, index_max, {&x}, 1), "init", "ngram_indexes must be in");
}

// blocksize is bounded (so blocksize^2 is exact) and the output dims it
// multiplies are checked: an empty input with a huge height used to overflow.
TEST(NewKernelChecks, DepthToSpaceAndSpaceToDepthBoundTheirProducts) {
  const TestTensor x = make_tensor<float>({1, 4, 1, 1}, {1, 2, 3, 4});
  expect_error(run_kernel("DepthToSpace", 13, AttrBuilder().i("blocksize", int64_t{1} << 32), {&x}, 1), "init",
               "blocksize must be in [1, 65536]");
  expect_error(run_kernel("SpaceToDepth", 13, AttrBuilder().i("blocksize", int64_t{1} << 32), {&x}, 1), "init",
               "blocksize must be in [1, 65536]");
  const TestTensor tall = make_tensor<float>({0, 0, int64_t{1} << 50, 1}, {});
  expect_error(run_kernel("DepthToSpace", 13, AttrBuilder().i("blocksize", 1 << 14), {&tall}, 1), "prepare", "overflows");
  const TestTensor deep = make_tensor<float>({0, int64_t{1} << 50, 0, 0}, {});
  expect_error(run_kernel("SpaceToDepth", 13, AttrBuilder().i("blocksize", 1 << 14), {&deep}, 1), "prepare", "overflow");
}

// MaxUnpool's attributes are any int64 a file holds: (in - 1) * stride
// overflowed for a stride near INT64_MAX / 4 (found by the runtime fuzzer).
TEST(NewKernelChecks, MaxUnpoolChecksItsShapeArithmetic) {
  const TestTensor x = make_tensor<float>({1, 1, 5}, {1, 2, 3, 4, 5});
  const TestTensor i = make_tensor<int64_t>({1, 1, 5}, {0, 2, 4, 6, 8});
  const RunResult ok = run_kernel("MaxUnpool", 11, AttrBuilder().ints("kernel_shape", {2}).ints("strides", {2}), {&x, &i}, 1);
  ASSERT_TRUE(ok.status.ok()) << ok.status.message();
  EXPECT_EQ(ok.outputs[0].values<float>(), (std::vector<float>{1, 0, 2, 0, 3, 0, 4, 0, 5, 0}));
  expect_error(run_kernel("MaxUnpool", 11, AttrBuilder().ints("kernel_shape", {2}).ints("strides", {int64_t{1} << 61}), {&x, &i}, 1),
               "prepare", "the unpooled shape is negative or overflows");
  expect_error(run_kernel("MaxUnpool", 11, AttrBuilder().ints("kernel_shape", {2}).ints("pads", {4, 4}), {&x, &i}, 1), "prepare",
               "the unpooled shape is negative or overflows");
  expect_error(run_kernel("MaxUnpool", 11, AttrBuilder().ints("kernel_shape", {2}).ints("strides", {-1}), {&x, &i}, 1), "init",
               "strides must be >= 1");
}

// ScatterND's updates must be shaped indices.shape[:-1] + data.shape[k:]:
// only their rank was checked, and longer updates read past their end
// (found by the converter fuzzer).
TEST(NewKernelChecks, ScatterNDChecksTheUpdatesShape) {
  const TestTensor data = make_tensor<float>({4}, {1, 2, 3, 4});
  const TestTensor idx = make_tensor<int64_t>({2, 1}, {3, 0});
  const TestTensor upd = make_tensor<float>({2}, {10, 20});
  const RunResult ok = run_kernel("ScatterND", 13, AttrBuilder(), {&data, &idx, &upd}, 1);
  ASSERT_TRUE(ok.status.ok()) << ok.status.message();
  EXPECT_EQ(ok.outputs[0].values<float>(), (std::vector<float>{20, 2, 3, 10}));
  const TestTensor idx3 = make_tensor<int64_t>({3, 1}, {3, 0, 1});
  expect_error(run_kernel("ScatterND", 13, AttrBuilder(), {&data, &idx3, &upd}, 1), "prepare",
               "updates must be shaped indices.shape[:-1] + data.shape[k:]");
}

}  // namespace
}  // namespace testing
}  // namespace spud
