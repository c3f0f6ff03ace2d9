#include "model/loglikelihood.h"

#include "model/elbo.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace vae {

namespace {

void requireEncoderVariance(const Vae& model) {
  if (model->isAutoencoder()) throw std::invalid_argument(autoencoderHasNoLikelihoodBound());
}

// splitmix64's finaliser: neighbouring (seed, image) pairs get unrelated generator seeds.
uint64_t mix(uint64_t v) {
  v += 0x9e3779b97f4a7c15ULL;
  v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ULL;
  v = (v ^ (v >> 27)) * 0x94d049bb133111ebULL;
  return v ^ (v >> 31);
}

// eps [end - begin, K, L]: image i's codes from its own generator, so a chunk boundary never shifts the noise.
torch::Tensor imageNoise(uint64_t seed, int64_t begin, int64_t end, int64_t samples, int64_t latent) {
  std::vector<torch::Tensor> rows;
  rows.reserve(static_cast<size_t>(end - begin));
  for (int64_t i = begin; i < end; ++i) {
    at::Generator gen = at::detail::createCPUGenerator(mix(seed ^ mix(static_cast<uint64_t>(i))));
    rows.push_back(torch::randn({samples, latent}, gen, torch::kFloat));
  }
  return torch::stack(rows);
}

// Puts a model back in the mode it had: the GUI may hand over a copy that someone later trains.
class EvalModeScope {
 public:
  explicit EvalModeScope(Vae& model) : model_(model), wasTraining_(model->is_training()) { model_->eval(); }
  ~EvalModeScope() { model_->train(wasTraining_); }
  EvalModeScope(const EvalModeScope&) = delete;
  EvalModeScope& operator=(const EvalModeScope&) = delete;

 private:
  Vae& model_;
  bool wasTraining_;
};

LogLikelihoodEstimate summarise(const std::vector<double>& negLogP, double negElboSum, int64_t samples) {
  LogLikelihoodEstimate out;
  out.images = static_cast<int64_t>(negLogP.size());
  out.samples = samples;
  const double n = static_cast<double>(negLogP.size());
  double sum = 0;
  for (double v : negLogP) sum += v;
  out.negLogLikelihood = sum / n;
  double squares = 0;
  for (double v : negLogP) squares += (v - out.negLogLikelihood) * (v - out.negLogLikelihood);
  // The sample standard deviation (n - 1): the spread of images, of which the test set is one draw.
  out.standardError = negLogP.size() > 1 ? std::sqrt(squares / (n - 1)) / std::sqrt(n) : 0.0;
  out.negElbo = negElboSum / n;
  return out;
}

}  // namespace

const char* autoencoderHasNoLikelihoodBound() {
  return "a plain autoencoder has no q(z|x), so it has no likelihood bound (estimate log p(x) of a VAE)";
}

