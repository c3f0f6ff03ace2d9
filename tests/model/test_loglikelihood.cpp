// Issue 19: the importance-weighted estimate of log p(x) (IWAE). K = 1 is the ELBO in expectation, more samples
// never make it worse, and on a 2-D latent it matches log p(x) integrated numerically over a grid of z.
#include "model/bcewithlogits.h"
#include "model/elbo.h"
#include "model/heldoutelbo.h"
#include "model/loglikelihood.h"
#include "model/trainer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "tests/support/smallrun.h"

namespace vae {
namespace {

// A VAE of latent size `latent` trained one epoch on 500 shapes: past "untrained", still quick (< 1 s).
struct TrainedVae {
  DatasetSplit data;
  Vae model{nullptr};
};

TrainedVae trainedVae(int64_t latent) {
  torch::manual_seed(0);
  Trainer trainer(test::smallModel(latent, /*hidden=*/64), test::smallTraining(/*epochs=*/1), test::smallShapes());
  trainer.run();
  return {trainer.data(), trainer.model()};
}

// Mean and standard error of values.
std::pair<double, double> meanAndError(const std::vector<double>& v) {
  const double n = static_cast<double>(v.size());
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
  double squares = 0;
  for (double x : v) squares += (x - mean) * (x - mean);
  return {mean, std::sqrt(squares / (n - 1) / n)};
}

// Noise [B, K, L] from a private generator.
torch::Tensor noise(int64_t images, int64_t samples, int64_t latent, uint64_t seed) {
  at::Generator gen = at::detail::createCPUGenerator(seed);
  return torch::randn({images, samples, latent}, gen, torch::kFloat);
}

TEST(LogLikelihood, OneSampleIsTheElboInExpectation) {
  TrainedVae run = trainedVae(/*latent=*/4);
  const Dataset& test = run.data.test;
  // IWAE with K = 1 is -log w of one code: the ELBO with a sampled KL. heldOutElbo uses the analytic KL; the two
  // agree in expectation, so their means over many seeds agree within the seeds' own scatter.
  constexpr int kSeeds = 40;
  std::vector<double> iwae, elbo;
  for (int seed = 0; seed < kSeeds; ++seed) {
    LogLikelihoodOptions o;
    o.samples = 1;
    o.seed = static_cast<uint64_t>(seed);
    iwae.push_back(estimateLogLikelihood(run.model, test, o)->negLogLikelihood);
    at::Generator gen = at::detail::createCPUGenerator(1000 + static_cast<uint64_t>(seed));
    const BatchNoiseFn batchNoise = [&](int64_t, int64_t rows) {
      return torch::randn({rows, run.model->config().latentDim}, gen, torch::kFloat);
    };
    elbo.push_back(heldOutElbo(run.model, test, batchNoise, /*batchSize=*/50).total);
  }
  const auto [iwaeMean, iwaeError] = meanAndError(iwae);
  const auto [elboMean, elboError] = meanAndError(elbo);
  const double tolerance = 4 * std::hypot(iwaeError, elboError);
  EXPECT_GT(iwaeError, 0) << "the seeds must change the estimate";
  EXPECT_NEAR(iwaeMean, elboMean, tolerance) << "K = 1 " << iwaeMean << " +- " << iwaeError << ", ELBO " << elboMean
                                             << " +- " << elboError;
  // The -ELBO reported beside the estimate has the same expectation (analytic KL, K codes).
  LogLikelihoodOptions many;
  many.samples = 200;
  EXPECT_NEAR(estimateLogLikelihood(run.model, test, many)->negElbo, elboMean, 4 * elboError + 0.05);
}

TEST(LogLikelihood, MoreSamplesNeverMakeItWorse) {
  TrainedVae run = trainedVae(/*latent=*/4);
  const torch::Tensor x = run.data.test.floatImages(0, 100);
  const int64_t latent = run.model->config().latentDim;
  run.model->eval();
  std::vector<torch::Tensor> logP;
  for (int64_t k : {1, 10, 100})
    logP.push_back(importanceWeightedLogLikelihood(run.model, x, noise(100, k, latent, 7 + k), /*chunkDecodes=*/4096));
  for (size_t i = 1; i < logP.size(); ++i) {
    // Paired per image, so the spread between images does not hide a change.
    std::vector<double> gain;
    const torch::Tensor d = logP[i] - logP[i - 1];
    for (int64_t j = 0; j < d.size(0); ++j) gain.push_back(d[j].item<double>());
    const auto [mean, error] = meanAndError(gain);
    EXPECT_GE(mean, -3 * error) << "K step " << i << ": -log p rose by " << -mean << " +- " << error;
  }
  // And the bound does tighten: K = 100 is clearly better than K = 1.
  std::vector<double> gain;
  const torch::Tensor d = logP.back() - logP.front();
  for (int64_t j = 0; j < d.size(0); ++j) gain.push_back(d[j].item<double>());
  const auto [mean, error] = meanAndError(gain);
  EXPECT_GT(mean, 3 * error) << "K = 100 vs 1: " << mean << " +- " << error;
}

// log p(x) = log of the integral of p(x|z) N(z; 0, I) over z in [-6, 6]^2 (the prior mass outside is < 1e-8),
// as a midpoint sum over n x n cells. [B] doubles.
torch::Tensor integratedLogLikelihood(Vae& model, const torch::Tensor& x, int64_t n) {
  torch::NoGradGuard noGrad;
  constexpr double kHalfWidth = 6.0;
  const double cell = 2 * kHalfWidth / static_cast<double>(n);
  const torch::Tensor axis = torch::arange(n, torch::kDouble).mul(cell).add(-kHalfWidth + cell / 2);
  const std::vector<torch::Tensor> mesh = torch::meshgrid({axis, axis}, "ij");
  const torch::Tensor z = torch::stack({mesh[0].reshape(-1), mesh[1].reshape(-1)}, 1);  // [n*n, 2]
  const torch::Tensor logPrior = -0.5 * z.pow(2).sum(1) - std::log(2 * M_PI);
  std::vector<torch::Tensor> perImage;
  for (int64_t i = 0; i < x.size(0); ++i) {
    std::vector<torch::Tensor> parts;
    for (int64_t begin = 0; begin < z.size(0); begin += 8192) {
      const torch::Tensor zs = z.slice(0, begin, std::min(z.size(0), begin + 8192));
      const torch::Tensor logits = model->decode(zs.to(torch::kFloat));
      const torch::Tensor logPxz = reconstructionLogLikelihood(logits, x.slice(0, i, i + 1), Likelihood::Bernoulli);
      parts.push_back(logPxz.to(torch::kDouble) + logPrior.slice(0, begin, begin + zs.size(0)));
    }
    perImage.push_back(torch::logsumexp(torch::cat(parts), 0) + 2 * std::log(cell));
  }
  return torch::stack(perImage);
}

TEST(LogLikelihood, MatchesNumericalIntegrationOnATwoDimensionalLatent) {
  TrainedVae run = trainedVae(/*latent=*/2);
  run.model->eval();
  const torch::Tensor x = run.data.test.floatImages(0, 3);
  const torch::Tensor exact = integratedLogLikelihood(run.model, x, 400);
  // The reference itself has converged: halving the grid changes it by far less than the tolerance.
  const torch::Tensor coarse = integratedLogLikelihood(run.model, x, 200);
  EXPECT_LT((exact - coarse).abs().max().item<double>(), 0.01) << exact << coarse;
  const torch::Tensor iwae = importanceWeightedLogLikelihood(run.model, x, noise(3, 5000, 2, 11), 16384);
  for (int64_t i = 0; i < 3; ++i)
    EXPECT_NEAR(iwae[i].item<double>(), exact[i].item<double>(), 0.1) << "image " << i;
}

TEST(LogLikelihood, DoesNotDependOnTheChunkSize) {
  TrainedVae run = trainedVae(/*latent=*/4);
  const Dataset few = run.data.test.slice(0, 30, "");
  LogLikelihoodOptions big, small;
  big.samples = small.samples = 50;
  small.chunkDecodes = 7;  // one image and 7 of its samples per decode: the logsumexp is split across chunks
  const LogLikelihoodEstimate a = *estimateLogLikelihood(run.model, few, big);
  const LogLikelihoodEstimate b = *estimateLogLikelihood(run.model, few, small);
  EXPECT_NEAR(a.negLogLikelihood, b.negLogLikelihood, 1e-4);
  EXPECT_NEAR(a.negElbo, b.negElbo, 1e-4);
  EXPECT_EQ(a.images, 30);
  EXPECT_GT(a.standardError, 0);
  EXPECT_LE(a.negLogLikelihood, a.negElbo + 3 * a.standardError);
}

TEST(LogLikelihood, ProgressAndCancel) {
  TrainedVae run = trainedVae(/*latent=*/4);
  LogLikelihoodOptions o;
  o.samples = 100;
  o.chunkDecodes = 1000;  // 10 images per chunk
  std::atomic<bool> cancel{false};
  std::vector<int64_t> done;
  const auto result = estimateLogLikelihood(run.model, run.data.test, o, [&](int64_t d, int64_t total) {
    EXPECT_EQ(total, 100);
    done.push_back(d);
    if (d >= 30) cancel = true;
  }, &cancel);
  EXPECT_FALSE(result.has_value());
  EXPECT_EQ(done, (std::vector<int64_t>{10, 20, 30}));
}

TEST(LogLikelihood, RowSumsMatchTheElboReconstruction) {
  torch::manual_seed(1);
  const torch::Tensor x = torch::rand({3, 1, 4, 4});
  const torch::Tensor logits = torch::randn({6, 1, 4, 4}) * 3;  // two decodes per image
  const torch::Tensor repeated = x.repeat_interleave(2, 0);
  for (Likelihood likelihood : {Likelihood::Bernoulli, Likelihood::Gaussian}) {
    const torch::Tensor rows = reconstructionLogLikelihood(logits, x, likelihood, 0.2);
    ASSERT_EQ(rows.size(0), 6);
    const torch::Tensor mu = torch::zeros({6, 2});
    const double recon = negativeElbo(logits, repeated, mu, mu, likelihood, 1.0, 0.2).recon.item<double>();
    EXPECT_NEAR(-rows.mean().item<double>(), recon, 1e-4);
  }
}

TEST(LogLikelihood, RefusesAnAutoencoder) {
  VaeConfig config = test::smallModel(3, 16);
  config.kind = ModelKind::Autoencoder;
  Vae model(config);
  Dataset data = test::smallShapes(60).test;
  try {
    estimateLogLikelihood(model, data, LogLikelihoodOptions{});
    FAIL() << "an autoencoder was estimated";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("autoencoder has no q(z|x)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(importanceWeightedLogLikelihood(model, data.floatImages(0, 2), noise(2, 3, 3, 0), 100),
               std::invalid_argument);
}

// A conditional VAE's figure is log p(x | class): every code decoded with the image's own label. It is a proper
// bound (at or under the −ELBO), the wrong classes make it worse, and unlabelled images are refused.
TEST(LogLikelihood, ConditionalVaeUsesEachImagesClass) {
  const Checkpoint checkpoint = test::trainedCvaeCheckpoint("shapes:28:600", /*epochs=*/2);
  Vae model = checkpoint.makeModel();
  const DatasetSplit data = loadDatasetSpec("shapes:28:600");
  LogLikelihoodOptions options;
  options.samples = 50;
  const LogLikelihoodEstimate own = *estimateLogLikelihood(model, data.test, options);
  EXPECT_LE(own.negLogLikelihood, own.negElbo + 3 * own.standardError);
  Dataset shifted = data.test;
  shifted.labels = (data.test.labels + 1) % 3;
  const LogLikelihoodEstimate wrong = *estimateLogLikelihood(model, shifted, options);
  // The same codes' noise for both (seeded per image): ignored labels would give the very same number. A briefly
  // trained cvae's z still carries much of the shape, so the wrong class costs little, but it costs.
  EXPECT_GT(wrong.negLogLikelihood, own.negLogLikelihood) << "the labels did not reach the model";
  Dataset unlabelled = data.test;
  unlabelled.labels = torch::Tensor();
  EXPECT_THROW(estimateLogLikelihood(model, unlabelled, options), std::invalid_argument);
}

}  // namespace
}  // namespace vae
