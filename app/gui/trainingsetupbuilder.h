#pragma once

#include "app/core/trainingworker.h"
#include "model/trainconfig.h"
#include "model/vaeconfig.h"
#include "widgets/modelpanel.h"

#include <cstdint>
#include <stdexcept>

namespace vae {

// Conversions between the panel's plain ModelSettings and the model layer's configs. Kept out of
// MainWindow so the mapping (which is easy to get subtly wrong) is tested on its own.

// The model for images of channels x height x width. "hidden" is the MLP's hidden layer or the conv
// model's fully connected layer. Throws std::invalid_argument for names the model does not know.
VaeConfig toVaeConfig(const ModelSettings& s, int64_t channels, int64_t height, int64_t width);
// Epochs, batch, seed and both schedules. A cosine schedule is left at totalSteps = 0, which the
// Trainer reads as "decay over the whole run".
TrainConfig toTrainConfig(const ModelSettings& s);
// An opened run asked to continue on another dataset than the one loaded.
class DatasetMismatch : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// What Start trains: a new run of the panel's settings on data (spec names it), or `opened` continued (its own
// model and schedules; the panel's epochs become the new total). Throws std::invalid_argument, one line, when the
// settings do not fit the data, DatasetMismatch when the opened run was trained on another dataset.
TrainingSetup trainingSetupFor(const ModelSettings& settings, const QString& spec,
                               const std::shared_ptr<const DatasetSplit>& data, const CheckpointPtr& opened);

// The other way, for a checkpoint's settings shown in the panel; preset is left to the panel.
ModelSettings toModelSettings(const VaeConfig& model, const TrainConfig& train);

}  // namespace vae
