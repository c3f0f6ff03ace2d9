#pragma once

#include "model/vaeconfig.h"

#include <torch/torch.h>

#include <utility>

namespace vae {

// A variational autoencoder: q(z|x) = N(mu, diag(exp(logvar))), p(x|z) from decoder logits.
// With config.kind == ModelKind::Autoencoder the same class is a plain autoencoder: the encoder body and the mu
// head give a deterministic code z = mu = f(x), there is no logvar head (no "logvar.*" parameters), and every
// logvar it hands out is an undefined tensor (it has no variance; a zero-filled logvar would claim variance 1).
class VaeImpl : public torch::nn::Module {
 public:
  explicit VaeImpl(const VaeConfig& config);

  // x [B,C,H,W] in [0,1] -> (mu [B,L], logvar [B,L]); an autoencoder's logvar is undefined.
  std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& x);
  // z [B,L] -> logits [B,C,H,W]; sigmoid(logits) is the image (Bernoulli mean / Gaussian mean).
  torch::Tensor decode(const torch::Tensor& z);
  // z [B,L] -> images [B,C,H,W] in [0,1], no autograd.
  torch::Tensor decodeImages(const torch::Tensor& z);

  struct Output {
    torch::Tensor logits, mu, logvar, z;
  };
  // Reparameterised pass: z = mu + eps * exp(logvar / 2). eps [B,L] is passed in so callers control randomness.
  // An autoencoder ignores eps: z = mu, logvar undefined.
  Output forward(const torch::Tensor& x, const torch::Tensor& eps);

  // Sets the decoder's output bias to the logit of the data's mean image, so training starts from
  // "the average image" instead of grey (as in Burda et al.'s IWAE code): faster early epochs.
  void initOutputBias(const torch::Tensor& meanImage);

  const VaeConfig& config() const { return config_; }
  bool isAutoencoder() const { return config_.isAutoencoder(); }

 private:
  VaeConfig config_;
  // mlp
  torch::nn::Sequential encoderBody_{nullptr};
  torch::nn::Linear muHead_{nullptr}, logvarHead_{nullptr};
  torch::nn::Sequential decoderBody_{nullptr};
  // conv: decoder starts with a Linear to a [C2, H/4, W/4] map
  int64_t convMapChannels_ = 0;
};
TORCH_MODULE(Vae);

// Initial weights come from LibTorch's process-wide generator. These two builders share one lock, so a
// model built for its weights to be overwritten (from a checkpoint or a snapshot, on any thread) never
// draws in the middle of a training run's seeded initialisation.
// A model with the initial weights of `seed` (what a Trainer starts from).
Vae makeSeededVae(const VaeConfig& config, uint64_t seed);
// A model whose weights are about to be overwritten; the global generator's state is left as it was.
Vae makeUntrainedVae(const VaeConfig& config);

}  // namespace vae
