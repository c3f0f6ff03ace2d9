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
// traversal strip) and the latent plane switches between grid and scatter every few epochs. Samples
// resident memory, threads and open file descriptors at every epoch end and reports their growth after
// the warm-up, and the peak RSS. Needs a QApplication. Returns an exit code: 0 when RSS grew less than
// kSoakRssGrowthTargetPercent and no thread or descriptor leaked, 1 otherwise.
int runSoakBench(const SoakBenchOptions& options);

}  // namespace vae
