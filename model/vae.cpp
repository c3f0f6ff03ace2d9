#include "model/vae.h"

#include <ATen/CPUGeneratorImpl.h>

#include <mutex>
#include <stdexcept>
#include <string>

namespace vae {

namespace nn = torch::nn;

VaeImpl::VaeImpl(const VaeConfig& config) : config_(config) {
  config_.validate();
  const int64_t latent = config_.latentDim;
  const int64_t cond = config_.conditionWidth();  // a cvae's one-hot label, appended to features and to z
  if (config_.architecture == Architecture::Mlp) {
    // Classic VAE: flatten -> [Linear+ReLU]* -> (mu, logvar) heads; decoder mirrors the hidden stack.
    encoderBody_ = nn::Sequential(nn::Flatten());
    int64_t in = config_.imageNumel();
    for (int64_t h : config_.hiddenSizes) {
      encoderBody_->push_back(nn::Linear(in, h));
      encoderBody_->push_back(nn::ReLU());
      in = h;
    }
    muHead_ = nn::Linear(in + cond, latent);
    if (!config_.isAutoencoder()) logvarHead_ = nn::Linear(in + cond, latent);
    decoderBody_ = nn::Sequential();
    int64_t dIn = latent + cond;
    for (auto it = config_.hiddenSizes.rbegin(); it != config_.hiddenSizes.rend(); ++it) {
      decoderBody_->push_back(nn::Linear(dIn, *it));
      decoderBody_->push_back(nn::ReLU());
      dIn = *it;
    }
    decoderBody_->push_back(nn::Linear(dIn, config_.imageNumel()));
  } else {
    // Two stride-2 convolutions halve H and W twice; transposed convolutions undo it.
    const int64_t c1 = config_.convChannels[0], c2 = config_.convChannels[1];
    const int64_t mapH = config_.height / 4, mapW = config_.width / 4;
    convMapChannels_ = c2;
    encoderBody_ = nn::Sequential(
        nn::Conv2d(nn::Conv2dOptions(config_.channels, c1, /*kernel_size=*/4).stride(2).padding(1)), nn::ReLU(),
        nn::Conv2d(nn::Conv2dOptions(c1, c2, /*kernel_size=*/4).stride(2).padding(1)), nn::ReLU(), nn::Flatten(),
        nn::Linear(c2 * mapH * mapW, config_.convHidden), nn::ReLU());
    muHead_ = nn::Linear(config_.convHidden + cond, latent);
    if (!config_.isAutoencoder()) logvarHead_ = nn::Linear(config_.convHidden + cond, latent);
    decoderBody_ = nn::Sequential(
        nn::Linear(latent + cond, config_.convHidden), nn::ReLU(), nn::Linear(config_.convHidden, c2 * mapH * mapW),
        nn::ReLU(), nn::Unflatten(nn::UnflattenOptions(1, {c2, mapH, mapW})),
        nn::ConvTranspose2d(nn::ConvTranspose2dOptions(c2, c1, /*kernel_size=*/4).stride(2).padding(1)), nn::ReLU(),
        nn::ConvTranspose2d(nn::ConvTranspose2dOptions(c1, config_.channels, /*kernel_size=*/4).stride(2).padding(1)));
  }
  register_module("encoder", encoderBody_);
  register_module("mu", muHead_);
  if (logvarHead_) register_module("logvar", logvarHead_);
  register_module("decoder", decoderBody_);
}

torch::Tensor VaeImpl::withCondition(const torch::Tensor& features, const torch::Tensor& labels,
                                     const char* what) const {
  if (!isConditional()) return features;
  const std::string where = std::string("Vae::") + what + ": ";
  if (!labels.defined())
    throw std::invalid_argument(where + "a cvae needs the class labels of its " + std::to_string(features.size(0)) +
                                " rows (none given)");
  if (labels.dim() != 1 || labels.size(0) != features.size(0) || labels.is_floating_point())
    throw std::invalid_argument(where + "labels must be integers [" + std::to_string(features.size(0)) +
                                "], one per row");
  const torch::Tensor y = labels.to(torch::kLong);
  if (y.numel() > 0) {
    const int64_t lo = y.min().item<int64_t>(), hi = y.max().item<int64_t>();
    if (lo < 0 || hi >= classCount())
      throw std::invalid_argument(where + "class " + std::to_string(lo < 0 ? lo : hi) + " is outside 0.." +
                                  std::to_string(classCount() - 1));
  }
  // The one-hot in the features' dtype: under bf16 autocast the features are bf16, and cat wants one dtype.
  return torch::cat({features, torch::one_hot(y, classCount()).to(features.scalar_type())}, /*dim=*/1);
}

std::pair<torch::Tensor, torch::Tensor> VaeImpl::encode(const torch::Tensor& x, const torch::Tensor& labels) {
  const torch::Tensor h = withCondition(encoderBody_->forward(x), labels, "encode");
  if (!logvarHead_) return {muHead_->forward(h), torch::Tensor()};  // autoencoder: a code, no variance
  return {muHead_->forward(h), logvarHead_->forward(h)};
}

torch::Tensor VaeImpl::decode(const torch::Tensor& z, const torch::Tensor& labels) {
  torch::Tensor out = decoderBody_->forward(withCondition(z, labels, "decode"));
  return out.view({z.size(0), config_.channels, config_.height, config_.width});
}

torch::Tensor VaeImpl::decodeImages(const torch::Tensor& z, const torch::Tensor& labels) {
  torch::NoGradGuard noGrad;
  return torch::sigmoid(decode(z, labels));
}

void VaeImpl::initOutputBias(const torch::Tensor& meanImage) {
  // Clamped so that an all-black or all-white pixel gives a large but finite logit.
  constexpr double kMinProbability = 1e-3;
  torch::NoGradGuard noGrad;
  torch::Tensor p = meanImage.to(torch::kFloat).clamp(kMinProbability, 1.0 - kMinProbability);
  torch::Tensor logit = torch::log(p) - torch::log1p(-p);
  torch::nn::Module& last = *decoderBody_->children().back();
  torch::Tensor bias = last.named_parameters(/*recurse=*/false)["bias"];
  if (config_.architecture == Architecture::Mlp)
    bias.copy_(logit.reshape({-1}));
  else  // a transposed convolution has one bias per channel
    bias.copy_(logit.reshape({config_.channels, -1}).mean(1));
}

VaeImpl::Output VaeImpl::forward(const torch::Tensor& x, const torch::Tensor& eps, const torch::Tensor& labels) {
  auto [mu, logvar] = encode(x, labels);
  if (!logvar.defined()) return {decode(mu, labels), mu, logvar, mu};  // autoencoder: deterministic z = f(x)
  // Reparameterisation: z = mu + eps * sigma keeps z differentiable in mu and logvar.
  torch::Tensor z = torch::addcmul(mu, eps, torch::exp(0.5 * logvar));
  return {decode(z, labels), mu, logvar, z};
}

namespace {
std::mutex& weightInitMutex() {
  static std::mutex mutex;
  return mutex;
}
}  // namespace

Vae makeSeededVae(const VaeConfig& config, uint64_t seed) {
  std::lock_guard<std::mutex> lock(weightInitMutex());
  torch::manual_seed(seed);
  return Vae(config);
}

Vae makeUntrainedVae(const VaeConfig& config) {
  std::lock_guard<std::mutex> lock(weightInitMutex());
  at::Generator gen = at::detail::getDefaultCPUGenerator();
  torch::Tensor state;
  {
    std::lock_guard<std::mutex> genLock(gen.mutex());
    state = gen.get_state();
  }
  Vae model(config);
  {
    std::lock_guard<std::mutex> genLock(gen.mutex());
    gen.set_state(state);
  }
  return model;
}

torch::Tensor cyclicClassLabels(int64_t rows, int64_t classCount) {
  if (classCount < 1) throw std::invalid_argument("cyclicClassLabels: classCount must be >= 1");
  return torch::arange(rows, torch::kLong).remainder(classCount);
}

}  // namespace vae
