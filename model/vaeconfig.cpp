#include "model/vaeconfig.h"
#include "model/jsonint.h"

#include <stdexcept>

namespace vae {

namespace {
// The latent sizes the UI and the checkpoints support.
constexpr int64_t kMinLatent = 2;
constexpr int64_t kMaxLatent = 256;
// More classes than any labelled set we load (CIFAR-100 has 100); a larger count is a typo or a bad label file.
constexpr int64_t kMaxClasses = 1000;
}  // namespace

std::string toString(Architecture a) { return a == Architecture::Mlp ? "mlp" : "conv"; }
std::string toString(Likelihood l) { return l == Likelihood::Bernoulli ? "bernoulli" : "gaussian"; }

std::string toString(ModelKind k) {
  switch (k) {
    case ModelKind::Vae: return "vae";
    case ModelKind::Autoencoder: return "autoencoder";
    case ModelKind::Conditional: return "cvae";
  }
  return "vae";
}

Architecture architectureFromString(const std::string& s) {
  if (s == "mlp") return Architecture::Mlp;
  if (s == "conv") return Architecture::Conv;
  throw std::invalid_argument("unknown model '" + s + "' (expected mlp or conv)");
}

Likelihood likelihoodFromString(const std::string& s) {
  if (s == "bernoulli") return Likelihood::Bernoulli;
  if (s == "gaussian") return Likelihood::Gaussian;
  throw std::invalid_argument("unknown likelihood '" + s + "' (expected bernoulli or gaussian)");
}

ModelKind modelKindFromString(const std::string& s) {
  if (s == "vae") return ModelKind::Vae;
  if (s == "ae" || s == "autoencoder") return ModelKind::Autoencoder;
  if (s == "cvae") return ModelKind::Conditional;
  throw std::invalid_argument("unknown model kind '" + s + "' (expected vae, ae or cvae)");
}

void VaeConfig::validate() const {
  if (latentDim < kMinLatent || latentDim > kMaxLatent)
    throw std::invalid_argument("latent dimension must be in 2..256, got " + std::to_string(latentDim));
  if (channels < 1 || height < 1 || width < 1)
    throw std::invalid_argument("image size must be positive");
  if (architecture == Architecture::Mlp) {
    if (hiddenSizes.empty()) throw std::invalid_argument("mlp needs at least one hidden layer");
    for (int64_t h : hiddenSizes)
      if (h < 1) throw std::invalid_argument("hidden sizes must be positive");
  } else {
    if (height % 4 != 0 || width % 4 != 0)
      throw std::invalid_argument("conv model needs height and width divisible by 4, got " +
                                  std::to_string(height) + "x" + std::to_string(width));
    if (convChannels.size() != 2 || convChannels[0] < 1 || convChannels[1] < 1 || convHidden < 1)
      throw std::invalid_argument("conv model needs two positive channel counts and a positive hidden size");
  }
  if (!(gaussianSigma > 0)) throw std::invalid_argument("gaussian sigma must be positive");
  if (isConditional() && (classCount < 1 || classCount > kMaxClasses))
    throw std::invalid_argument("a cvae needs a class count in 1.." + std::to_string(kMaxClasses) + ", got " +
                                std::to_string(classCount));
  if (!isConditional() && classCount != 0)
    throw std::invalid_argument("a class count (" + std::to_string(classCount) + ") is only for a cvae, not a " +
                                toString(kind));
}

nlohmann::json VaeConfig::toJson() const {
  nlohmann::json j = {{"kind", toString(kind)},
          {"architecture", toString(architecture)},
          {"channels", channels},
          {"height", height},
          {"width", width},
          {"latent_dim", latentDim},
          {"hidden_sizes", hiddenSizes},
          {"conv_channels", convChannels},
          {"conv_hidden", convHidden},
          {"likelihood", toString(likelihood)},
          {"gaussian_sigma", gaussianSigma}};
  if (isConditional()) j["class_count"] = classCount;
  return j;
}

VaeConfig VaeConfig::fromJson(const nlohmann::json& j) {
  try {
    VaeConfig c;
    // Written since issue 18; older checkpoints hold VAEs.
    if (j.contains("kind")) c.kind = modelKindFromString(j.at("kind").get<std::string>());
    c.architecture = architectureFromString(j.at("architecture").get<std::string>());
    c.channels = jsonInt(j.at("channels"));
    c.height = jsonInt(j.at("height"));
    c.width = jsonInt(j.at("width"));
    c.latentDim = jsonInt(j.at("latent_dim"));
    c.hiddenSizes = jsonIntList(j.at("hidden_sizes"));
    c.convChannels = jsonIntList(j.at("conv_channels"));
    c.convHidden = jsonInt(j.at("conv_hidden"));
    c.likelihood = likelihoodFromString(j.at("likelihood").get<std::string>());
    c.gaussianSigma = j.at("gaussian_sigma").get<double>();
    // Written since issue 19, for a cvae only; validate() tells a cvae without it.
    if (j.contains("class_count")) c.classCount = jsonInt(j.at("class_count"));
    c.validate();
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("bad model config: ") + e.what());
  }
}

}  // namespace vae
