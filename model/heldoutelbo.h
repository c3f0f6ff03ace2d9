#pragma once

#include "model/dataset.h"
#include "model/vae.h"

#include <torch/torch.h>

#include <cstdint>
#include <functional>

namespace vae {

// The held-out −ELBO of a model on a dataset (β = 1), nats per image: the mean over every image.
struct HeldOutElbo {
  double total = 0;  // recon + kl
  double recon = 0;  // −E_q[log p(x|z)], one z sample per image
  double kl = 0;     // KL(q(z|x) || N(0, I))
};

// The reparameterisation noise of batch batchIndex, [rows, latentDim].
using BatchNoiseFn = std::function<torch::Tensor(int64_t batchIndex, int64_t rows)>;

// Batches of batchSize images (the last one shorter, weighted by its size), each with noise(batchIndex, rows), so
// the figure is reproducible. Trainer::evaluate and the compare table both use it: one definition of the number.
// An empty dataset gives zeros. A cvae is scored with each image's own label (std::invalid_argument without labels).
HeldOutElbo heldOutElbo(Vae& model, const Dataset& data, const BatchNoiseFn& noise, int64_t batchSize);

}  // namespace vae
