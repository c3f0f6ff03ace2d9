#pragma once

#include "model/dataset.h"
#include "model/vae.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace vae {

// How well single latent dimensions capture single generative factors (Chen et al. 2018, "Isolating Sources of
// Disentanglement in VAEs"), with the discretised estimator of Locatello et al.'s disentanglement_lib: every
// latent dimension is histogrammed into kLatentBins equal-width bins over its own range, and the mutual
// information of two discrete variables is the plug-in estimate from their joint counts.

// Bins per latent dimension: disentanglement_lib's default (num_bins = 20).
inline constexpr int kLatentBins = 20;
// Bins per continuous factor (shapes' scale, rotation, x, y are uniform draws). 10, not 20: with the 2 000-image
// shapes:28 test set a 20 x 10 joint table has ~10 images per cell, and the plug-in estimator's upward bias,
// about (20-1)(10-1) / 2N = 0.04 nats, stays under 2 % of a factor's entropy (log 10 = 2.3 nats); 20 x 20 would
// double it. And 10 divides 20: a code that copies a factor puts each of its bins inside one factor bin, so
// the copy's information equals the factor's entropy exactly.
inline constexpr int kFactorBins = 10;

// A factor column is taken as discrete (used as it is, one value per class) when all its values are whole numbers
// and there are at most kMaxDiscreteValues of them: shapes' shape index 0..2. Anything else is binned.
inline constexpr int kMaxDiscreteValues = 20;
bool isDiscreteFactor(const torch::Tensor& column);

struct MutualInformation {
  torch::Tensor matrix;                  // [L,F] float64: I(z_j; v_k) in nats
  torch::Tensor factorEntropy;           // [F] float64: H(v_k) of the (binned) factor, nats
  std::vector<double> gap;               // per factor: (I(z_(1); v_k) - I(z_(2); v_k)) / H(v_k); 0 when H = 0
  std::vector<int64_t> topDimension;     // per factor: the dimension that carries it most
  double mig = 0;                        // mean of gap over factors with H > 0
  std::vector<std::string> factorNames;  // F names (empty names are "factor K")
  int64_t images = 0;                    // codes scored

  int64_t latentDim() const { return matrix.defined() ? matrix.size(0) : 0; }
  int64_t factorCount() const { return matrix.defined() ? matrix.size(1) : 0; }
  double at(int64_t dim, int64_t factor) const;
};

// codes [N,L], factors [N,F] (N >= 2, same N), discrete: F flags (empty = isDiscreteFactor of each column),
// factorNames: F names or empty. Throws std::invalid_argument for mismatched shapes.
MutualInformation mutualInformation(const torch::Tensor& codes, const torch::Tensor& factors,
                                    std::vector<bool> discrete = {}, std::vector<std::string> factorNames = {});

// The MI matrix and MIG of a model on a dataset's images (normally the test split): mu of every image, encoded in
// batches without autograd (a plain autoencoder's mu is its code). Throws std::invalid_argument, one line naming
// the dataset, when it has no generative factors (only shapes has them) or fewer than 2 images.
MutualInformation disentanglement(Vae& model, const Dataset& data);

// Whether a dataset spec names data with known generative factors, without loading it: "shapes[:SIZE[:COUNT]]"
// (the only loader that records them). Lets `info` decide whether to load and encode anything.
bool datasetSpecHasFactors(const std::string& spec);

// One line for the refusal above, shared by every caller that checks before encoding anything.
std::string noFactorsMessage(const std::string& datasetName);

}  // namespace vae
