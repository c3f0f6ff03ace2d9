#include "model/heldoutelbo.h"

#include "model/elbo.h"

#include <algorithm>

namespace vae {

HeldOutElbo heldOutElbo(Vae& model, const Dataset& data, const BatchNoiseFn& noise, int64_t batchSize) {
  HeldOutElbo out;
  if (data.size() == 0) return out;
  torch::NoGradGuard noGrad;
  const VaeConfig& config = model->config();
  double total = 0, recon = 0, kl = 0;
  UnitBatchBuffer buffer;
  for (int64_t begin = 0, batchIndex = 0; begin < data.size(); begin += batchSize, ++batchIndex) {
    const int64_t end = std::min(begin + batchSize, data.size());
    const torch::Tensor& x = buffer.range(data, begin, end);
    // A cvae is scored on each image with its own class (the model throws when the data has no labels).
    const torch::Tensor labels =
        config.isConditional() && data.hasLabels() ? data.labels.slice(0, begin, end) : torch::Tensor();
    const auto result = model->forward(x, noise(batchIndex, x.size(0)), labels);
    const ElboTerms t = negativeElbo(result.logits, x, result.mu, result.logvar, config.likelihood, /*beta=*/1.0,
                                     config.gaussianSigma);
    const double weight = static_cast<double>(x.size(0));
    total += t.total.item<double>() * weight;
    recon += t.recon.item<double>() * weight;
    kl += t.kl.item<double>() * weight;
  }
  const double n = static_cast<double>(data.size());
  out.total = total / n;
  out.recon = recon / n;
  out.kl = kl / n;
  return out;
}

}  // namespace vae
