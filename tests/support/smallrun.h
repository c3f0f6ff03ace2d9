#pragma once

#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"

#include <cstdint>
#include <string>

// Small, fast training problems the tests share (model layer only, so every test layer can use them).
namespace vae::test {

// count shapes of 28x28 (a 5:1 train/test split), generated, never read from disk.
inline DatasetSplit smallShapes(int64_t count = 600) {
  ShapesOptions o;
  o.count = count;
  return makeShapes(o);
}

// A narrow MLP: trains an epoch of smallShapes in well under a second.
inline VaeConfig smallModel(int64_t latent = 4, int64_t hidden = 64) {
  VaeConfig c;
  c.latentDim = latent;
  c.hiddenSizes = {hidden};
  return c;
}

inline TrainConfig smallTraining(int64_t epochs = 2, int64_t batch = 50) {
  TrainConfig t;
  t.epochs = epochs;
  t.batchSize = batch;
  return t;
}

// A small model trained `epochs` on the dataset `spec` names (so a reopened checkpoint finds its data again).
inline Checkpoint trainedCheckpoint(const std::string& spec, int64_t epochs = 1, int64_t hidden = 32,
                                    double lr = 1e-3) {
  TrainConfig training = smallTraining(epochs);
  training.lr.lr = lr;
  Trainer trainer(smallModel(/*latent=*/4, hidden), training, loadDatasetSpec(spec));
  trainer.run();
  return Checkpoint::capture(trainer, spec);
}

// A VAE small enough to build and run in milliseconds: 1x8x8 images, one hidden layer, 4 latent dims.
inline VaeConfig tinyModel() {
  VaeConfig config;
  config.architecture = Architecture::Mlp;
  config.channels = 1;
  config.height = 8;
  config.width = 8;
  config.latentDim = 4;
  config.hiddenSizes = {16};
  return config;
}

// n random 1x8x8 images for tinyModel, labelled 0, 1, 2, 0, ...; no generative factors.
inline Dataset tinyDataset(int64_t n) {
  Dataset data;
  data.name = "tiny";
  data.identity = "tiny:" + std::to_string(n);
  data.images = unitToPixels(torch::rand({n, 1, 8, 8}));
  data.labels = torch::arange(n, torch::kInt64) % 3;
  return data;
}

// The same as a conditional VAE (its class count from the data's labels; shapes has 3 classes).
inline Checkpoint trainedCvaeCheckpoint(const std::string& spec, int64_t epochs = 1, int64_t hidden = 32,
                                        double lr = 1e-3) {
  TrainConfig training = smallTraining(epochs);
  training.lr.lr = lr;
  VaeConfig model = smallModel(/*latent=*/4, hidden);
  model.kind = ModelKind::Conditional;
  Trainer trainer(model, training, loadDatasetSpec(spec));
  trainer.run();
  return Checkpoint::capture(trainer, spec);
}

}  // namespace vae::test
