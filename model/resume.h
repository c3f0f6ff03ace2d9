#pragma once

#include "model/checkpoint.h"
#include "model/precision.h"
#include "model/trainer.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace vae {

// What a user may change when a saved run continues: the CLI's --epochs, --lr, --beta and --precision, the
// window's Epochs field. Everything else (model shape, data order, schedules, seed) is the checkpoint's, or it
// would not be the same run.
struct ResumeChanges {
  std::optional<int64_t> epochs;        // the new total, never below the epochs already trained
  std::optional<double> learningRate;   // recorded as an override from this step on
  std::optional<double> beta;           // recorded as an override from this step on
  std::optional<Precision> precision;   // else the run's own (a resumed run is exact in its own precision)
  std::string source;                   // the file the run came from, for its "resumed" marker; may be empty
};

// The one way a run continues, for `train --resume` and the window alike: a Trainer exactly where the checkpoint
// left off (weights, Adam state, history, overrides, position), the changes applied, and a "resumed" event on
// its history. Throws what Trainer's constructor and Checkpoint::restoreInto throw.
std::unique_ptr<Trainer> resumeTrainer(const Checkpoint& checkpoint, DatasetSplit data, const ResumeChanges& changes);

}  // namespace vae
