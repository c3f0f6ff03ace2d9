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
// A conditional VAE (Sohn et al. 2015; issue 19) is a VAE whose encoder and decoder also see the image's class as a
// one-hot vector, so z is left to hold the style and the class is chosen when decoding.
enum class ModelKind { Vae, Autoencoder, Conditional };

std::string toString(Architecture a);
std::string toString(Likelihood l);
std::string toString(ModelKind k);  // "vae" | "autoencoder" | "cvae", as written in a checkpoint's config
Architecture architectureFromString(const std::string& s);  // throws std::invalid_argument
Likelihood likelihoodFromString(const std::string& s);      // throws std::invalid_argument
ModelKind modelKindFromString(const std::string& s);  // "vae", "ae", "autoencoder", "cvae"; throws std::invalid_argument

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
  // cvae: the number of classes of the one-hot label (> 0 exactly for a cvae; 0 for every other kind). Written as
  // "class_count" for a cvae only, so configs of the other kinds read as before.
  int64_t classCount = 0;

  int64_t imageNumel() const { return channels * height * width; }
  bool isAutoencoder() const { return kind == ModelKind::Autoencoder; }
  bool isConditional() const { return kind == ModelKind::Conditional; }
  // Width of the one-hot label appended to the encoder's features and to z: classCount for a cvae, else 0.
  int64_t conditionWidth() const { return isConditional() ? classCount : 0; }
  // Throws std::invalid_argument with a one-line reason (latent 2..256, conv needs H,W divisible by 4, ...).
  void validate() const;
  nlohmann::json toJson() const;
  static VaeConfig fromJson(const nlohmann::json& j);  // throws std::invalid_argument
};

}  // namespace vae
