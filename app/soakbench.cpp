// vae-studio bench --soak: does a long session stay healthy? Memory, threads and file descriptors of
// the whole process, sampled at each epoch end while the window trains and the explorer decodes.
#include "app/soakbench.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "app/benchsupport.h"
#include "app/clicommon.h"
#include "app/explorepanel.h"
#include "app/latentdecoder.h"
#include "app/latentplanepanel.h"
#include "app/mainwindow.h"
#include "app/trainingworker.h"
#include "widgets/latentsliders.h"

namespace vae {

namespace {

// The explorer is driven at about the rate of a hand on the keyboard (key repeat is ~30/s).
constexpr int kKeyIntervalMs = 33;
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
  double heapInUseMb = 0;  // malloc's live bytes (all arenas + mmapped chunks): RSS minus this is free space
  int threads = 0, fds = 0;
};

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
  const struct mallinfo2 heap = mallinfo2();
  s.heapInUseMb = static_cast<double>(heap.uordblks + heap.hblkhd) / (1024.0 * 1024.0);
  s.threads = entriesIn("/proc/self/task");
  s.fds = entriesIn("/proc/self/fd");
  return s;
}

struct Figures {
  std::vector<ProcessSample> perEpoch;  // at the end of epoch 1, 2, ...
  ProcessSample beforeTraining, afterStop;
  int64_t keyPresses = 0, imagesDecoded = 0, planeSwitches = 0;
  double seconds = 0, lastTestLoss = 0;
};

double growthPercent(const Figures& f, int warmup) {
  const double base = f.perEpoch[static_cast<size_t>(warmup) - 1].rssMb;
  return base > 0 ? 100.0 * (f.perEpoch.back().rssMb - base) / base : 0;
}

}  // namespace

int runSoakBench(const SoakBenchOptions& o) {
  if (!qobject_cast<QApplication*>(QCoreApplication::instance()))
    throw CliError("--soak needs a QApplication (internal error)", kExitFailure);
  if (o.warmupEpochs < 1 || o.warmupEpochs >= o.epochs)
    throw CliError("--epochs must be larger than the " + std::to_string(o.warmupEpochs) + " warm-up epochs");
  QStandardPaths::setTestModeEnabled(true);  // settings and autosaves never touch the user's own
  QTemporaryDir scratch;
  if (!scratch.isValid()) throw CliError("cannot create a temporary directory: " + scratch.errorString().toStdString());

  Figures f;
  f.beforeTraining = sampleProcess();
  QElapsedTimer clock;
  clock.start();
  MainWindow window;
  showWindowTraining(window, o.dataSpec);
  saveRunInto(window, scratch.path());  // from here every epoch end also writes an autosave
  ExplorePanel* panel = window.explorePanel();
  LatentSliders* sliders = panel->sliders();
  if (!waitUntil([&] { return panel->decoder()->hasModel() && sliders->dimensions() > 0; }, kBenchStepTimeoutMs))
    throw CliError("the Explore panel got no model in time", kExitFailure);
  showExploreTab(window);
  QObject::connect(panel, &ExplorePanel::imageDecoded, &window, [&] { ++f.imagesDecoded; });

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

  QObject::connect(window.trainingWorker(), &TrainingWorker::epochFinished, &window, [&](const EpochStats& e) {
    f.perEpoch.push_back(sampleProcess());
    f.lastTestLoss = e.testTotal;
    if (static_cast<int>(f.perEpoch.size()) % kPlaneSwitchEpochs == 0) {
      LatentPlanePanel* plane = panel->latentPlane();
      plane->showView(plane->currentView() == 0 ? 1 : 0);
      ++f.planeSwitches;
    }
    if (!o.json)
      std::printf("  epoch %3zu  RSS %7.1f MB  heap in use %7.1f MB  threads %3d  fds %3d  test loss %.2f\n",
                  f.perEpoch.size(), f.perEpoch.back().rssMb, f.perEpoch.back().heapInUseMb, f.perEpoch.back().threads,
                  f.perEpoch.back().fds, e.testTotal);
    std::fflush(stdout);
  });
  for (int epoch = 1; epoch <= o.epochs; ++epoch)
    if (!waitUntil([&] { return static_cast<int>(f.perEpoch.size()) >= epoch || !window.isTraining(); }, kEpochTimeoutMs) ||
        !window.isTraining())
      throw CliError("training stopped or hung in epoch " + std::to_string(epoch), kExitFailure);
  keys.stop();

  bool ended = false;
  QObject::connect(&window, &MainWindow::trainingEnded, &window, [&] { ended = true; });
  window.stopTraining();
  if (!waitUntil([&] { return ended; }, kBenchStopTimeoutMs)) throw CliError("training did not stop in time", kExitFailure);
  f.seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
  f.afterStop = sampleProcess();
  window.close();

  const ProcessSample& warm = f.perEpoch[static_cast<size_t>(o.warmupEpochs) - 1];
  const ProcessSample& last = f.perEpoch.back();
  const double growth = growthPercent(f, o.warmupEpochs);
  const bool rssOk = growth < kSoakRssGrowthTargetPercent;
  const bool threadsOk = last.threads <= warm.threads + kThreadSlack;
  const bool fdsOk = last.fds <= warm.fds;
  double peak = 0;
  for (const ProcessSample& s : f.perEpoch) peak = std::max(peak, s.peakRssMb);
  peak = std::max(peak, f.afterStop.peakRssMb);
  if (o.json) {
    printJsonLine({{"epochs", o.epochs},
                   {"warmup_epochs", o.warmupEpochs},
                   {"rss_after_warmup_mb", warm.rssMb},
                   {"rss_end_mb", last.rssMb},
                   {"rss_growth_percent", growth},
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
                   {"ok", rssOk && threadsOk && fdsOk},
                   {"data", o.dataSpec.toStdString()},
                   {"platform", QGuiApplication::platformName().toStdString()}});
  } else {
    auto verdict = [](bool ok) { return ok ? "ok" : "MISSED"; };
    std::printf("vae-studio bench --soak: %d epochs of the Classic MLP on %s with the explorer decoding, %.0f s\n",
                o.epochs, o.dataSpec.toUtf8().constData(), f.seconds);
    std::printf("  RSS after epoch %d %8.1f MB, at the end %8.1f MB: growth %+.2f %%  target < %.0f %%: %s\n",
                o.warmupEpochs, warm.rssMb, last.rssMb, growth, kSoakRssGrowthTargetPercent, verdict(rssOk));
    std::printf("  peak RSS %8.1f MB\n", peak);
    std::printf("  threads %d -> %d (after stop %d): %s;  file descriptors %d -> %d (after stop %d): %s\n",
                warm.threads, last.threads, f.afterStop.threads, verdict(threadsOk), warm.fds, last.fds,
                f.afterStop.fds, verdict(fdsOk));
    std::printf("  explorer: %lld key presses, %lld images decoded, %lld grid/scatter switches\n",
                static_cast<long long>(f.keyPresses), static_cast<long long>(f.imagesDecoded),
                static_cast<long long>(f.planeSwitches));
  }
  return rssOk && threadsOk && fdsOk ? kExitOk : kExitFailure;
}

}  // namespace vae
