#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace vae {

enum class Architecture { Mlp, Conv };
enum class Likelihood { Bernoulli, Gaussian };
// A VAE encodes x to a distribution q(z|x) and pays a KL term; a plain autoencoder encodes x to one
// deterministic code z = f(x) and is trained on reconstruction alone (issue 18: what the KL term buys).
enum class ModelKind { Vae, Autoencoder };

std::string toString(Architecture a);
std::string toString(Likelihood l);
std::string toString(ModelKind k);  // "vae" | "autoencoder", as written in a checkpoint's config
Architecture architectureFromString(const std::string& s);  // throws std::invalid_argument
Likelihood likelihoodFromString(const std::string& s);      // throws std::invalid_argument
ModelKind modelKindFromString(const std::string& s);        // "vae", "ae", "autoencoder"; throws std::invalid_argument

// Everything that defines a VAE's shape. Serialised as JSON into checkpoints.
struct VaeConfig {
  ModelKind kind = ModelKind::Vae;  // a config JSON without "kind" (checkpoints before issue 18) is a VAE
  Architecture architecture = Architecture::Mlp;
  int64_t channels = 1;
  int64_t height = 28;
  int64_t width = 28;
  // The classic VAE of Kingma & Welling / the PyTorch example: 784-400-20.
  int64_t latentDim = 20;
  std::vector<int64_t> hiddenSizes = {400};     // mlp: encoder hidden layers (decoder mirrors them)
  std::vector<int64_t> convChannels = {32, 64}; // conv: channels of the two stride-2 conv layers
  int64_t convHidden = 256;                     // conv: fully connected layer before the latent heads
  Likelihood likelihood = Likelihood::Bernoulli;
  double gaussianSigma = 0.1;                   // fixed decoder std-dev for the Gaussian likelihood

  int64_t imageNumel() const { return channels * height * width; }
  bool isAutoencoder() const { return kind == ModelKind::Autoencoder; }
  // Throws std::invalid_argument with a one-line reason (latent 2..256, conv needs H,W divisible by 4, ...).
  void validate() const;
  nlohmann::json toJson() const;
  static VaeConfig fromJson(const nlohmann::json& j);  // throws std::invalid_argument
};

}  // namespace vae
