#pragma once

#include <QMetaObject>
#include <QString>
#include <QTemporaryDir>

class QWidget;

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "widgets/modelpanel.h"

namespace vae {

class LatentSliders;
class MainWindow;

// The window size users get on a laptop screen; what the GUI benches draw into.
inline constexpr int kBenchWindowWidth = 1400;
inline constexpr int kBenchWindowHeight = 900;
// Generous limits for loading a dataset, the first step and a stop: a slow CI machine, not a hang.
inline constexpr int kBenchLoadTimeoutMs = 120'000;
inline constexpr int kBenchStepTimeoutMs = 60'000;
inline constexpr int kBenchStopTimeoutMs = 30'000;

// What every window benchmark starts from: the QApplication the CLI made for it, Qt's test mode (the
// window's settings and autosaves never touch the user's own) and a scratch directory for the run's saves.
// Throws CliError naming the benchmark's option (e.g. "--gui") when one of them is missing.
class WindowBenchScope {
 public:
  explicit WindowBenchScope(const char* option);
  QString scratchPath() const { return scratch_.path(); }

 private:
  QTemporaryDir scratch_;
};

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

// The toolbar's Stop, and the wait for the window's trainingEnded; throws CliError when it does not come.
void stopWindowTraining(MainWindow& window);

// What both window benchmarks start from: the window shown at the benchmark size without error dialogs,
// spec loaded and the Classic MLP training (loadDatasetInWindow + startClassicMlpTraining).
ModelSettings showWindowTraining(MainWindow& window, const QString& spec);

// Brings the Explore tab to the front (the user's Ctrl+2); throws CliError if it is missing.
void showExploreTab(MainWindow& window);

// Press and release of key on target, as the keyboard would deliver them to the focused widget.
void pressKey(QWidget* target, int key);
void releaseKey(QWidget* target, int key);

// The arrow key that moves slider dim one step towards 0 from where it is, so a sequence of steps stays
// inside the sliders' range. Arrow keys, not PageUp/PageDown: the window's Previous/Next Page shortcuts
// once took those before a slider saw them (bench --explore reports whether that is still so).
int stepKeyFor(const LatentSliders* sliders, int dim);

// Gives the window's run a file in dir, so its end-of-epoch autosaves land there too, and waits for
// that save.
void saveRunInto(MainWindow& window, const QString& dir);

// Training throughput as the window sees it: the global steps between the first and the last step
// batch that arrived while measuring, times the batch size, over the time between those two batches.
class TrainingRateMeter {
 public:
  explicit TrainingRateMeter(MainWindow& window);  // the window's run must have started
  ~TrainingRateMeter();
  TrainingRateMeter(const TrainingRateMeter&) = delete;
  TrainingRateMeter& operator=(const TrainingRateMeter&) = delete;

  void setMeasuring(bool on) { measuring_ = on; }
  int64_t lastGlobalStep() const { return lastGlobalStep_; }  // also outside measurements
  double imagesPerSecond(int batchSize) const;

 private:
  using Clock = std::chrono::steady_clock;
  QMetaObject::Connection connection_;
  bool measuring_ = false;
  int64_t lastGlobalStep_ = 0;
  int64_t firstStep_ = -1, lastStep_ = -1;
  Clock::time_point firstAt_, lastAt_;
};

}  // namespace vae
