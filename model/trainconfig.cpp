#include "model/trainconfig.h"
#include "model/jsonint.h"

#include <stdexcept>

namespace vae {

void TrainConfig::validate() const {
  if (epochs < 1) throw std::invalid_argument("epochs must be at least 1");
  if (batchSize < 1) throw std::invalid_argument("batch size must be at least 1");
  if (!(lr.lr > 0)) throw std::invalid_argument("learning rate must be positive");
  if (!(beta.beta >= 0)) throw std::invalid_argument("beta must be non-negative");
  if (beta.warmupSteps < 0) throw std::invalid_argument("KL warm-up steps must be non-negative");
  if (beta.kind == BetaSchedule::Kind::Cyclical && beta.cycleSteps < 1)
    throw std::invalid_argument("KL cycle length must be at least 1 step");
}

nlohmann::json TrainConfig::toJson() const {
  return {{"epochs", epochs}, {"batch_size", batchSize}, {"lr", lr.toJson()}, {"beta", beta.toJson()},
          {"adam_beta1", adamBeta1}, {"adam_beta2", adamBeta2}, {"adam_eps", adamEps}, {"seed", seed},
          {"precision", toString(precision)}};
}

TrainConfig TrainConfig::fromJson(const nlohmann::json& j) {
  try {
    TrainConfig c;
    c.epochs = jsonInt(j.at("epochs"));
    c.batchSize = jsonInt(j.at("batch_size"));
    c.lr = LrSchedule::fromJson(j.at("lr"));
    c.beta = BetaSchedule::fromJson(j.at("beta"));
    c.adamBeta1 = j.at("adam_beta1").get<double>();
    c.adamBeta2 = j.at("adam_beta2").get<double>();
    c.adamEps = j.at("adam_eps").get<double>();
    c.seed = jsonUInt(j.at("seed"));
    // Runs saved before mixed precision existed trained in fp32.
    c.precision = precisionFromString(j.value("precision", std::string("fp32")));
    c.validate();
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("bad training config: ") + e.what());
  }
}

}  // namespace vae
