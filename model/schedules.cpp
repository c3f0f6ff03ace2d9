#include "model/schedules.h"
#include "model/jsonint.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vae {

double BetaSchedule::at(int64_t step) const {
  switch (kind) {
    case Kind::Constant:
      return beta;
    case Kind::Warmup:
      if (warmupSteps <= 0) return beta;
      return beta * std::min(1.0, static_cast<double>(step) / static_cast<double>(warmupSteps));
    case Kind::Cyclical: {
      // Cyclical annealing (Fu et al. 2019): ramp 0 -> beta over the first part of each cycle, then hold.
      const int64_t period = std::max<int64_t>(1, cycleSteps);
      const double phase = static_cast<double>(step % period) / static_cast<double>(period);
      const double ramp = std::clamp(rampFraction, 1e-9, 1.0);
      return beta * std::min(1.0, phase / ramp);
    }
  }
  return beta;
}

double LrSchedule::at(int64_t step) const {
  switch (kind) {
    case Kind::Constant:
      return lr;
    case Kind::Step:
      return lr * std::pow(gamma, static_cast<double>(step / std::max<int64_t>(1, stepSize)));
    case Kind::Cosine: {
      if (totalSteps <= 0) return lr;
      const double t = std::min(1.0, static_cast<double>(step) / static_cast<double>(totalSteps));
      return minLr + 0.5 * (lr - minLr) * (1.0 + std::cos(M_PI * t));
    }
  }
  return lr;
}

std::string toString(BetaSchedule::Kind k) {
  switch (k) {
    case BetaSchedule::Kind::Constant: return "constant";
    case BetaSchedule::Kind::Warmup: return "warmup";
    case BetaSchedule::Kind::Cyclical: return "cyclical";
  }
  return "constant";
}

std::string toString(LrSchedule::Kind k) {
  switch (k) {
    case LrSchedule::Kind::Constant: return "constant";
    case LrSchedule::Kind::Step: return "step";
    case LrSchedule::Kind::Cosine: return "cosine";
  }
  return "constant";
}

BetaSchedule::Kind betaKindFromString(const std::string& s) {
  if (s == "constant") return BetaSchedule::Kind::Constant;
  if (s == "warmup") return BetaSchedule::Kind::Warmup;
  if (s == "cyclical") return BetaSchedule::Kind::Cyclical;
  throw std::invalid_argument("unknown beta schedule '" + s + "' (expected constant, warmup or cyclical)");
}

LrSchedule::Kind lrKindFromString(const std::string& s) {
  if (s == "constant") return LrSchedule::Kind::Constant;
  if (s == "step") return LrSchedule::Kind::Step;
  if (s == "cosine") return LrSchedule::Kind::Cosine;
  throw std::invalid_argument("unknown learning-rate schedule '" + s + "' (expected constant, step or cosine)");
}

nlohmann::json BetaSchedule::toJson() const {
  return {{"kind", toString(kind)}, {"beta", beta}, {"warmup_steps", warmupSteps},
          {"cycle_steps", cycleSteps}, {"ramp_fraction", rampFraction}};
}

BetaSchedule BetaSchedule::fromJson(const nlohmann::json& j) {
  BetaSchedule s;
  s.kind = betaKindFromString(j.at("kind").get<std::string>());
  s.beta = j.at("beta").get<double>();
  s.warmupSteps = jsonInt(j.at("warmup_steps"));
  s.cycleSteps = jsonInt(j.at("cycle_steps"));
  s.rampFraction = j.at("ramp_fraction").get<double>();
  return s;
}

nlohmann::json LrSchedule::toJson() const {
  return {{"kind", toString(kind)}, {"lr", lr}, {"step_size", stepSize}, {"gamma", gamma},
          {"total_steps", totalSteps}, {"min_lr", minLr}};
}

LrSchedule LrSchedule::fromJson(const nlohmann::json& j) {
  LrSchedule s;
  s.kind = lrKindFromString(j.at("kind").get<std::string>());
  s.lr = j.at("lr").get<double>();
  s.stepSize = jsonInt(j.at("step_size"));
  s.gamma = j.at("gamma").get<double>();
  s.totalSteps = jsonInt(j.at("total_steps"));
  s.minLr = j.at("min_lr").get<double>();
  return s;
}

}  // namespace vae
