#include "model/elbo.h"

#include "model/bcewithlogits.h"

#include <cmath>

namespace vae {

torch::Tensor klElementwise(const torch::Tensor& mu, const torch::Tensor& logvar) {
  return 0.5 * (mu.pow(2) + logvar.exp() - logvar - 1.0);
}

ElboTerms negativeElbo(const torch::Tensor& logits, const torch::Tensor& x, const torch::Tensor& mu,
                       const torch::Tensor& logvar, Likelihood likelihood, double beta, double gaussianSigma) {
  const double batch = static_cast<double>(x.size(0));
  torch::Tensor reconSum;
  if (likelihood == Likelihood::Bernoulli) {
    // max(l,0) - l*x + log1p(exp(-|l|)): no overflow, no log(0); one fused pass for float32.
    reconSum = bceWithLogitsSum(logits, x);
  } else {
    // -log N(x; mean, sigma^2) per pixel, normalising constant included so it is a true nats figure.
    const double logNorm = std::log(gaussianSigma) + 0.5 * std::log(2.0 * M_PI);
    torch::Tensor diff = (x - torch::sigmoid(logits)) / gaussianSigma;
    reconSum = 0.5 * diff.pow(2).sum() + logNorm * static_cast<double>(x.numel());
  }
  torch::Tensor klElems = klElementwise(mu, logvar);
  ElboTerms terms;
  terms.recon = reconSum / batch;
  terms.kl = klElems.sum() / batch;
  terms.total = terms.recon + beta * terms.kl;
  terms.klPerDim = klElems.detach().mean(0);
  return terms;
}

}  // namespace vae
