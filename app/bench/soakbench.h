#pragma once

#include <QString>

namespace vae {

// What `vae-studio bench --soak` checks against; stated in --help and next to each figure.
inline constexpr double kSoakRssGrowthTargetPercent = 5.0;  // after warm-up, over the whole run
inline constexpr int kSoakDefaultEpochs = 50;
inline constexpr int kSoakDefaultWarmupEpochs = 5;

struct SoakBenchOptions {
  QString dataSpec;  // any loadDatasetSpecWithFolders spec
  int epochs = kSoakDefaultEpochs;
  int warmupEpochs = kSoakDefaultWarmupEpochs;  // allocator pools, caches and first paints settle here
  bool json = false;
};

// A long run in the real MainWindow: the Classic MLP trains for options.epochs epochs (autosaving each
// one) while the Explore tab is driven continuously by synthetic key presses (decoded image, 2-D grid,
// traversal strip) and the latent plane switches between grid and scatter every few epochs. Resident
// memory, threads and open file descriptors are sampled ten times a second; each epoch is summed up by its
// baseline (the smallest memory figures seen in it, free of the transients of evaluation and autosave),
// and growth compares the median baseline of the first epochs after the warm-up with that of the last
// ones. Also reports the peak RSS. Needs a QApplication. Returns an exit code: 0 when RSS grew less than
// kSoakRssGrowthTargetPercent and no thread or descriptor leaked, 1 otherwise.
int runSoakBench(const SoakBenchOptions& options);

}  // namespace vae
