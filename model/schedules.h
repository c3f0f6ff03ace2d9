#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace vae {

// The KL weight beta as a function of the global step.
struct BetaSchedule {
  enum class Kind { Constant, Warmup, Cyclical };
  Kind kind = Kind::Constant;
  double beta = 1.0;          // the final / plateau weight
  int64_t warmupSteps = 0;    // Warmup: linear 0 -> beta over this many steps
  int64_t cycleSteps = 1000;  // Cyclical: period of one annealing cycle (Fu et al. 2019)
  double rampFraction = 0.5;  // Cyclical: part of each cycle spent ramping 0 -> beta

  double at(int64_t step) const;
  nlohmann::json toJson() const;
  static BetaSchedule fromJson(const nlohmann::json& j);
};

// The learning rate as a function of the global step.
struct LrSchedule {
  enum class Kind { Constant, Step, Cosine };
  Kind kind = Kind::Constant;
  double lr = 1e-3;
  int64_t stepSize = 1000;  // Step: multiply by gamma every stepSize steps
  double gamma = 0.5;
  int64_t totalSteps = 0;   // Cosine: decay to minLr over this many steps
  double minLr = 0.0;

  double at(int64_t step) const;
  nlohmann::json toJson() const;
  static LrSchedule fromJson(const nlohmann::json& j);
};

std::string toString(BetaSchedule::Kind k);
std::string toString(LrSchedule::Kind k);
BetaSchedule::Kind betaKindFromString(const std::string& s);  // throws std::invalid_argument
LrSchedule::Kind lrKindFromString(const std::string& s);      // throws std::invalid_argument

}  // namespace vae
