#include "model/latenttools.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "tests/support/smallrun.h"

namespace {

using vae::EncodedDataset;

EncodedDataset codesFrom(torch::Tensor mu, torch::Tensor logvar) {
  EncodedDataset codes;
  codes.mu = std::move(mu);
  codes.logvar = std::move(logvar);
  return codes;
}

torch::Tensor vec(std::vector<float> values) { return torch::tensor(values); }

// Synthetic codes spread mostly along one known direction, plus small isotropic noise and an offset.
struct CorrelatedCodes {
  torch::Tensor mu;
  torch::Tensor direction;  // unit [L]
  torch::Tensor offset;     // [L]
};
CorrelatedCodes correlatedCodes(int64_t n) {
  CorrelatedCodes c;
  c.direction = vec({1.0f, 2.0f, -1.0f, 0.5f, -0.25f});
  c.direction = c.direction / c.direction.norm();
  c.offset = vec({0.3f, -0.7f, 1.1f, 0.0f, 2.0f});
  torch::Tensor t = 3.0 * torch::randn({n, 1});
  c.mu = t * c.direction.unsqueeze(0) + 0.1 * torch::randn({n, 5}) + c.offset;
  return c;
}

class LatentToolsTest : public ::testing::Test {
 protected:
  void SetUp() override { torch::manual_seed(1234); }
};

// ---- encodeDataset ---------------------------------------------------------------------------

TEST_F(LatentToolsTest, EncodeDatasetMatchesDirectEncode) {
  vae::Vae model(vae::test::tinyModel());
  vae::Dataset data = vae::test::tinyDataset(10);

  // Batch size 3 leaves a ragged last batch of 1, so concatenation order and the tail both count.
  EncodedDataset codes = vae::encodeDataset(model, data, /*batchSize=*/3);

  ASSERT_EQ(codes.mu.sizes(), (std::vector<int64_t>{10, 4}));
  ASSERT_EQ(codes.logvar.sizes(), (std::vector<int64_t>{10, 4}));
  torch::NoGradGuard noGrad;
  auto [mu, logvar] = model->encode(data.floatImages(0, data.size()));
  EXPECT_TRUE(torch::allclose(codes.mu, mu, /*rtol=*/1e-5, /*atol=*/1e-6));
  EXPECT_TRUE(torch::allclose(codes.logvar, logvar, /*rtol=*/1e-5, /*atol=*/1e-6));
  EXPECT_FALSE(codes.mu.requires_grad());
  EXPECT_FALSE(codes.logvar.requires_grad());
}

TEST_F(LatentToolsTest, EncodeDatasetReportsProgressPerBatchUpToTotal) {
  vae::Vae model(vae::test::tinyModel());
  vae::Dataset data = vae::test::tinyDataset(10);
  std::vector<std::pair<int64_t, int64_t>> calls;

  vae::encodeDataset(model, data, /*batchSize=*/4, [&calls](int64_t done, int64_t total) {
    calls.emplace_back(done, total);
  });

  const std::vector<std::pair<int64_t, int64_t>> expected = {{4, 10}, {8, 10}, {10, 10}};
  EXPECT_EQ(calls, expected);
}

TEST_F(LatentToolsTest, EncodeDatasetCopiesLabels) {
  vae::Vae model(vae::test::tinyModel());
  vae::Dataset data = vae::test::tinyDataset(7);

  EncodedDataset codes = vae::encodeDataset(model, data);

  ASSERT_TRUE(codes.labels.defined());
  EXPECT_TRUE(torch::equal(codes.labels, data.labels));
  // A copy: changing the dataset afterwards must not change the codes' labels.
  EXPECT_NE(codes.labels.data_ptr(), data.labels.data_ptr());
  data.labels.fill_(99);
  EXPECT_FALSE(torch::equal(codes.labels, data.labels));
}

TEST_F(LatentToolsTest, EncodeDatasetLeavesLabelsUndefinedForUnlabelledData) {
  vae::Vae model(vae::test::tinyModel());
  vae::Dataset data = vae::test::tinyDataset(5);
  data.labels = torch::Tensor();

  EncodedDataset codes = vae::encodeDataset(model, data);

  EXPECT_FALSE(codes.labels.defined());
  EXPECT_EQ(codes.mu.size(0), 5);
}

TEST_F(LatentToolsTest, EncodeDatasetRestoresTrainingMode) {
  vae::Vae model(vae::test::tinyModel());
  vae::Dataset data = vae::test::tinyDataset(4);

  model->train();
  bool trainingDuringEncode = true;
  vae::encodeDataset(model, data, 2, [&](int64_t, int64_t) { trainingDuringEncode = model->is_training(); });
  EXPECT_FALSE(trainingDuringEncode);
  EXPECT_TRUE(model->is_training());

  model->eval();
  vae::encodeDataset(model, data, 2);
  EXPECT_FALSE(model->is_training());
}

TEST_F(LatentToolsTest, EncodeDatasetRejectsBadArguments) {
  vae::Vae model(vae::test::tinyModel());
  vae::Dataset data = vae::test::tinyDataset(4);
  EXPECT_THROW(vae::encodeDataset(model, data, /*batchSize=*/0), std::invalid_argument);

  vae::Dataset wrongSize = data;
  wrongSize.images = vae::unitToPixels(torch::rand({4, 1, 6, 6}));
  EXPECT_THROW(vae::encodeDataset(model, wrongSize), std::invalid_argument);
}

// ---- KL per dimension and ranking ------------------------------------------------------------

TEST_F(LatentToolsTest, KlPerDimensionMatchesHandComputedValues) {
  // dim 0: mu=0, logvar=0 -> the prior itself, KL 0.
  // dim 1: mu=2, logvar=0 -> 0.5 * 4 = 2.
  // dim 2: mu=0, logvar=ln 2 -> 0.5 * (2 - ln 2 - 1).
  // dim 3: mu 0 for one image and 2 for the other -> mean of 0 and 2 = 1.
  const float ln2 = std::log(2.0f);
  torch::Tensor mu = torch::tensor({{0.0f, 2.0f, 0.0f, 0.0f}, {0.0f, 2.0f, 0.0f, 2.0f}});
  torch::Tensor logvar = torch::tensor({{0.0f, 0.0f, ln2, 0.0f}, {0.0f, 0.0f, ln2, 0.0f}});

  torch::Tensor kl = vae::klPerDimension(codesFrom(mu, logvar));

  torch::Tensor expected = vec({0.0f, 2.0f, 0.5f * (1.0f - ln2), 1.0f});
  ASSERT_EQ(kl.sizes(), (std::vector<int64_t>{4}));
  EXPECT_TRUE(torch::allclose(kl, expected, /*rtol=*/1e-6, /*atol=*/1e-6)) << kl;
}

TEST_F(LatentToolsTest, RankDimensionsByKlIsDescendingAndStableForTies) {
  // KL per dim = 0.5 * mu^2: [0.5, 4.5, 0, 4.5, 2]; dims 1 and 3 tie, so 1 must come first.
  torch::Tensor mu = vec({1.0f, 3.0f, 0.0f, 3.0f, 2.0f}).unsqueeze(0);
  torch::Tensor logvar = torch::zeros({1, 5});

  std::vector<int64_t> order = vae::rankDimensionsByKl(codesFrom(mu, logvar));

  EXPECT_EQ(order, (std::vector<int64_t>{1, 3, 4, 0, 2}));
}

TEST_F(LatentToolsTest, KlRejectsMismatchedOrEmptyCodes) {
  EXPECT_THROW(vae::klPerDimension(codesFrom(torch::zeros({3, 4}), torch::zeros({3, 5}))), std::invalid_argument);
  EXPECT_THROW(vae::klPerDimension(codesFrom(torch::zeros({0, 4}), torch::zeros({0, 4}))), std::invalid_argument);
  EXPECT_THROW(vae::rankDimensionsByKl(codesFrom(torch::zeros({4}), torch::zeros({4}))), std::invalid_argument);
}

// ---- active units ----------------------------------------------------------------------------

TEST_F(LatentToolsTest, ActiveUnitsPicksExactlyTheDimensionsWithSpread) {
  const int64_t n = 200;
  // Dims 1 and 3 carry information (unit variance); the rest are collapsed to a constant with
  // jitter far below the threshold (variance 1e-6).
  torch::Tensor mu = 0.5 + 1e-3 * torch::randn({n, 5});
  mu.select(1, 1).copy_(torch::randn({n}));
  mu.select(1, 3).copy_(-2.0 + torch::randn({n}));

  std::vector<int64_t> active = vae::activeUnits(codesFrom(mu, torch::zeros({n, 5})));

  EXPECT_EQ(active, (std::vector<int64_t>{1, 3}));
}

TEST_F(LatentToolsTest, ActiveUnitsUsesPopulationVariance) {
  // Column values {0, 1}: population variance 0.25, sample variance 0.5. A threshold between them
  // tells the two apart.
  torch::Tensor mu = torch::tensor({{0.0f, 0.0f}, {1.0f, 0.0f}});
  EXPECT_TRUE(vae::activeUnits(codesFrom(mu, torch::zeros({2, 2})), /*threshold=*/0.3).empty());
  EXPECT_EQ(vae::activeUnits(codesFrom(mu, torch::zeros({2, 2})), /*threshold=*/0.2),
            (std::vector<int64_t>{0}));
}

// ---- PCA axes --------------------------------------------------------------------------------

TEST_F(LatentToolsTest, PcaAxesRecoverTheDominantDirection) {
  CorrelatedCodes c = correlatedCodes(500);

  vae::PcaAxes pca = vae::pcaAxes(c.mu, /*k=*/2);

  ASSERT_EQ(pca.axes.sizes(), (std::vector<int64_t>{2, 5}));
  ASSERT_EQ(pca.variances.sizes(), (std::vector<int64_t>{2}));
  EXPECT_GT(std::abs(pca.axes[0].dot(c.direction).item<double>()), 0.99);
  EXPECT_TRUE(torch::allclose(pca.mean, c.mu.mean(0), 1e-5, 1e-5));
  EXPECT_TRUE(torch::allclose(pca.mean, c.offset, 0.0, 0.5));
  // Var along the signal ~9, along noise ~0.01.
  EXPECT_GT(pca.variances[0].item<double>(), 5.0);
  EXPECT_LT(pca.variances[1].item<double>(), 0.05);
}

TEST_F(LatentToolsTest, PcaAxesAreOrthonormalAndOrderedByVariance) {
  CorrelatedCodes c = correlatedCodes(300);

  vae::PcaAxes pca = vae::pcaAxes(c.mu, /*k=*/5);

  torch::Tensor gram = pca.axes.matmul(pca.axes.t());
  EXPECT_TRUE(torch::allclose(gram, torch::eye(5), 0.0, 1e-5)) << gram;
  auto v = pca.variances;
  for (int64_t i = 1; i < 5; ++i) EXPECT_GE(v[i - 1].item<double>(), v[i].item<double>());
}

TEST_F(LatentToolsTest, PcaVariancesAreSampleVariancesOfTheProjections) {
  CorrelatedCodes c = correlatedCodes(100);

  vae::PcaAxes pca = vae::pcaAxes(c.mu, /*k=*/3);

  torch::Tensor projected = (c.mu - pca.mean).matmul(pca.axes.t());
  torch::Tensor expected = projected.var(/*dim=*/0, /*unbiased=*/true);
  EXPECT_TRUE(torch::allclose(pca.variances, expected, 1e-4, 1e-6)) << pca.variances << expected;
}

TEST_F(LatentToolsTest, PcaAxisSignIsDeterministic) {
  CorrelatedCodes c = correlatedCodes(200);

  // Negating the data flips every SVD direction; the fixed sign convention must undo that.
  vae::PcaAxes a = vae::pcaAxes(c.mu, 5);
  vae::PcaAxes b = vae::pcaAxes(-c.mu, 5);

  for (int64_t i = 0; i < 5; ++i) {
    torch::Tensor row = a.axes[i];
    const int64_t pivot = row.abs().argmax().item<int64_t>();
    EXPECT_GT(row[pivot].item<double>(), 0.0) << "axis " << i;
  }
  EXPECT_TRUE(torch::allclose(a.axes, b.axes, 0.0, 1e-4));
}

TEST_F(LatentToolsTest, PcaClampsKToLatentDimEvenWithFewImages) {
  // 3 images in 5 dims: rank 2 after centring, yet 5 orthonormal axes are returned.
  torch::Tensor mu = torch::randn({3, 5});

  vae::PcaAxes pca = vae::pcaAxes(mu, /*k=*/10);

  ASSERT_EQ(pca.axes.sizes(), (std::vector<int64_t>{5, 5}));
  ASSERT_EQ(pca.variances.sizes(), (std::vector<int64_t>{5}));
  EXPECT_TRUE(torch::allclose(pca.axes.matmul(pca.axes.t()), torch::eye(5), 0.0, 1e-5));
  EXPECT_GT(pca.variances[1].item<double>(), 1e-6);
  EXPECT_NEAR(pca.variances[2].item<double>(), 0.0, 1e-6);
  EXPECT_NEAR(pca.variances[4].item<double>(), 0.0, 1e-6);
}

TEST_F(LatentToolsTest, PcaRejectsBadArguments) {
  EXPECT_THROW(vae::pcaAxes(torch::randn({1, 4}), 2), std::invalid_argument);
  EXPECT_THROW(vae::pcaAxes(torch::randn({10, 4}), 0), std::invalid_argument);
  EXPECT_THROW(vae::pcaAxes(torch::randn({10}), 1), std::invalid_argument);
}

// ---- traversal and grid ----------------------------------------------------------------------

TEST_F(LatentToolsTest, TraversalRowSweepsOnlyTheChosenDimension) {
  torch::Tensor base = vec({0.5f, -1.0f, 2.0f, 0.25f});

  torch::Tensor row = vae::traversalRow(base, /*dim=*/2, /*steps=*/5, /*span=*/3.0);

  ASSERT_EQ(row.sizes(), (std::vector<int64_t>{5, 4}));
  EXPECT_TRUE(torch::allclose(row.select(1, 2), vec({-3.0f, -1.5f, 0.0f, 1.5f, 3.0f})));
  for (int64_t d : {0, 1, 3})
    EXPECT_TRUE(torch::equal(row.select(1, d), base[d].expand({5}))) << "dim " << d;
  // The base itself is not modified through the result.
  row.fill_(7.0);
  EXPECT_EQ(base[2].item<float>(), 2.0f);
}

TEST_F(LatentToolsTest, TraversalRowRejectsBadArguments) {
  torch::Tensor base = torch::zeros({4});
  EXPECT_THROW(vae::traversalRow(base, 4, 5), std::invalid_argument);
  EXPECT_THROW(vae::traversalRow(base, -1, 5), std::invalid_argument);
  EXPECT_THROW(vae::traversalRow(base, 0, 1), std::invalid_argument);
  EXPECT_THROW(vae::traversalRow(torch::zeros({1, 4}), 0, 5), std::invalid_argument);
  EXPECT_THROW(vae::traversalRow(base, 0, 5, -1.0), std::invalid_argument);
}

TEST_F(LatentToolsTest, AxisVectorIsOneHot) {
  EXPECT_TRUE(torch::equal(vae::axisVector(4, 2), vec({0.0f, 0.0f, 1.0f, 0.0f})));
  EXPECT_THROW(vae::axisVector(4, 4), std::invalid_argument);
  EXPECT_THROW(vae::axisVector(4, -1), std::invalid_argument);
  EXPECT_THROW(vae::axisVector(0, 0), std::invalid_argument);
}

// Checks the four corners and centre of an n x n grid (n odd) against base +- span along the axes:
// top-left = (-x, +y), top-right = (+x, +y), bottom-left = (-x, -y), bottom-right = (+x, -y).
void expectGridCorners(const torch::Tensor& grid, const torch::Tensor& base, const torch::Tensor& ax,
                       const torch::Tensor& ay, int64_t n, double span) {
  ASSERT_EQ(grid.sizes(), (std::vector<int64_t>{n * n, base.size(0)}));
  auto at = [&](int64_t row, int64_t col) { return grid[row * n + col]; };
  const double tol = 1e-5;
  EXPECT_TRUE(torch::allclose(at(0, 0), base - span * ax + span * ay, 0.0, tol)) << "top-left";
  EXPECT_TRUE(torch::allclose(at(0, n - 1), base + span * ax + span * ay, 0.0, tol)) << "top-right";
  EXPECT_TRUE(torch::allclose(at(n - 1, 0), base - span * ax - span * ay, 0.0, tol)) << "bottom-left";
  EXPECT_TRUE(torch::allclose(at(n - 1, n - 1), base + span * ax - span * ay, 0.0, tol)) << "bottom-right";
  EXPECT_TRUE(torch::allclose(at(n / 2, n / 2), base, 0.0, tol)) << "centre";
}

TEST_F(LatentToolsTest, LatentGridOverPlainDimensions) {
  torch::Tensor base = vec({0.5f, -1.0f, 2.0f, 0.25f});
  torch::Tensor ax = vae::axisVector(4, 0), ay = vae::axisVector(4, 2);

  torch::Tensor grid = vae::latentGrid(base, ax, ay, /*n=*/3, /*span=*/2.0);

  expectGridCorners(grid, base, ax, ay, 3, 2.0);
  // Explicit numbers for the top-left cell: x = -2 on dim 0, y = +2 on dim 2.
  EXPECT_TRUE(torch::allclose(grid[0], vec({-1.5f, -1.0f, 4.0f, 0.25f})));
  // Dims not on an axis never move.
  EXPECT_TRUE(torch::equal(grid.select(1, 1), torch::full({9}, -1.0f)));
  EXPECT_TRUE(torch::equal(grid.select(1, 3), torch::full({9}, 0.25f)));
  // Along a row only x changes (left to right increasing); down a column only y (decreasing).
  EXPECT_TRUE(torch::allclose(grid.select(1, 0).view({3, 3})[1], vec({-1.5f, 0.5f, 2.5f})));
  EXPECT_TRUE(torch::allclose(grid.select(1, 2).view({3, 3}).select(1, 1), vec({4.0f, 2.0f, 0.0f})));
}

TEST_F(LatentToolsTest, LatentGridOverPcaAxes) {
  CorrelatedCodes c = correlatedCodes(300);
  vae::PcaAxes pca = vae::pcaAxes(c.mu, 2);
  torch::Tensor ax = pca.axes[0], ay = pca.axes[1];
  const double span = 1.5;

  torch::Tensor grid = vae::latentGrid(pca.mean, ax, ay, /*n=*/5, span);

  expectGridCorners(grid, pca.mean, ax, ay, 5, span);
  // Coordinates of the cells in the PCA frame: x runs -span..span along a row, y +span..-span down.
  torch::Tensor coords = (grid - pca.mean).matmul(pca.axes.t()).view({5, 5, 2});
  torch::Tensor steps = vec({-1.5f, -0.75f, 0.0f, 0.75f, 1.5f});
  EXPECT_TRUE(torch::allclose(coords[0].select(1, 0), steps, 0.0, 1e-5));
  EXPECT_TRUE(torch::allclose(coords.select(1, 0).select(1, 1), steps.flip(0), 0.0, 1e-5));
}

TEST_F(LatentToolsTest, LatentGridOfOneIsTheBase) {
  torch::Tensor base = vec({1.0f, 2.0f, 3.0f});

  torch::Tensor grid = vae::latentGrid(base, vae::axisVector(3, 0), vae::axisVector(3, 1), 1, 3.0);

  ASSERT_EQ(grid.sizes(), (std::vector<int64_t>{1, 3}));
  EXPECT_TRUE(torch::equal(grid[0], base));
}

TEST_F(LatentToolsTest, LatentGridRejectsBadArguments) {
  torch::Tensor base = torch::zeros({4});
  torch::Tensor ax = vae::axisVector(4, 0), ay = vae::axisVector(4, 1);
  EXPECT_THROW(vae::latentGrid(base, ax, ay, 0, 1.0), std::invalid_argument);
  EXPECT_THROW(vae::latentGrid(base, vae::axisVector(3, 0), ay, 3, 1.0), std::invalid_argument);
  EXPECT_THROW(vae::latentGrid(base, ax, torch::zeros({4, 1}), 3, 1.0), std::invalid_argument);
  EXPECT_THROW(vae::latentGrid(torch::zeros({2, 4}), ax, ay, 3, 1.0), std::invalid_argument);
}

// ---- interpolation ---------------------------------------------------------------------------

TEST_F(LatentToolsTest, LerpAndSlerpEndpointsAreExactlyTheInputs) {
  torch::Tensor a = torch::randn({6}), b = torch::randn({6});
  for (const auto& interpolate : {vae::lerp, vae::slerp}) {
    torch::Tensor path = interpolate(a, b, 7);
    ASSERT_EQ(path.sizes(), (std::vector<int64_t>{7, 6}));
    EXPECT_TRUE(torch::equal(path[0], a));
    EXPECT_TRUE(torch::equal(path[6], b));
  }
}

TEST_F(LatentToolsTest, LerpIsEvenlySpaced) {
  torch::Tensor path = vae::lerp(vec({0.0f, 10.0f}), vec({4.0f, 2.0f}), 5);
  EXPECT_TRUE(torch::allclose(path, torch::tensor({{0.0f, 10.0f}, {1.0f, 8.0f}, {2.0f, 6.0f}, {3.0f, 4.0f},
                                                   {4.0f, 2.0f}})));
}

TEST_F(LatentToolsTest, SlerpStaysOnTheSphereWhereLerpCutsInside) {
  torch::Tensor a = vec({1.0f, 0.0f, 0.0f}), b = vec({0.0f, 1.0f, 0.0f});

  torch::Tensor sPath = vae::slerp(a, b, 3);
  torch::Tensor lPath = vae::lerp(a, b, 3);

  EXPECT_NEAR(sPath[1].norm().item<double>(), 1.0, 1e-6);
  EXPECT_NEAR(lPath[1].norm().item<double>(), std::sqrt(0.5), 1e-6);
  // Every slerp point of unit vectors is a unit vector, at evenly spaced angles.
  torch::Tensor fine = vae::slerp(a, b, 7);
  EXPECT_TRUE(torch::allclose(fine.norm(2, {1}), torch::ones({7}), 0.0, 1e-6));
  const double third = std::acos(fine[2].dot(a).item<double>());
  // t = 2/6 of a right angle.
  EXPECT_NEAR(third, M_PI / 6.0, 1e-5);
}

TEST_F(LatentToolsTest, SlerpFallsBackToLerpForParallelVectors) {
  torch::Tensor a = vec({1.0f, 2.0f, -1.0f});
  torch::Tensor b = 3.0 * a;

  torch::Tensor path = vae::slerp(a, b, 4);

  EXPECT_FALSE(torch::isnan(path).any().item<bool>());
  EXPECT_TRUE(torch::allclose(path, vae::lerp(a, b, 4)));
  // A zero end point has no direction either.
  EXPECT_TRUE(torch::allclose(vae::slerp(torch::zeros({3}), b, 4), vae::lerp(torch::zeros({3}), b, 4)));
}

TEST_F(LatentToolsTest, InterpolationRejectsBadArguments) {
  torch::Tensor a = torch::zeros({4}), b = torch::ones({4});
  for (const auto& interpolate : {vae::lerp, vae::slerp}) {
    EXPECT_THROW(interpolate(a, b, 1), std::invalid_argument);
    EXPECT_THROW(interpolate(a, torch::ones({5}), 3), std::invalid_argument);
    EXPECT_THROW(interpolate(torch::zeros({1, 4}), torch::ones({1, 4}), 3), std::invalid_argument);
  }
}

}  // namespace

