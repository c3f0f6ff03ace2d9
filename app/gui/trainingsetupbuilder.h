#pragma once

#include "model/trainconfig.h"
#include "model/vaeconfig.h"
#include "widgets/modelpanel.h"

#include <cstdint>

namespace vae {

// Conversions between the panel's plain ModelSettings and the model layer's configs. Kept out of
// MainWindow so the mapping (which is easy to get subtly wrong) is tested on its own.

// The model for images of channels x height x width. "hidden" is the MLP's hidden layer or the conv
// model's fully connected layer. Throws std::invalid_argument for names the model does not know.
VaeConfig toVaeConfig(const ModelSettings& s, int64_t channels, int64_t height, int64_t width);
// Epochs, batch, seed and both schedules. A cosine schedule is left at totalSteps = 0, which the
// Trainer reads as "decay over the whole run".
TrainConfig toTrainConfig(const ModelSettings& s);
// The other way, for a checkpoint's settings shown in the panel; preset is left to the panel.
ModelSettings toModelSettings(const VaeConfig& model, const TrainConfig& train);

}  // namespace vae
