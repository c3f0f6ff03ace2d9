#pragma once

#include "model/latenttools.h"

#include <cstdint>

namespace vae {

// How a model's test codes use and fill the latent space: the last columns of the compare table.
struct LatentFill {
  // Which rule counted the active units. A VAE's dimension is active when it carries KL (isActiveDimension,
  // the explorer's rule); an autoencoder has no posterior and no KL, so its codes' own spread decides
  // (Var(code_d) > kActiveUnitThreshold, Burda et al.'s rule on the posterior means).
  enum class ActiveRule { Kl, CodeVariance };
  int64_t activeUnits = 0;
  ActiveRule activeRule = ActiveRule::Kl;
  // aggregatePosteriorKl: 0 when the codes together look like N(0, I); +infinity when a dimension never varies.
  double aggregateKl = 0;
};

// codes.logvar undefined means the model had no posterior (a plain autoencoder). Throws std::invalid_argument
// for fewer than 2 codes.
LatentFill latentFill(const EncodedDataset& codes);

}  // namespace vae
