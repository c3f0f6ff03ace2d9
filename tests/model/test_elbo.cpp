#include "model/bcewithlogits.h"
#include "model/elbo.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vae {
namespace {

double bce(double x, double p) { return -(x * std::log(p) + (1 - x) * std::log(1 - p)); }
double logit(double p) { return std::log(p / (1 - p)); }

TEST(Elbo, BernoulliMatchesHandComputedValue) {
  // Two images of two pixels, latent dim 2, every term computed by hand.
  const double p[2][2] = {{0.8, 0.3}, {0.5, 0.9}};
  const double x[2][2] = {{1.0, 0.0}, {0.25, 1.0}};
  torch::Tensor logits = torch::tensor({{logit(0.8), logit(0.3)}, {logit(0.5), logit(0.9)}}, torch::kDouble);
  torch::Tensor xs = torch::tensor({{1.0, 0.0}, {0.25, 1.0}}, torch::kDouble);
  torch::Tensor mu = torch::tensor({{0.5, -1.0}, {0.0, 2.0}}, torch::kDouble);
  torch::Tensor logvar = torch::tensor({{0.0, std::log(0.5)}, {std::log(2.0), 0.0}}, torch::kDouble);

  double recon = 0;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) recon += bce(x[i][j], p[i][j]);
  recon /= 2;
  // 0.5 * (mu^2 + sigma^2 - log sigma^2 - 1) for each of the four (image, dim) pairs.
  const double kl00 = 0.5 * (0.25 + 1 - 0 - 1);
  const double kl01 = 0.5 * (1 + 0.5 - std::log(0.5) - 1);
  const double kl10 = 0.5 * (0 + 2 - std::log(2.0) - 1);
  const double kl11 = 0.5 * (4 + 1 - 0 - 1);
  const double kl = (kl00 + kl01 + kl10 + kl11) / 2;
  const double beta = 0.5;

  ElboTerms t = negativeElbo(logits, xs, mu, logvar, Likelihood::Bernoulli, beta);
  EXPECT_NEAR(t.recon.item<double>(), recon, 1e-9);
  EXPECT_NEAR(t.kl.item<double>(), kl, 1e-9);
  EXPECT_NEAR(t.total.item<double>(), recon + beta * kl, 1e-9);
  EXPECT_NEAR(t.klPerDim[0].item<double>(), (kl00 + kl10) / 2, 1e-9);
  EXPECT_NEAR(t.klPerDim[1].item<double>(), (kl01 + kl11) / 2, 1e-9);
}

TEST(Elbo, GaussianMatchesHandComputedValue) {
  const double sigma = 0.1;
  torch::Tensor logits = torch::tensor({{0.0, logit(0.75)}}, torch::kDouble);  // means 0.5 and 0.75
  torch::Tensor xs = torch::tensor({{0.6, 0.7}}, torch::kDouble);
  torch::Tensor zeros = torch::zeros({1, 2}, torch::kDouble);
  const double logNorm = std::log(sigma) + 0.5 * std::log(2 * M_PI);
  const double expected = 0.5 * std::pow(0.1 / sigma, 2) + 0.5 * std::pow(0.05 / sigma, 2) + 2 * logNorm;
  ElboTerms t = negativeElbo(logits, xs, zeros, zeros, Likelihood::Gaussian, 1.0, sigma);
  EXPECT_NEAR(t.recon.item<double>(), expected, 1e-9);
}

TEST(Elbo, KlIsZeroAtThePrior) {
  torch::Tensor mu = torch::zeros({5, 7});
  torch::Tensor logvar = torch::zeros({5, 7});
  ElboTerms t = negativeElbo(torch::zeros({5, 3}), torch::full({5, 3}, 0.5), mu, logvar, Likelihood::Bernoulli, 1.0);
  EXPECT_EQ(t.kl.item<double>(), 0.0);
  EXPECT_TRUE(torch::all(t.klPerDim == 0).item<bool>());
  // Any move away from the prior costs KL.
  ElboTerms moved = negativeElbo(torch::zeros({5, 3}), torch::full({5, 3}, 0.5), mu + 0.1, logvar,
                                 Likelihood::Bernoulli, 1.0);
  EXPECT_GT(moved.kl.item<double>(), 0.0);
}

TEST(Elbo, BernoulliIsFiniteForExtremeLogits) {
  torch::Tensor logits = torch::tensor({{-1000.0f, 1000.0f, 80.0f}});
  torch::Tensor xs = torch::tensor({{1.0f, 0.0f, 1.0f}});
  torch::Tensor zeros = torch::zeros({1, 2});
  ElboTerms t = negativeElbo(logits, xs, zeros, zeros, Likelihood::Bernoulli, 1.0);
  EXPECT_TRUE(std::isfinite(t.total.item<double>()));
  EXPECT_NEAR(t.recon.item<double>(), 2000.0, 1e-2);  // -log sigmoid(-1000) ~ 1000, twice
}

