#pragma once

#include "model/precision.h"
#include "model/schedules.h"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace vae {

// How to train: everything a run needs besides the model shape and the data.
struct TrainConfig {
  int64_t epochs = 10;
  int64_t batchSize = 128;
  LrSchedule lr;            // Adam learning rate schedule (default constant 1e-3)
  BetaSchedule beta;        // KL weight schedule (default constant 1)
  double adamBeta1 = 0.9;
  double adamBeta2 = 0.999;
  double adamEps = 1e-8;
  uint64_t seed = 1;        // weights, data order and reparameterisation noise all derive from it
  // GEMMs in fp32 or bf16 (mixed precision, see precision.h). A Trainer resolves Auto when it starts and keeps
  // the resolved value here, so checkpoints record what the run computed in.
  Precision precision = Precision::Fp32;

  void validate() const;    // throws std::invalid_argument
  nlohmann::json toJson() const;
  static TrainConfig fromJson(const nlohmann::json& j);
};

}  // namespace vae
