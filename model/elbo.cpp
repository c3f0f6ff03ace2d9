#include "model/elbo.h"

#include "model/bcewithlogits.h"

#include <cmath>

namespace vae {

torch::Tensor klElementwise(const torch::Tensor& mu, const torch::Tensor& logvar) {
  if (!logvar.defined()) return torch::zeros_like(mu.detach());
  return 0.5 * (mu.pow(2) + logvar.exp() - logvar - 1.0);
}

namespace {

// -log N(x; sigmoid(logits), sigma^2) summed over the last dims of a broadcast pair, normalising constant
// included so it is a true nats figure. One formula for the ELBO (differentiable) and the IWAE estimate.
torch::Tensor gaussianNegLogLikelihood(const torch::Tensor& logits, const torch::Tensor& x, double sigma,
                                       int64_t pixels) {
  const double logNorm = std::log(sigma) + 0.5 * std::log(2.0 * M_PI);
  const torch::Tensor diff = (x - torch::sigmoid(logits)) / sigma;
  return 0.5 * diff.pow(2).sum(-1) + logNorm * static_cast<double>(pixels);
}

}  // namespace

torch::Tensor reconstructionLogLikelihood(const torch::Tensor& logits, const torch::Tensor& x, Likelihood likelihood,
                                          double gaussianSigma) {
  if (likelihood == Likelihood::Bernoulli) return -bceWithLogitsRowSums(logits, x);
  const int64_t images = x.size(0), pixels = x[0].numel();
  const int64_t repeats = logits.size(0) / images;
  const torch::Tensor l = logits.detach().reshape({images, repeats, pixels});
  return -gaussianNegLogLikelihood(l, x.detach().reshape({images, 1, pixels}), gaussianSigma, pixels).reshape({-1});
}

ElboTerms negativeElbo(const torch::Tensor& logits, const torch::Tensor& x, const torch::Tensor& mu,
                       const torch::Tensor& logvar, Likelihood likelihood, double beta, double gaussianSigma) {
  const double batch = static_cast<double>(x.size(0));
  torch::Tensor reconSum;
  if (likelihood == Likelihood::Bernoulli) {
    // max(l,0) - l*x + log1p(exp(-|l|)): no overflow, no log(0); one fused pass for float32.
    reconSum = bceWithLogitsSum(logits, x);
  } else {
    const int64_t pixels = x.numel() / x.size(0);
    reconSum = gaussianNegLogLikelihood(logits.reshape({x.size(0), pixels}), x.reshape({x.size(0), pixels}),
                                        gaussianSigma, pixels)
                   .sum();
  }
  ElboTerms terms;
  terms.recon = reconSum / batch;
  if (!logvar.defined()) {  // a plain autoencoder: reconstruction only, beta has nothing to weigh
    terms.kl = torch::zeros({}, terms.recon.options().requires_grad(false));
    terms.total = terms.recon;
    terms.klPerDim = torch::zeros({mu.size(1)}, mu.options().requires_grad(false));
    return terms;
  }
  torch::Tensor klElems = klElementwise(mu, logvar);
  terms.kl = klElems.sum() / batch;
  terms.total = terms.recon + beta * terms.kl;
  terms.klPerDim = klElems.detach().mean(0);
  return terms;
}

}  // namespace vae
