#pragma once

#include <QString>

namespace vae {

// What `vae-studio bench --soak` checks against; stated in --help and next to each figure.
// A leak is malloc's bytes in use growing after the warm-up: every allocation of ours, Qt's and LibTorch's goes
// through malloc, mmapped chunks included.
inline constexpr double kSoakHeapGrowthTargetPercent = 5.0;
// RSS also holds pages glibc keeps after a free and gives back lazily, and how many it keeps varies with the
// machine's load (+8.7 % with bytes in use -2 % in a ctest run beside two compilers; +-2 % on an idle machine):
// a looser bound, against growth outside malloc (mappings, stacks).
inline constexpr double kSoakRssGrowthLimitPercent = 15.0;
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
// ones. Also reports the peak RSS. Needs a QApplication. Returns an exit code: 0 when malloc's bytes in use grew
// less than kSoakHeapGrowthTargetPercent, RSS less than kSoakRssGrowthLimitPercent and no thread or descriptor
// leaked, 1 otherwise.
int runSoakBench(const SoakBenchOptions& options);

}  // namespace vae
