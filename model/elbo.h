#pragma once

#include "model/vaeconfig.h"

#include <torch/torch.h>

namespace vae {

// The terms of the negative ELBO, each averaged over the batch: nats per image.
struct ElboTerms {
  torch::Tensor total;     // recon + beta * kl (scalar, differentiable)
  torch::Tensor recon;     // -E_q[log p(x|z)] (scalar)
  torch::Tensor kl;        // KL(q(z|x) || N(0,I)) summed over dims (scalar)
  torch::Tensor klPerDim;  // [L] KL of each latent dimension, averaged over the batch (no grad)
};

// Negative ELBO for decoder logits [B,...] against targets x [B,...] in [0,1].
// An undefined logvar (a plain autoencoder's) means there is no KL term: kl = 0, klPerDim = zeros [L],
// total = recon whatever beta is.
// Bernoulli: binary cross-entropy from logits (numerically stable form).
// Gaussian: -log N(x; sigmoid(logits), sigma^2) including the normalising constant.
ElboTerms negativeElbo(const torch::Tensor& logits, const torch::Tensor& x, const torch::Tensor& mu,
                       const torch::Tensor& logvar, Likelihood likelihood, double beta,
                       double gaussianSigma = 0.1);

// log p(x|z) of each decode, nats: logits [M*S, C,H,W] (S decodes of each image) against x [M, C,H,W]; row r
// is scored against image r / S. Returns [M*S], no autograd. The same likelihood as negativeElbo's recon term
// (Bernoulli: -BCE from logits; Gaussian: log N(x; sigmoid(logits), sigma^2) with its normalising constant).
torch::Tensor reconstructionLogLikelihood(const torch::Tensor& logits, const torch::Tensor& x, Likelihood likelihood,
                                          double gaussianSigma = 0.1);

// Analytic KL(N(mu, exp(logvar)) || N(0,1)) per element: 0.5 * (mu^2 + exp(logvar) - logvar - 1).
// Zeros shaped like mu for an undefined logvar (an autoencoder has no KL term).
torch::Tensor klElementwise(const torch::Tensor& mu, const torch::Tensor& logvar);

}  // namespace vae
