#pragma once

#include <QString>

namespace vae {

// What `vae-studio bench --explore` measures against; stated in --help and next to each figure.
inline constexpr double kExploreBenchSliderP99TargetMs = 8.0;  // half a frame: the image follows the hand
inline constexpr double kExploreBenchGridP99TargetMs = 16.0;   // one frame at 60 Hz
inline constexpr double kExploreBenchScatterPanP99TargetMs = 16.0;
// A held key on a slider while a 30x30 grid of a 64x64 RGB model follows z: the image keeps up within a frame.
inline constexpr double kExploreBenchLargeGridSliderP99TargetMs = 16.0;
inline constexpr double kExploreBenchDefaultSeconds = 10.0;
inline constexpr double kExploreBenchMinSeconds = 1.0;

struct ExploreBenchOptions {
  QString dataSpec;  // any loadDatasetSpecWithFolders spec
  double seconds = kExploreBenchDefaultSeconds;
  bool json = false;
};

// Explore-tab latency while training runs, in the real MainWindow driven by synthetic input events:
// slider key press to painted image, base-z change to a painted 20x20 grid, and the training
// throughput meanwhile. Needs a QApplication. Returns an exit code; throws CliError when the run
// cannot start.
int runExploreBench(const ExploreBenchOptions& options);

}  // namespace vae
