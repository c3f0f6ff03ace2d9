#include "model/disentanglement.h"
#include "model/datasetloaders.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "tests/support/smallrun.h"

namespace {

constexpr int64_t kImages = 2000;  // the size of the shapes:28 test set
const std::vector<std::string> kNames = {"shape", "scale", "rotation", "x", "y"};

// Factors drawn like makeShapes draws them: a shape index 0..2 and four uniform continuous values.
torch::Tensor shapesLikeFactors(int64_t n, uint64_t seed) {
  torch::manual_seed(seed);
  torch::Tensor shape = torch::randint(0, 3, {n, 1}).to(torch::kFloat);
  torch::Tensor scale = 0.5 + 0.5 * torch::rand({n, 1});
  torch::Tensor rotation = 6.283185307179586 * torch::rand({n, 1});
  torch::Tensor xy = torch::rand({n, 2});
  return torch::cat({shape, scale, rotation, xy}, 1);
}

TEST(Disentanglement, CodeCopyingEachFactorIntoItsOwnDimensionHasMigNearOne) {
  const torch::Tensor factors = shapesLikeFactors(kImages, 1);
  // Factors in shuffled dims, monotone rescalings of them (the estimator bins each dim over its own range), and
  // five dims of noise besides.
  const torch::Tensor codes = torch::cat({torch::randn({kImages, 2}), 2 * factors.select(1, 3).unsqueeze(1) - 1,
                                          factors.select(1, 0).unsqueeze(1), torch::randn({kImages, 3}),
                                          -factors.select(1, 1).unsqueeze(1), factors.slice(1, 4, 5),
                                          0.1 * factors.select(1, 2).unsqueeze(1)},
                                         1);
  const vae::MutualInformation mi = vae::mutualInformation(codes, factors, {}, kNames);
  EXPECT_GE(mi.mig, 0.9);
  EXPECT_LE(mi.mig, 1.0);
  // Each factor's top dimension is the one that copies it.
  const std::vector<int64_t> expectedTop = {3, 7, 9, 2, 8};
  EXPECT_EQ(mi.topDimension, expectedTop);
}

TEST(Disentanglement, CodeOfPureNoiseHasMigNearZero) {
  const torch::Tensor factors = shapesLikeFactors(kImages, 2);
  const vae::MutualInformation mi = vae::mutualInformation(torch::randn({kImages, 10}), factors, {}, kNames);
  EXPECT_LE(mi.mig, 0.05);
  EXPECT_GE(mi.mig, 0.0);
  // Each entry is only the estimator's small bias.
  EXPECT_LT(mi.matrix.max().item<double>(), 0.1);
}

TEST(Disentanglement, FactorCopiedIntoTwoDimensionsHasNoGap) {
  const torch::Tensor factors = shapesLikeFactors(kImages, 3);
  const torch::Tensor x = factors.slice(1, 3, 4);
  const torch::Tensor codes = torch::cat({x, torch::randn({kImages, 2}), 3 * x + 1, factors.slice(1, 0, 3)}, 1);
  const vae::MutualInformation mi = vae::mutualInformation(codes, factors, {}, kNames);
  ASSERT_EQ(mi.gap.size(), 5u);
  EXPECT_NEAR(mi.gap[3], 0.0, 1e-12) << "x lives in two dimensions: neither is a better single carrier";
  EXPECT_GE(mi.gap[0], 0.9) << "shape still has its own dimension";
  EXPECT_GE(mi.at(0, 3), 2.0) << "the copy of x carries nearly all of its log(10) nats";
}

TEST(Disentanglement, DiscreteFactorWithAnIdenticalCopyHasMiEqualToItsEntropy) {
  const torch::Tensor factors = shapesLikeFactors(kImages, 4);
  const torch::Tensor shape = factors.slice(1, 0, 1);
  const vae::MutualInformation mi = vae::mutualInformation(shape.clone(), shape, {true});
  const double h = mi.factorEntropy[0].item<double>();
  EXPECT_NEAR(mi.at(0, 0), h, 1e-12);
  EXPECT_NEAR(h, std::log(3.0), 0.01) << "three shapes drawn uniformly";
  EXPECT_NEAR(mi.gap[0], 1.0, 1e-12);
}

TEST(Disentanglement, ContinuousFactorWithAnIdenticalCopyHasMiEqualToItsBinnedEntropy) {
  // 20 code bins nest in 10 factor bins over the same range: the copy tells the factor's bin exactly.
  const torch::Tensor scale = shapesLikeFactors(kImages, 5).slice(1, 1, 2);
  const vae::MutualInformation mi = vae::mutualInformation(scale.clone(), scale, {false});
  EXPECT_NEAR(mi.at(0, 0), mi.factorEntropy[0].item<double>(), 1e-12);
  EXPECT_NEAR(mi.factorEntropy[0].item<double>(), std::log(10.0), 0.02);
}

TEST(Disentanglement, ConstantDimensionCarriesNothing) {
  const torch::Tensor factors = shapesLikeFactors(kImages, 6);
  const vae::MutualInformation mi = vae::mutualInformation(torch::full({kImages, 1}, 0.3), factors);
  for (int64_t k = 0; k < 5; ++k) EXPECT_EQ(mi.at(0, k), 0.0);
  EXPECT_EQ(mi.mig, 0.0);
}

TEST(Disentanglement, MatrixIsDimensionsByFactorsWithTheirNames) {
  const torch::Tensor factors = shapesLikeFactors(100, 7);
  const vae::MutualInformation mi = vae::mutualInformation(torch::randn({100, 7}), factors, {}, kNames);
  EXPECT_EQ(mi.latentDim(), 7);
  EXPECT_EQ(mi.factorCount(), 5);
  EXPECT_EQ(mi.matrix.sizes(), (std::vector<int64_t>{7, 5}));
  EXPECT_EQ(mi.factorNames, kNames);
  EXPECT_EQ(mi.gap.size(), 5u);
  EXPECT_EQ(mi.images, 100);
  // Unnamed factors get a name all the same.
  const vae::MutualInformation unnamed = vae::mutualInformation(torch::randn({100, 2}), factors.slice(1, 0, 2));
  EXPECT_EQ(unnamed.factorNames, (std::vector<std::string>{"factor 0", "factor 1"}));
}

TEST(Disentanglement, ShapeIndexIsDiscreteAndUniformDrawsAreNot) {
  const torch::Tensor factors = shapesLikeFactors(500, 8);
  EXPECT_TRUE(vae::isDiscreteFactor(factors.select(1, 0)));
  for (int64_t k = 1; k < 5; ++k) EXPECT_FALSE(vae::isDiscreteFactor(factors.select(1, k))) << k;
}

TEST(Disentanglement, MismatchedShapesAreRefused) {
  EXPECT_THROW(vae::mutualInformation(torch::randn({10, 3}), torch::rand({9, 5})), std::invalid_argument);
  EXPECT_THROW(vae::mutualInformation(torch::randn({1, 3}), torch::rand({1, 5})), std::invalid_argument);
  EXPECT_THROW(vae::mutualInformation(torch::randn({10, 3}), torch::rand({10, 2}), {true}), std::invalid_argument);
}

TEST(Disentanglement, DatasetWithoutFactorsIsRefusedInOneLineNamingIt) {
  vae::Vae model(vae::test::tinyModel());
  try {
    vae::disentanglement(model, vae::test::tinyDataset(20));
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("tiny"), std::string::npos) << what;
    EXPECT_NE(what.find("factors"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

TEST(Disentanglement, ModelOnDatasetWithFactorsGivesOneRowPerLatentDimension) {
  vae::Vae model(vae::test::tinyModel());
  vae::Dataset data = vae::test::tinyDataset(64);
  data.factors = shapesLikeFactors(64, 9);
  data.factorNames = kNames;
  const vae::MutualInformation mi = vae::disentanglement(model, data);
  EXPECT_EQ(mi.matrix.sizes(), (std::vector<int64_t>{4, 5}));
  EXPECT_EQ(mi.images, 64);
  EXPECT_EQ(mi.factorNames, kNames);
  EXPECT_TRUE(std::isfinite(mi.mig));
}

// The estimate a live run makes after every epoch, on a test set of shapes:28's size (2 000 images) with the
// classic 784-400-20 MLP: it prints what it costs (the README quotes it) and checks the shape of the result.
TEST(Disentanglement, ShapesTestSetOfTwoThousandImages) {
  vae::ShapesOptions options;
  options.count = 2400;
  options.testFraction = 2000.0 / 2400.0;
  const vae::DatasetSplit split = vae::makeShapes(options);
  ASSERT_EQ(split.test.size(), 2000);
  vae::VaeConfig config;
  config.latentDim = 20;
  vae::Vae model(config);
  const auto start = std::chrono::steady_clock::now();
  const vae::MutualInformation mi = vae::disentanglement(model, split.test);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("MI matrix + MIG of 2000 shapes:28 test images, 784-400-20 MLP: %.0f ms\n", ms);
  RecordProperty("milliseconds", static_cast<int>(ms));
  EXPECT_EQ(mi.matrix.sizes(), (std::vector<int64_t>{20, 5}));
  EXPECT_EQ(mi.images, 2000);
  EXPECT_NEAR(mi.factorEntropy[0].item<double>(), std::log(3.0), 0.01);
}

}  // namespace
