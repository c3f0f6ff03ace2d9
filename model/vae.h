#pragma once

#include "model/vaeconfig.h"

#include <torch/torch.h>

#include <utility>

namespace vae {

// A variational autoencoder: q(z|x) = N(mu, diag(exp(logvar))), p(x|z) from decoder logits.
// With config.kind == ModelKind::Autoencoder the same class is a plain autoencoder: the encoder body and the mu
// head give a deterministic code z = mu = f(x), there is no logvar head (no "logvar.*" parameters), and every
// logvar it hands out is an undefined tensor (it has no variance; a zero-filled logvar would claim variance 1).
// With config.kind == ModelKind::Conditional it is a conditional VAE (Sohn et al. 2015): the one-hot label y
// [B, classCount] is concatenated to the encoder body's output before the mu/logvar heads and to z before the
// decoder's first Linear, for mlp and conv alike. Parameter names are those of a VAE; only the heads and that
// first decoder Linear are classCount inputs wider.
//
// `labels` (int64 [B], values in [0, classCount)) is an undefined tensor by default: a cvae then throws
// std::invalid_argument, every other kind ignores labels.
class VaeImpl : public torch::nn::Module {
 public:
  explicit VaeImpl(const VaeConfig& config);

  // x [B,C,H,W] in [0,1] -> (mu [B,L], logvar [B,L]); an autoencoder's logvar is undefined.
  std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& x, const torch::Tensor& labels = {});
  // z [B,L] -> logits [B,C,H,W]; sigmoid(logits) is the image (Bernoulli mean / Gaussian mean).
  torch::Tensor decode(const torch::Tensor& z, const torch::Tensor& labels = {});
  // z [B,L] -> images [B,C,H,W] in [0,1], no autograd.
  torch::Tensor decodeImages(const torch::Tensor& z, const torch::Tensor& labels = {});

  struct Output {
    torch::Tensor logits, mu, logvar, z;
  };
  // Reparameterised pass: z = mu + eps * exp(logvar / 2). eps [B,L] is passed in so callers control randomness.
  // An autoencoder ignores eps: z = mu, logvar undefined.
  Output forward(const torch::Tensor& x, const torch::Tensor& eps, const torch::Tensor& labels = {});

  // Sets the decoder's output bias to the logit of the data's mean image, so training starts from
  // "the average image" instead of grey (as in Burda et al.'s IWAE code): faster early epochs.
  void initOutputBias(const torch::Tensor& meanImage);

  const VaeConfig& config() const { return config_; }
  bool isAutoencoder() const { return config_.isAutoencoder(); }
  bool isConditional() const { return config_.isConditional(); }
  int64_t classCount() const { return config_.classCount; }

 private:
  // features [B,F] with the one-hot of labels appended ([B,F+classCount]) for a cvae; features as they are for
  // the other kinds. Throws std::invalid_argument (naming `what`) for missing labels, a wrong count or a class
  // out of range.
  torch::Tensor withCondition(const torch::Tensor& features, const torch::Tensor& labels, const char* what) const;

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

// Labels 0, 1, ..., classCount-1, 0, 1, ... for `rows` samples (int64 [rows]): how prior samples of a cvae show every
// class in turn (row i is class i % classCount).
torch::Tensor cyclicClassLabels(int64_t rows, int64_t classCount);

}  // namespace vae
