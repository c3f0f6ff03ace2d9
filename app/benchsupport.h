#pragma once

#include <QString>

#include <functional>
#include <vector>

#include "widgets/modelpanel.h"

namespace vae {

class MainWindow;

// The window size users get on a laptop screen; what the GUI benches draw into.
inline constexpr int kBenchWindowWidth = 1400;
inline constexpr int kBenchWindowHeight = 900;
// Generous limits for loading a dataset, the first step and a stop: a slow CI machine, not a hang.
inline constexpr int kBenchLoadTimeoutMs = 120'000;
inline constexpr int kBenchStepTimeoutMs = 60'000;
inline constexpr int kBenchStopTimeoutMs = 30'000;

// Nearest-rank percentile; 0 for no samples, so a report stays finite.
double percentile(std::vector<double> values, double q);

// Runs the GUI event loop until done() holds or timeoutMs passes; returns done(). Polled, so any
// way of finishing (a success or a failure signal) ends the wait; not for use inside a measurement.
bool waitUntil(const std::function<bool()>& done, int timeoutMs);

// Runs the GUI event loop for ms milliseconds (a precise timer: a coarse one may end early).
void runEventLoopFor(int ms);

// Loads spec in the window the way File > Open dataset does and waits for it; throws CliError on failure.
void loadDatasetInWindow(MainWindow& window, const QString& spec);

// Puts the Classic MLP preset with enough epochs never to finish into the model panel and presses
// Start; returns the settings the run uses. Throws CliError when training does not start.
ModelSettings startClassicMlpTraining(MainWindow& window);

}  // namespace vae