// The one definition of active and collapsed that every view uses (through app/core KlReport).
TEST(LatentActivity, ActiveMeansAHundredthOfANatOrMore) {
  EXPECT_TRUE(vae::isActiveDimension(vae::kActiveKlNats));
  EXPECT_TRUE(vae::isActiveDimension(3.0));
  EXPECT_FALSE(vae::isActiveDimension(0.009));
  EXPECT_FALSE(vae::isActiveDimension(std::nan("")));
}

TEST(LatentActivity, CollapseIsFewActiveDimensionsOrLittleKl) {
  EXPECT_FALSE(vae::looksCollapsed({}));                        // no data: no verdict
  EXPECT_FALSE(vae::looksCollapsed({4.0, 3.0, 5.0, 0.0}));      // healthy
  EXPECT_TRUE(vae::looksCollapsed({4.0, 0.0, 0.0}));            // one active dimension of three
  EXPECT_TRUE(vae::looksCollapsed({0.1, 0.1, 0.1}));            // all active, 0.3 nats in total
  EXPECT_FALSE(vae::looksCollapsed({0.25, 0.25}));              // at both thresholds
  EXPECT_TRUE(vae::looksCollapsed(std::vector<double>(20, 0.0)));
  EXPECT_FALSE(vae::looksCollapsed({2.0}));                     // a 1-dimensional model can use all it has
}
