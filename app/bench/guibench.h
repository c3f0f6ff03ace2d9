#pragma once

#include <QString>

namespace vae {

// What `vae-studio bench --gui` measures against; stated in --help and next to each figure.
inline constexpr double kGuiBenchEventLoopP99TargetMs = 16.0;  // one frame at 60 Hz
inline constexpr double kGuiBenchReplotP99TargetMs = 10.0;
inline constexpr double kGuiBenchSlowdownTarget = 0.10;
inline constexpr double kGuiBenchDefaultSeconds = 20.0;
inline constexpr double kGuiBenchMinSeconds = 5.0;

struct GuiBenchOptions {
  QString dataSpec;  // any loadDatasetSpecWithFolders spec
  double seconds = kGuiBenchDefaultSeconds;
  bool json = false;
};

// GUI responsiveness while training, in the real MainWindow: event-loop lateness of a 5 ms timer,
// LossPlot replot times, and training throughput in the window against a plain Trainer in the same
// process. Needs a QApplication. Returns an exit code; throws CliError when the run cannot start.
int runGuiBench(const GuiBenchOptions& options);

}  // namespace vae