torch::Tensor importanceWeightedLogLikelihood(Vae& model, const torch::Tensor& x, const torch::Tensor& noise,
                                              int64_t chunkDecodes, torch::Tensor* negElbo,
                                              const std::atomic<bool>* cancel, const torch::Tensor& labels) {
  requireEncoderVariance(model);
  torch::NoGradGuard noGrad;
  const VaeConfig& config = model->config();
  const auto [mu, logvar] = model->encode(x, labels);  // [B, L] each
  const int64_t images = x.size(0), samples = noise.size(1), latent = mu.size(1);
  const torch::Tensor sigma = (0.5 * logvar).exp().unsqueeze(1);
  // log N(z; 0, I) - log N(z; mu, sigma^2) = -|z|^2/2 + |eps|^2/2 + sum(logvar)/2: the 2*pi terms cancel.
  const torch::Tensor halfLogvarSum = (0.5 * logvar.sum(1)).unsqueeze(1);
  const int64_t perChunk = std::clamp<int64_t>(chunkDecodes / std::max<int64_t>(1, images), 1, samples);
  std::vector<torch::Tensor> partialLogSumExp;
  torch::Tensor logLikelihoodSum = torch::zeros({images}, torch::kDouble);
  for (int64_t s0 = 0; s0 < samples; s0 += perChunk) {
    if (cancel && cancel->load()) return {};  // one image with a huge K may take many chunks
    const int64_t s1 = std::min(samples, s0 + perChunk);
    const torch::Tensor eps = noise.slice(/*dim=*/1, s0, s1);  // [B, S, L]
    const torch::Tensor z = mu.unsqueeze(1) + sigma * eps;
    // Rows are image-major (image b's codes together), so each label repeats once per code.
    const torch::Tensor rowLabels = labels.defined() ? labels.repeat_interleave(s1 - s0) : labels;
    const torch::Tensor logits = model->decode(z.reshape({-1, latent}), rowLabels);
    const torch::Tensor logPxz =
        reconstructionLogLikelihood(logits, x, config.likelihood, config.gaussianSigma).view({images, s1 - s0});
    const torch::Tensor logPriorOverQ = -0.5 * z.pow(2).sum(2) + 0.5 * eps.pow(2).sum(2) + halfLogvarSum;
    // Doubles from here: K = 5000 weights summed in float would lose the last digits the tests compare.
    const torch::Tensor logW = logPxz.to(torch::kDouble) + logPriorOverQ.to(torch::kDouble);
    partialLogSumExp.push_back(torch::logsumexp(logW, /*dim=*/1));
    logLikelihoodSum += logPxz.to(torch::kDouble).sum(1);
  }
  if (negElbo)
    *negElbo = -logLikelihoodSum / static_cast<double>(samples) + klElementwise(mu, logvar).sum(1).to(torch::kDouble);
  return torch::logsumexp(torch::stack(partialLogSumExp, /*dim=*/1), /*dim=*/1) -
         std::log(static_cast<double>(samples));
}

std::optional<LogLikelihoodEstimate> estimateLogLikelihood(Vae& model, const Dataset& data,
                                                           const LogLikelihoodOptions& options,
                                                           const LogLikelihoodProgress& progress,
                                                           const std::atomic<bool>* cancel) {
  requireEncoderVariance(model);
  if (options.samples < 1)
    throw std::invalid_argument("the number of samples must be at least 1, got " + std::to_string(options.samples));
  if (data.size() == 0) throw std::invalid_argument("there are no images to estimate log p(x) on");
  if (model->config().isConditional() && !data.hasLabels())
    throw std::invalid_argument("a conditional VAE estimates log p(x | class): " + data.name + " has no labels");
  torch::NoGradGuard noGrad;
  const EvalModeScope evalMode(model);
  const int64_t total = data.size(), samples = options.samples, latent = model->config().latentDim;
  const int64_t chunkDecodes = std::max<int64_t>(1, options.chunkDecodes);
  const int64_t rowsPerChunk = std::max<int64_t>(1, chunkDecodes / samples);
  std::vector<double> negLogP;
  negLogP.reserve(static_cast<size_t>(total));
  double negElboSum = 0;
  UnitBatchBuffer buffer;
  for (int64_t begin = 0; begin < total; begin += rowsPerChunk) {
    if (cancel && cancel->load()) return std::nullopt;
    const int64_t end = std::min(total, begin + rowsPerChunk);
    const torch::Tensor& x = buffer.range(data, begin, end);
    torch::Tensor negElbo;
    // A conditional VAE's figure is log p(x | y): each image decoded with its own class.
    const torch::Tensor labels =
        model->config().isConditional() ? data.labels.slice(0, begin, end) : torch::Tensor();
    const torch::Tensor logP = importanceWeightedLogLikelihood(
        model, x, imageNoise(options.seed, begin, end, samples, latent), chunkDecodes, &negElbo, cancel, labels);
    if (!logP.defined()) return std::nullopt;
    const auto values = logP.accessor<double, 1>();
    for (int64_t i = 0; i < values.size(0); ++i) negLogP.push_back(-values[i]);
    negElboSum += negElbo.sum().item<double>();
    if (progress) progress(end, total);
  }
  return summarise(negLogP, negElboSum, samples);
}

}  // namespace vae
