#include "model/elbo.h"

#include "model/bcewithlogits.h"

#include <cmath>

namespace vae {

torch::Tensor klElementwise(const torch::Tensor& mu, const torch::Tensor& logvar) {
  if (!logvar.defined()) return torch::zeros_like(mu.detach());
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
