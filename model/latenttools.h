#pragma once

#include "model/dataset.h"
#include "model/vae.h"

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace vae {

// mu and logvar of every image of a dataset, [N,L] each. For a plain autoencoder mu is the code z = f(x) and
// logvar is undefined (klPerDimension then gives zeros).
struct EncodedDataset {
  torch::Tensor mu;
  torch::Tensor logvar;
  torch::Tensor labels;  // [N] int64 or undefined, copied from the dataset
};

// Encodes images in batches without autograd. progress(done, total) may be null. A cvae encodes every image with its
// own label (std::invalid_argument for an unlabelled dataset).
EncodedDataset encodeDataset(Vae& model, const Dataset& data, int64_t batchSize = 512,
                             const std::function<void(int64_t, int64_t)>& progress = {});

// Mean KL per latent dimension over the encoded set, [L] (nats).
torch::Tensor klPerDimension(const EncodedDataset& codes);
// Latent dimensions ordered by KL, largest first.
std::vector<int64_t> rankDimensionsByKl(const EncodedDataset& codes);

// Dimensions whose posterior mean varies across the data: Var(mu_d) > threshold (Burda et al. 2016).
inline constexpr double kActiveUnitThreshold = 0.01;
std::vector<int64_t> activeUnits(const EncodedDataset& codes, double threshold = kActiveUnitThreshold);

// The app's one definition of an active dimension and of posterior collapse, on held-out KL per dimension
// (klPerDimension of test images): every view that counts active dimensions or warns of collapse uses these.
// Active: the mean KL(q(z_d|x) || N(0,1)) is at least kActiveKlNats, i.e. the decoder is told something.
inline constexpr double kActiveKlNats = 0.01;
// Collapse: fewer than min(kCollapseActiveDims, L) active dimensions, or a total KL below kCollapseTotalKlNats.
inline constexpr int kCollapseActiveDims = 2;
inline constexpr double kCollapseTotalKlNats = 0.5;
bool isActiveDimension(double klNats);
bool looksCollapsed(const std::vector<double>& klPerDim);

// Principal axes of mu: [k,L] unit rows, largest variance first, and their variances [k].
struct PcaAxes {
  torch::Tensor axes;
  torch::Tensor variances;
  torch::Tensor mean;  // [L]
};
PcaAxes pcaAxes(const torch::Tensor& mu, int64_t k);

// Latent points along one dimension: `steps` copies of base [L] with dim swept over [-span, +span]. [steps,L]
torch::Tensor traversalRow(const torch::Tensor& base, int64_t dim, int64_t steps, double span = 3.0);

// An n x n grid of latent points around base [L] over two directions, row-major, first row = top
// (largest value along axisY), first column = left (smallest along axisX). [n*n, L]
// Directions are unit vectors [L]: use axisVector(L, d) for a plain dimension or a PCA row.
torch::Tensor latentGrid(const torch::Tensor& base, const torch::Tensor& axisX, const torch::Tensor& axisY,
                         int64_t n, double span);
torch::Tensor axisVector(int64_t latentDim, int64_t dim);

// Interpolation from a to b ([L]) in `steps` points including both ends. [steps,L]
torch::Tensor lerp(const torch::Tensor& a, const torch::Tensor& b, int64_t steps);
// Spherical interpolation (White 2016); falls back to lerp for (anti)parallel vectors.
torch::Tensor slerp(const torch::Tensor& a, const torch::Tensor& b, int64_t steps);

}  // namespace vae
