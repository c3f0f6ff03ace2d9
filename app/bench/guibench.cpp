// vae-studio bench --gui: is the window still responsive while it trains, and what does drawing cost
// the training? Measured in the real MainWindow, driven the way a user drives it.
#include "app/bench/guibench.h"
#include "app/core/defaults.h"

#include <torch/torch.h>

#include <QApplication>
#include <QThread>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "app/bench/benchsupport.h"
#include "app/bench/schedulelateness.h"
#include "app/cli/clicommon.h"
#include "app/gui/mainwindow.h"
#include "app/gui/trainingsetupbuilder.h"
#include "app/core/trainingtypes.h"
#include "app/core/trainingworker.h"
#include "model/trainer.h"
#include "widgets/lossplot.h"
#include "widgets/modelpanel.h"

namespace vae {

namespace {

using Clock = std::chrono::steady_clock;

// The probe's schedule: a tick due every 5 ms, so any blocking of a frame (16 ms) shows up as several late ticks.
constexpr int kProbeIntervalMs = 5;
// Time for the training to settle (OpenMP start-up, allocator, first autosave path) before measuring.
constexpr int kWarmupMs = 1500;
// The headless reference: warm-up steps, then this long timed (epoch ends included, as in the GUI).
constexpr int64_t kHeadlessWarmupSteps = 20;
constexpr double kHeadlessSeconds = 5.0;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Images per second of a plain Trainer on the calling thread: what training costs without a window.
double headlessImagesPerSecond(const VaeConfig& model, const TrainConfig& train, const DatasetSplit& data,
                               int threads) {
  at::set_num_threads(threads);
  Trainer trainer(model, train, data);
  auto stepOnce = [&] {
    while (!trainer.step()) trainer.runEpoch();  // epoch end: evaluate and roll over, as the worker does
  };
  for (int64_t i = 0; i < kHeadlessWarmupSteps; ++i) stepOnce();
  const int64_t first = trainer.globalStep();
  const auto start = Clock::now();
  while (secondsSince(start) < kHeadlessSeconds) stepOnce();
  const double seconds = secondsSince(start);
  return static_cast<double>(trainer.globalStep() - first) * static_cast<double>(train.batchSize) / seconds;
}

struct Figures {
  std::vector<double> latenessMs;  // one per due tick of the probe's schedule
  int64_t missedTicks = 0;
  std::vector<double> replotMs;
  double trainImagesPerSecond = 0;
  double headlessImagesPerSecond = 0;
  double seconds = 0;
  int threads = 1;
};

void printReport(const Figures& f, const GuiBenchOptions& o) {
  const double slowdown =
      f.headlessImagesPerSecond > 0 ? 1.0 - f.trainImagesPerSecond / f.headlessImagesPerSecond : 0.0;
  const double loopP50 = percentile(f.latenessMs, 0.50), loopP99 = percentile(f.latenessMs, 0.99);
  const double loopMax = f.latenessMs.empty() ? 0.0 : *std::max_element(f.latenessMs.begin(), f.latenessMs.end());
  const double replotP50 = percentile(f.replotMs, 0.50), replotP99 = percentile(f.replotMs, 0.99);
  const double replotMax = f.replotMs.empty() ? 0.0 : *std::max_element(f.replotMs.begin(), f.replotMs.end());
  if (o.json) {
    printJsonLine({{"event_loop_lateness_p50_ms", loopP50},
                   {"event_loop_lateness_p99_ms", loopP99},
                   {"event_loop_lateness_max_ms", loopMax},
                   {"missed_ticks", f.missedTicks},
                   {"probe_period_ms", kProbeIntervalMs},
                   {"replot_p50_ms", replotP50},
                   {"replot_p99_ms", replotP99},
                   {"replot_max_ms", replotMax},
                   {"train_images_per_second", f.trainImagesPerSecond},
                   {"headless_images_per_second", f.headlessImagesPerSecond},
                   {"gui_slowdown", slowdown},
                   {"seconds", f.seconds},
                   {"threads", f.threads},
                   {"replots", static_cast<int64_t>(f.replotMs.size())},
                   {"timer_ticks", static_cast<int64_t>(f.latenessMs.size())},
                   {"data", o.dataSpec.toStdString()},
                   {"platform", QGuiApplication::platformName().toStdString()}});
    return;
  }
  auto verdict = [](bool ok) { return ok ? "ok" : "MISSED"; };
  std::printf("vae-studio bench --gui: Classic MLP on %s, %.1f s measured, %d training thread%s, platform %s\n",
              o.dataSpec.toUtf8().constData(), f.seconds, f.threads, f.threads == 1 ? "" : "s",
              QGuiApplication::platformName().toUtf8().constData());
  std::printf("  event loop lateness (a tick due every %d ms)  p50 %7.2f ms  p99 %7.2f ms  max %.2f ms  "
              "target p99 <= %.0f ms: %s\n",
              kProbeIntervalMs, loopP50, loopP99, loopMax, kGuiBenchEventLoopP99TargetMs,
              verdict(loopP99 <= kGuiBenchEventLoopP99TargetMs));
  std::printf("    %zu ticks due, %lld served late together with an earlier one (missed)\n", f.latenessMs.size(),
              static_cast<long long>(f.missedTicks));
  std::printf("  loss plot replot                p50 %7.2f ms  p99 %7.2f ms  max %.2f ms  %zu replots   "
              "target p99 <= %.0f ms: %s\n",
              replotP50, replotP99, replotMax, f.replotMs.size(), kGuiBenchReplotP99TargetMs,
              verdict(replotP99 <= kGuiBenchReplotP99TargetMs));
  std::printf("  training in the window          %10s images/s\n",
              groupThousands(static_cast<int64_t>(f.trainImagesPerSecond)).c_str());
  std::printf("  plain Trainer, no window        %10s images/s\n",
              groupThousands(static_cast<int64_t>(f.headlessImagesPerSecond)).c_str());
  std::printf("  GUI slowdown                    %10.1f %%         target <= %.0f %%: %s\n", 100.0 * slowdown,
              100.0 * kGuiBenchSlowdownTarget, verdict(slowdown <= kGuiBenchSlowdownTarget));
}

}  // namespace

int runGuiBench(const GuiBenchOptions& options) {
  WindowBenchScope scope("--gui");

  Figures f;
  // The window's run uses as many threads, and so does the headless reference below.
  f.threads = trainingThreadCount();

  MainWindow window;
  const ModelSettings settings = showWindowTraining(window, options.dataSpec);

  std::vector<double> replotMs;
  bool measuring = false;
  QObject::connect(window.lossPlot(), &LossPlot::replotted, &window, [&](double ms) {
    if (measuring) replotMs.push_back(ms);
  });

  TrainingRateMeter rate(window);
  if (!waitUntil([&] { return rate.lastGlobalStep() > 0; }, kBenchStepTimeoutMs))
    throw CliError("training produced no steps in time", kExitFailure);
  saveRunInto(window, scope.scratchPath());
  runEventLoopFor(kWarmupMs);

  ScheduleLatenessProbe probe(kProbeIntervalMs);
  measuring = true;
  rate.setMeasuring(true);
  probe.start();
  runEventLoopFor(static_cast<int>(options.seconds * 1000.0));
  probe.stop();
  measuring = false;
  rate.setMeasuring(false);
  f.latenessMs = probe.latenessMs();
  f.missedTicks = probe.missedTicks();
  f.seconds = probe.elapsedSeconds();
  f.replotMs = std::move(replotMs);
  f.trainImagesPerSecond = rate.imagesPerSecond(settings.batchSize);

  stopWindowTraining(window);

  // Same model, settings and data as the window's run, on the same number of threads.
  const Dataset& train = window.dataset()->train;
  const VaeConfig model = toVaeConfig(settings, train.channels(), train.height(), train.width());
  const TrainConfig trainConfig = toTrainConfig(settings);
  f.headlessImagesPerSecond = headlessImagesPerSecond(model, trainConfig, *window.dataset(), f.threads);

  window.close();
  printReport(f, options);
  return kExitOk;
}

}  // namespace vae
