#pragma once

#include "model/history.h"
#include "model/trainconfig.h"
#include "model/vae.h"
#include "model/vaeconfig.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vae {

class Trainer;

// Thrown when a checkpoint cannot be read or written; what() is one line naming the file.
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The on-disk format version of .vaestudio files; loading anything else is refused.
inline constexpr int64_t kCheckpointFormatVersion = 1;

// Everything a run needs to be inspected or resumed, as plain values.
struct Checkpoint {
  VaeConfig modelConfig;
  TrainConfig trainConfig;
  std::string datasetSpec;      // how to reload the data, e.g. "fashion-mnist"
  std::string datasetIdentity;  // what it was, e.g. "fashion-mnist:train:60000"
  int64_t globalStep = 0, epoch = 0, stepInEpoch = 0;
  std::optional<double> betaOverride, lrOverride;
  double lrScale = 1.0;  // halved by each NaN recovery
  History history;
  std::vector<torch::Tensor> parameters;  // model parameters in named_parameters() order
  std::vector<std::string> parameterNames;
  int64_t adamStep = 0;
  std::vector<torch::Tensor> adamM, adamV;

  // Captures a trainer's full state (deep copies, safe to save from another thread afterwards).
  static Checkpoint capture(const Trainer& trainer, const std::string& datasetSpec);
  // Writes atomically: temp file in the same directory, fsync, rename. On failure the old file is untouched.
  void save(const std::string& path) const;
  static Checkpoint load(const std::string& path);  // throws CheckpointError

  // Builds a model with these weights.
  Vae makeModel() const;
  // Puts weights, optimizer state, history and position into a trainer built from the same configs.
  void restoreInto(Trainer& trainer) const;
};

}  // namespace vae
