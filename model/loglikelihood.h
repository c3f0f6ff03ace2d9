#pragma once

#include "model/dataset.h"
#include "model/vae.h"

#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>

namespace vae {

// The importance-weighted estimate of log p(x) (Burda, Grosse & Salakhutdinov 2016, "IWAE"): for each image,
// K codes z_k = mu + sigma * eps_k from q(z|x) weigh log w_k = log p(x|z_k) + log N(z_k; 0, I) - log q(z_k|x), and
// log p^(x) = logsumexp_k log w_k - log K. It is a lower bound on log p(x) in expectation that tightens as K grows
// (K = 1 is the ELBO) and converges to log p(x).
struct LogLikelihoodOptions {
  // Samples K per image. 1000 keeps the bound's gap small for MNIST-size models (Burda et al. report 5000;
  // the difference is usually < 0.5 nats) while 10 000 test images take minutes on two cores.
  int64_t samples = 1000;
  // Decodes per chunk (images x samples): bounds memory (one chunk of 784-pixel logits is ~50 MB at 16 384)
  // while keeping the decoder's matrix products large enough to run at full BLAS speed.
  int64_t chunkDecodes = 16384;
  // The noise of image i comes from a generator seeded by (seed, i): the estimate does not depend on the
  // chunk size, the thread count or which images are evaluated before it.
  uint64_t seed = 0;
};

struct LogLikelihoodEstimate {
  double negLogLikelihood = 0;  // mean over images of -log p^(x), nats per image
  double standardError = 0;     // sample std of the per-image -log p^(x) / sqrt(images)
  // -ELBO (beta = 1) from the same codes: mean over images of -mean_k log p(x|z_k) + KL(q(z|x) || N(0,I)),
  // the analytic KL as in heldOutElbo (Trainer's test loss), with K codes instead of one, so it has the same
  // expectation and a smaller variance.
  double negElbo = 0;
  int64_t images = 0;
  int64_t samples = 0;
};

// Called after each chunk with the images done so far and the total.
using LogLikelihoodProgress = std::function<void(int64_t done, int64_t total)>;

// log p^(x) of each image of x [B, C, H, W] with K = samples codes each: [B] (double). noise [B, K, L] is the eps
// of each code; with negElbo non-null, also writes [B] of -mean_k log p(x|z_k) + KL(q || p) there. Samples are
// decoded in chunks of at most chunkDecodes rows (the logsumexp is combined across chunks), so one image with
// a huge K stays bounded too. Returns an undefined tensor when *cancel became true (checked between chunks).
// Throws std::invalid_argument for an autoencoder (it has no q(z|x)). A conditional VAE needs labels [B] (int64):
// its figure is log p(x | y), every code of an image decoded with the image's class.
torch::Tensor importanceWeightedLogLikelihood(Vae& model, const torch::Tensor& x, const torch::Tensor& noise,
                                              int64_t chunkDecodes, torch::Tensor* negElbo = nullptr,
                                              const std::atomic<bool>* cancel = nullptr,
                                              const torch::Tensor& labels = {});

// The estimate over a whole dataset, in eval mode with no autograd. Returns nullopt when *cancel became true
// (checked between chunks). Throws std::invalid_argument for an autoencoder, samples < 1 or an empty dataset.
std::optional<LogLikelihoodEstimate> estimateLogLikelihood(Vae& model, const Dataset& data,
                                                           const LogLikelihoodOptions& options,
                                                           const LogLikelihoodProgress& progress = {},
                                                           const std::atomic<bool>* cancel = nullptr);

// The message estimateLogLikelihood throws for an autoencoder, for callers that refuse earlier with the same words.
const char* autoencoderHasNoLikelihoodBound();

}  // namespace vae
