// vae-studio bench --soak: does a long session stay healthy? Memory, threads and file descriptors of
// the whole process, sampled at each epoch end while the window trains and the explorer decodes.
#include "app/bench/soakbench.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSlider>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "app/bench/benchsupport.h"
#include "app/cli/clicommon.h"
#include "app/gui/explorepanel.h"
#include "app/core/latentdecoder.h"
#include "app/gui/latentplanepanel.h"
#include "app/gui/mainwindow.h"
#include "app/core/explorestate.h"
#include "app/core/trainingcontroller.h"
#include "app/core/trainingworker.h"
#include "widgets/latentsliders.h"

namespace vae {

namespace {

// The explorer is driven at about the rate of a hand on the keyboard (key repeat is ~30/s).
constexpr int kKeyIntervalMs = 33;
constexpr int kSampleIntervalMs = 100;
// The latent plane alternates between the 2-D grid and the scatter (re-encoding the test set) this often.
constexpr int kPlaneSwitchEpochs = 5;
// An epoch of Fashion-MNIST takes seconds; ten minutes means something hangs.
constexpr int kEpochTimeoutMs = 600'000;
// Fixed, so two runs press the same keys on the same dimensions.
constexpr unsigned kKeySeed = 20261126;
// Threads may come and go (Qt's pool retires idle ones); more than this many extra at the end is a leak.
constexpr int kThreadSlack = 2;

struct ProcessSample {
  double rssMb = 0, peakRssMb = 0;
  double anonMb = 0;       // the anonymous part of RSS: heap and stacks, not the libraries' code pages
  double heapInUseMb = 0;  // malloc's live bytes (all arenas + mmapped chunks)
  int threads = 0, fds = 0;
};

// What an epoch's samples say about the process outside its transients (an evaluation batch, an autosave
// being written with its temp file open, a pool thread encoding the scatter): the smallest figures seen
// during the epoch. A leak raises those too; a transient does not.
ProcessSample baselineOf(const std::vector<ProcessSample>& samples) {
  ProcessSample b = samples.front();
  for (const ProcessSample& s : samples) {
    b.rssMb = std::min(b.rssMb, s.rssMb);
    b.anonMb = std::min(b.anonMb, s.anonMb);
    b.heapInUseMb = std::min(b.heapInUseMb, s.heapInUseMb);
    b.peakRssMb = std::max(b.peakRssMb, s.peakRssMb);
    b.threads = std::min(b.threads, s.threads);
    b.fds = std::min(b.fds, s.fds);
  }
  return b;
}

double statusFieldMb(const QByteArray& status, const char* field) {
  const int at = status.indexOf(field);
  if (at < 0) return 0;
  const QByteArray line = status.mid(at + static_cast<int>(std::strlen(field))).split('\n').first();
  return line.simplified().split(' ').first().toDouble() / 1024.0;  // kB
}

int entriesIn(const char* dir) {
  return static_cast<int>(QDir(QString::fromLatin1(dir)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size());
}

ProcessSample sampleProcess() {
  QFile file(QStringLiteral("/proc/self/status"));
  ProcessSample s;
  if (!file.open(QIODevice::ReadOnly)) return s;
  const QByteArray status = file.readAll();
  s.rssMb = statusFieldMb(status, "VmRSS:");
  s.peakRssMb = statusFieldMb(status, "VmHWM:");
  s.anonMb = statusFieldMb(status, "RssAnon:");
  const struct mallinfo2 heap = mallinfo2();
  s.heapInUseMb = static_cast<double>(heap.uordblks + heap.hblkhd) / (1024.0 * 1024.0);
  s.threads = entriesIn("/proc/self/task");
  s.fds = entriesIn("/proc/self/fd");
  return s;
}

struct Figures {
  std::vector<ProcessSample> perEpoch;  // baselines of epoch 1, 2, ...
  std::vector<ProcessSample> thisEpoch;
  ProcessSample beforeTraining, afterStop;
  int64_t keyPresses = 0, imagesDecoded = 0, planeSwitches = 0;
  double seconds = 0, lastTestLoss = 0;
};

// Epochs whose baselines are compared: the first ones after the warm-up and the last ones.
constexpr size_t kCompareEpochs = 5;

// Median of field over the window of epochs [begin, begin + count).
double windowMedian(const Figures& f, size_t begin, size_t count, double ProcessSample::*field) {
  std::vector<double> values;
  for (size_t i = begin; i < begin + count && i < f.perEpoch.size(); ++i) values.push_back(f.perEpoch[i].*field);
  return percentile(values, 0.5);  // the nearest-rank median: the middle one, the upper of two
}

struct Growth {
  double afterWarmup = 0, atEnd = 0, percent = 0;
};

Growth growthOf(const Figures& f, int warmup, double ProcessSample::*field) {
  const size_t after = static_cast<size_t>(warmup);
  const size_t count = std::min(kCompareEpochs, f.perEpoch.size() - after);
  Growth g;
  g.afterWarmup = windowMedian(f, after, count, field);
  g.atEnd = windowMedian(f, f.perEpoch.size() - count, count, field);
  g.percent = g.afterWarmup > 0 ? 100.0 * (g.atEnd - g.afterWarmup) / g.afterWarmup : 0;
  return g;
}

// VAE_SOAK_TEST_LEAK_MB=N leaks N MB (touched) at every epoch end: the ctest that proves the verdict fails on a leak.
void leakForTheTest() {
  static const int megabytes = qEnvironmentVariableIntValue("VAE_SOAK_TEST_LEAK_MB");
  if (megabytes <= 0) return;
  const size_t bytes = static_cast<size_t>(megabytes) << 20;
  static std::vector<std::unique_ptr<char[]>> kept;  // held, so the compiler cannot drop the allocation
  kept.push_back(std::make_unique<char[]>(bytes));
  std::memset(kept.back().get(), 1, bytes);
}

// Trains o.epochs epochs while a hand presses keys on the explorer, sampling the process as it goes.
void driveEpochs(MainWindow& window, Figures& f, const SoakBenchOptions& o) {
  ExplorePanel* panel = window.explorePanel();
  LatentSliders* sliders = panel->sliders();
  // A hand on the keyboard: one arrow key on a random slider every tick (image, grid and strip follow).
  std::mt19937 rng(kKeySeed);
  QTimer keys;
  QObject::connect(&keys, &QTimer::timeout, &window, [&] {
    const int dims = sliders->dimensions();
    if (dims <= 0) return;
    const int dim = std::uniform_int_distribution<int>(0, dims - 1)(rng);
    const int key = stepKeyFor(sliders, dim);
    pressKey(sliders->slider(dim), key);
    releaseKey(sliders->slider(dim), key);
    ++f.keyPresses;
  });
  keys.start(kKeyIntervalMs);

  // Memory moves within an epoch (evaluation, the autosave, freed pages handed back): sampled ten times a
  // second, and each epoch is summed up by its baseline.
  QTimer sampler;
  QObject::connect(&sampler, &QTimer::timeout, &window, [&] { f.thisEpoch.push_back(sampleProcess()); });
  sampler.start(kSampleIntervalMs);
  // Disconnected when this returns: the lambda refers to this function's locals.
  const QMetaObject::Connection epochs =
      QObject::connect(window.trainingController(), &TrainingController::epochFinished, &window, [&](const EpochStats& e) {
    leakForTheTest();
    f.thisEpoch.push_back(sampleProcess());
    f.perEpoch.push_back(baselineOf(f.thisEpoch));
    f.thisEpoch.clear();
    f.lastTestLoss = e.testTotal;
    if (static_cast<int>(f.perEpoch.size()) % kPlaneSwitchEpochs == 0) {
      LatentPlanePanel* plane = panel->latentPlane();
      plane->showView(plane->currentView() == 0 ? 1 : 0);
      ++f.planeSwitches;
    }
    // Progress while the soak runs (stderr); the verdict and its figures at the end are the result.
    if (!o.json)
      std::fprintf(stderr,
                   "  epoch %3zu  RSS %7.1f MB  anonymous %7.1f MB  heap in use %7.1f MB  threads %3d  fds %3d  "
                   "test loss %.2f\n",
                   f.perEpoch.size(), f.perEpoch.back().rssMb, f.perEpoch.back().anonMb,
                   f.perEpoch.back().heapInUseMb, f.perEpoch.back().threads, f.perEpoch.back().fds, e.testTotal);
    std::fflush(stderr);
  });
  for (int epoch = 1; epoch <= o.epochs; ++epoch)
    if (!waitUntil([&] { return static_cast<int>(f.perEpoch.size()) >= epoch || !window.isTraining(); }, kEpochTimeoutMs) ||
        !window.isTraining())
      throw CliError("training stopped or hung in epoch " + std::to_string(epoch), kExitFailure);
  keys.stop();
  sampler.stop();
  QObject::disconnect(epochs);
}

// Prints the figures; true when memory, threads and descriptors stayed within their bounds.
bool report(const Figures& f, const SoakBenchOptions& o) {
  const ProcessSample& warm = f.perEpoch[static_cast<size_t>(o.warmupEpochs) - 1];
  const ProcessSample& last = f.perEpoch.back();
  const Growth rss = growthOf(f, o.warmupEpochs, &ProcessSample::rssMb);
  const Growth anon = growthOf(f, o.warmupEpochs, &ProcessSample::anonMb);
  const Growth heap = growthOf(f, o.warmupEpochs, &ProcessSample::heapInUseMb);
  const bool heapOk = heap.percent < kSoakHeapGrowthTargetPercent;
  const bool rssOk = rss.percent < kSoakRssGrowthLimitPercent;
  const bool threadsOk = last.threads <= warm.threads + kThreadSlack;
  const bool fdsOk = last.fds <= warm.fds;
  double peak = f.afterStop.peakRssMb;
  for (const ProcessSample& s : f.perEpoch) peak = std::max(peak, s.peakRssMb);
  if (o.json) {
    printJsonLine({{"epochs", o.epochs},
                   {"warmup_epochs", o.warmupEpochs},
                   {"rss_after_warmup_mb", rss.afterWarmup},
                   {"rss_end_mb", rss.atEnd},
                   {"rss_growth_percent", rss.percent},
                   {"anon_rss_growth_percent", anon.percent},
                   {"heap_in_use_after_warmup_mb", heap.afterWarmup},
                   {"heap_in_use_end_mb", heap.atEnd},
                   {"heap_growth_percent", heap.percent},
                   {"peak_rss_mb", peak},
                   {"threads_after_warmup", warm.threads},
                   {"threads_end", last.threads},
                   {"threads_after_stop", f.afterStop.threads},
                   {"fds_after_warmup", warm.fds},
                   {"fds_end", last.fds},
                   {"fds_after_stop", f.afterStop.fds},
                   {"key_presses", f.keyPresses},
                   {"images_decoded", f.imagesDecoded},
                   {"plane_switches", f.planeSwitches},
                   {"last_test_loss", f.lastTestLoss},
                   {"seconds", f.seconds},
                   {"ok", heapOk && rssOk && threadsOk && fdsOk},
                   {"data", o.dataSpec.toStdString()},
                   {"platform", QGuiApplication::platformName().toStdString()}});
  } else {
    auto verdict = [](bool ok) { return ok ? "ok" : "MISSED"; };
    std::printf("vae-studio bench --soak: %d epochs of the Classic MLP on %s with the explorer decoding, %.0f s\n",
                o.epochs, o.dataSpec.toUtf8().constData(), f.seconds);
    std::printf("  RSS after %d warm-up epochs %7.1f MB, at the end %7.1f MB: growth %+.2f %%  limit < %.0f %%: %s\n",
                o.warmupEpochs, rss.afterWarmup, rss.atEnd, rss.percent, kSoakRssGrowthLimitPercent, verdict(rssOk));
    std::printf("  (RSS per epoch: its smallest sample; compared: the median of %zu epochs after the warm-up and at the end)\n",
                std::min(kCompareEpochs, f.perEpoch.size() - static_cast<size_t>(o.warmupEpochs)));
    std::printf("  of which anonymous %7.1f -> %7.1f MB (%+.2f %%)\n", anon.afterWarmup, anon.atEnd, anon.percent);
    std::printf("  malloc's bytes in use %7.1f -> %7.1f MB: growth %+.2f %%  target < %.0f %%: %s\n", heap.afterWarmup,
                heap.atEnd, heap.percent, kSoakHeapGrowthTargetPercent, verdict(heapOk));
    std::printf("  peak RSS %8.1f MB\n", peak);
    std::printf("  threads %d -> %d (after stop %d): %s;  file descriptors %d -> %d (after stop %d): %s\n",
                warm.threads, last.threads, f.afterStop.threads, verdict(threadsOk), warm.fds, last.fds,
                f.afterStop.fds, verdict(fdsOk));
    std::printf("  explorer: %lld key presses, %lld images decoded, %lld grid/scatter switches\n",
                static_cast<long long>(f.keyPresses), static_cast<long long>(f.imagesDecoded),
                static_cast<long long>(f.planeSwitches));
  }
  return heapOk && rssOk && threadsOk && fdsOk;
}

}  // namespace

int runSoakBench(const SoakBenchOptions& o) {
  WindowBenchScope scope("--soak");
  if (o.warmupEpochs < 1 || o.warmupEpochs >= o.epochs)
    throw CliError("--epochs must be larger than the " + std::to_string(o.warmupEpochs) + " warm-up epochs");

  Figures f;
  f.beforeTraining = sampleProcess();
  QElapsedTimer clock;
  clock.start();
  MainWindow window;
  showWindowTraining(window, o.dataSpec);
  saveRunInto(window, scope.scratchPath());  // from here every epoch end also writes an autosave
  ExplorePanel* panel = window.explorePanel();
  if (!waitUntil([&] { return panel->decoder()->hasModel() && panel->state()->dimensions() > 0; }, kBenchStepTimeoutMs))
    throw CliError("the Explore panel got no model in time", kExitFailure);
  showExploreTab(window);
  QObject::connect(panel, &ExplorePanel::imageDecoded, &window, [&] { ++f.imagesDecoded; });
  driveEpochs(window, f, o);
  stopWindowTraining(window);
  f.seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
  f.afterStop = sampleProcess();
  window.close();
  return report(f, o) ? kExitOk : kExitFailure;
}

}  // namespace vae
