// The compare table's "fills the prior" figure: KL from the moment-matched aggregate posterior to N(0, I).
#include "model/aggregateposterior.h"
#include "model/latentfill.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

// Codes with an exactly known population mean and covariance: (mx ± a, my) and (mx, my ± b).
torch::Tensor crossCodes(double mx, double my, double a, double b) {
  return torch::tensor({mx + a, my, mx - a, my, mx, my + b, mx, my - b}, torch::kFloat64).view({4, 2});
}

// KL(N(m, diag(s)) || N(0, I)) by the textbook formula, per dimension.
double diagonalKl(double m, double s) { return 0.5 * (s + m * m - 1.0 - std::log(s)); }

}  // namespace

TEST(AggregatePosterior, CodesThatMatchThePriorScoreZero) {
  // Mean 0, Cov(mu) = diag(0.5, 0.5), sigma^2 = 0.5: S = I exactly.
  const torch::Tensor mu = crossCodes(0, 0, 1, 1);
  const torch::Tensor logvar = torch::full({4, 2}, std::log(0.5), torch::kFloat64);
  EXPECT_NEAR(vae::aggregatePosteriorKl(mu, logvar), 0.0, 1e-12);
}

TEST(AggregatePosterior, KnownGaussiansGiveTheClosedForm) {
  // Mean (1, -2), Cov(mu) = diag(a^2/2, b^2/2) = diag(2, 0.125), sigma^2 = 0.25 everywhere.
  const torch::Tensor mu = crossCodes(1, -2, 2, 0.5);
  const torch::Tensor logvar = torch::full({4, 2}, std::log(0.25), torch::kFloat64);
  const double expected = diagonalKl(1, 2.0 + 0.25) + diagonalKl(-2, 0.125 + 0.25);
  EXPECT_NEAR(vae::aggregatePosteriorKl(mu, logvar), expected, 1e-12);
  // Float32 codes, as the encoder gives them, agree to float precision.
  EXPECT_NEAR(vae::aggregatePosteriorKl(mu.to(torch::kFloat32), logvar.to(torch::kFloat32)), expected, 1e-5);
}

TEST(AggregatePosterior, CorrelatedCodesCountTheirCorrelation) {
  // Samples of N(0, [[1, r], [r, 1]]): KL = -1/2 log(1 - r^2) for the full covariance, which a per-dimension
  // (diagonal) formula would report as 0.
  torch::manual_seed(3);
  const double r = 0.8;
  const torch::Tensor e = torch::randn({200000, 2}, torch::kFloat64);
  const torch::Tensor mu = torch::stack({e.select(1, 0), r * e.select(1, 0) + std::sqrt(1 - r * r) * e.select(1, 1)}, 1);
  EXPECT_NEAR(vae::aggregatePosteriorKl(mu, torch::Tensor()), -0.5 * std::log(1 - r * r), 0.01);
}

TEST(AggregatePosterior, AnAutoencodersCodesAreJudgedByTheirSpreadAlone) {
  // No logvar (sigma = 0): S = Cov(mu). Codes spread like the prior but shifted by 3 score 3^2/2 = 4.5.
  torch::manual_seed(4);
  const torch::Tensor mu = torch::randn({200000, 1}, torch::kFloat64) + 3.0;
  EXPECT_NEAR(vae::aggregatePosteriorKl(mu, torch::Tensor()), 4.5, 0.02);
}

TEST(AggregatePosterior, ACodeDimensionThatNeverVariesIsInfinitelyFarFromThePrior) {
  const torch::Tensor mu = torch::tensor({0.0, 1.0, 0.0, -1.0, 0.0, 0.5}, torch::kFloat64).view({3, 2});
  EXPECT_EQ(vae::aggregatePosteriorKl(mu, torch::Tensor()), std::numeric_limits<double>::infinity());
}

TEST(AggregatePosterior, RefusesTooFewCodesOrMismatchedShapes) {
  EXPECT_THROW(vae::aggregatePosteriorKl(torch::zeros({1, 2}), torch::Tensor()), std::invalid_argument);
  EXPECT_THROW(vae::aggregatePosteriorKl(torch::zeros({4, 2}), torch::zeros({4, 3})), std::invalid_argument);
}

// The table's active units: by KL for a VAE, by the codes' spread for an autoencoder (no logvar).
TEST(LatentFill, CountsActiveUnitsByKlOrByCodeSpread) {
  // Dimension 0 varies and carries KL; dimension 1 is the prior itself (mu 0, sigma 1: no KL, no spread).
  const torch::Tensor mu = torch::stack({torch::linspace(-2, 2, 50), torch::zeros({50})}, 1);
  const torch::Tensor logvar = torch::stack({torch::full({50}, -2.0), torch::zeros({50})}, 1);
  const vae::LatentFill vaeFill = vae::latentFill({mu, logvar, torch::Tensor()});
  EXPECT_EQ(vaeFill.activeRule, vae::LatentFill::ActiveRule::Kl);
  EXPECT_EQ(vaeFill.activeUnits, 1);
  EXPECT_NEAR(vaeFill.aggregateKl, vae::aggregatePosteriorKl(mu, logvar), 1e-12);

  // The same codes from an autoencoder: dimension 1 never varies, so the codes cannot fill the prior.
  const vae::LatentFill aeFill = vae::latentFill({mu, torch::Tensor(), torch::Tensor()});
  EXPECT_EQ(aeFill.activeRule, vae::LatentFill::ActiveRule::CodeVariance);
  EXPECT_EQ(aeFill.activeUnits, 1);
  EXPECT_TRUE(std::isinf(aeFill.aggregateKl));
}
