#pragma once

#include "app/core/klreport.h"
#include "app/core/mutualinforeport.h"
#include "model/dataset.h"
#include "model/vae.h"

#include <QImage>
#include <QVector>

#include <torch/torch.h>

#include <cstdint>

namespace vae {

// What the Training tab shows of a model besides its curves, computed the same way for a live run (the training
// worker) and for an opened or watched checkpoint (ModelPreview): reconstructions of the first held-out images,
// images decoded from fixed prior draws, and the KL report on the held-out images.
struct LiveViews {
  static constexpr int kReconstructionCount = 12;
  static constexpr int kSampleCount = 16;
  // Held-out images encoded for KL per dimension (the reconstruction images are the first of them): enough
  // for a stable mean, few enough that encoding them a few times per second costs well under 1% of training.
  static constexpr int64_t kActivityImageCount = 300;

  QVector<QImage> originals, reconstructions, samples;
  KlReport kl;
  // Filled by ModelPreview only (the whole test set: once per checkpoint, not at the live views' 4 Hz; a live run
  // sends it once an epoch as TrainingWorker::mutualInfoUpdated).
  MutualInfoReport mutualInfo;
};

// The fixed inputs of those views: chosen once per run, so every refresh shows the same images and draws.
struct LiveViewInputs {
  torch::Tensor images;  // [K,C,H,W]: the test split's first images (the training split's without a test split)
  QVector<QImage> originals;  // the first kReconstructionCount of them
  torch::Tensor priorZ;       // [kSampleCount, L], drawn from the run's seed: the same draws in every session
  torch::Tensor labels;       // [K] int64, the images' classes; undefined for an unlabelled dataset

  static LiveViewInputs of(const DatasetSplit& data, int64_t latentDim, uint64_t seed);
};

// Runs the model (no grad) on the inputs. settled / step go into the KL report. A cvae encodes and reconstructs each
// image with its own class (class 0 when the data has no labels) and decodes prior draw i as class i % classCount.
LiveViews renderLiveViews(Vae& model, const LiveViewInputs& inputs, bool settled, int64_t step);

}  // namespace vae
