#pragma once

#include <torch/torch.h>

namespace vae {

// How well a model's codes fill the prior: KL(N(m, S) || N(0, I)) for the moment-matched aggregate posterior,
// m = mean of mu, S = Cov(mu) + diag(mean of sigma^2), over the N encoded images (population moments).
// 0 means the codes, taken together, look like samples of N(0, I); a plain autoencoder (logvar undefined:
// sigma = 0) whose codes cluster in islands or sit far from the origin scores high.
//   KL = 1/2 (tr S + m^T m - L - log det S)
// mu [N,L]; logvar [N,L] or undefined. Computed in float64. +infinity when S is singular (a code dimension
// that never varies); std::invalid_argument for fewer than 2 codes or mismatched shapes.
double aggregatePosteriorKl(const torch::Tensor& mu, const torch::Tensor& logvar);

}  // namespace vae