// d(-ELBO)/d(mu) and d(-ELBO)/d(logvar) through z = mu + eps * exp(logvar/2), checked against
// central finite differences of the same function with eps held fixed.
TEST(Elbo, ReparameterisationGradientsMatchFiniteDifferences) {
  torch::manual_seed(3);
  const int64_t batch = 3, latent = 4, pixels = 6;
  torch::Tensor weight = torch::randn({latent, pixels}, torch::kDouble);
  torch::Tensor x = torch::rand({batch, pixels}, torch::kDouble);
  torch::Tensor eps = torch::randn({batch, latent}, torch::kDouble);
  auto loss = [&](const torch::Tensor& mu, const torch::Tensor& logvar) {
    torch::Tensor z = mu + eps * torch::exp(0.5 * logvar);
    return negativeElbo(z.matmul(weight), x, mu, logvar, Likelihood::Bernoulli, 0.7).total;
  };
  torch::Tensor mu = torch::randn({batch, latent}, torch::kDouble).requires_grad_(true);
  torch::Tensor logvar = (0.3 * torch::randn({batch, latent}, torch::kDouble)).requires_grad_(true);
  loss(mu, logvar).backward();

  const double h = 1e-6;
  torch::NoGradGuard noGrad;
  for (torch::Tensor* param : {&mu, &logvar}) {
    torch::Tensor grad = param->grad();
    for (int64_t i = 0; i < param->numel(); ++i) {
      torch::Tensor plus = param->detach().clone(), minus = param->detach().clone();
      plus.view(-1)[i] += h;
      minus.view(-1)[i] -= h;
      const bool isMu = param == &mu;
      const double fPlus = (isMu ? loss(plus, logvar) : loss(mu, plus)).item<double>();
      const double fMinus = (isMu ? loss(minus, logvar) : loss(mu, minus)).item<double>();
      EXPECT_NEAR(grad.view(-1)[i].item<double>(), (fPlus - fMinus) / (2 * h), 1e-5) << (isMu ? "mu" : "logvar") << i;
    }
  }
}

}  // namespace
}  // namespace vae

namespace vae {
namespace {

// The fused float32 BCE (one pass, gradient kept) against LibTorch's own, value and gradient.
TEST(BceWithLogits, FusedMatchesLibTorchInValueAndGradient) {
  torch::manual_seed(3);
  // Ordinary logits, far-out ones (exp(-|l|) underflows) and a batch that spans several parallel chunks.
  torch::Tensor logits = torch::cat({torch::randn({100000}) * 4, torch::tensor({-1e4f, -60.f, 0.f, 60.f, 1e4f})});
  torch::Tensor x = torch::rand({logits.numel()});
  x.slice(0, -5).copy_(torch::tensor({0.f, 1.f, 0.5f, 0.f, 1.f}));
  torch::Tensor a = logits.clone().requires_grad_(true);
  torch::Tensor b = logits.clone().requires_grad_(true);
  torch::Tensor fused = bceWithLogitsSum(a, x);
  torch::Tensor reference = torch::binary_cross_entropy_with_logits(b, x, {}, {}, at::Reduction::Sum);
  EXPECT_EQ(fused.scalar_type(), torch::kFloat);
  EXPECT_NEAR(fused.item<double>(), reference.item<double>(), 1e-5 * reference.item<double>());
  (fused * 0.25).backward();
  (reference * 0.25).backward();
  EXPECT_TRUE(torch::allclose(a.grad(), b.grad(), /*rtol=*/1e-5, /*atol=*/1e-7));
}

TEST(BceWithLogits, NonFiniteLogitsGiveANonFiniteSum) {
  // The NaN guard reads the loss: a broken decoder must never look finite.
  const torch::Tensor x = torch::full({4}, 0.5f);
  EXPECT_TRUE(std::isnan(bceWithLogitsSum(torch::tensor({0.f, NAN, 1.f, 2.f}), x).item<float>()));
  EXPECT_FALSE(std::isfinite(bceWithLogitsSum(torch::tensor({0.f, INFINITY, 1.f, 2.f}), x).item<float>()));
}

TEST(BceWithLogits, TheSumDoesNotDependOnTheThreadCount) {
  torch::manual_seed(4);
  const torch::Tensor logits = torch::randn({300000});
  const torch::Tensor x = torch::rand({300000});
  const int threads = at::get_num_threads();
  at::set_num_threads(1);
  const float one = bceWithLogitsSum(logits, x).item<float>();
  at::set_num_threads(2);
  const float two = bceWithLogitsSum(logits, x).item<float>();
  at::set_num_threads(threads);
  EXPECT_EQ(one, two);
}

}  // namespace
}  // namespace vae
