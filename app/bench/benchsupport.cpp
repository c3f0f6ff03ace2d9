// What the GUI benches (bench --gui, bench --explore) share: driving the real window to a running
// training the way a user would, and the statistics they report.
#include "app/bench/benchsupport.h"

#include <QApplication>
#include <QDir>
#include <QKeyEvent>
#include <QStandardPaths>
#include <QTabWidget>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>

#include "app/cli/clicommon.h"
#include "app/gui/explorepanel.h"
#include "app/gui/mainwindow.h"
#include "app/core/trainingtypes.h"
#include "app/core/trainingcontroller.h"
#include "app/core/trainingworker.h"
#include "widgets/latentsliders.h"
#include "widgets/modelpanel.h"

namespace vae {

WindowBenchScope::WindowBenchScope(const char* option) {
  if (!qobject_cast<QApplication*>(QCoreApplication::instance()))
    throw CliError(std::string(option) + " needs a QApplication (internal error)", kExitFailure);
  QStandardPaths::setTestModeEnabled(true);
  if (!scratch_.isValid())
    throw CliError("cannot create a temporary directory: " + scratch_.errorString().toStdString());
}

namespace {
// Enough epochs that the run never finishes inside a measurement (the panel's maximum is 10000).
constexpr int kBenchEpochs = 1000;
}  // namespace

double percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t i = std::min(values.size() - 1, static_cast<size_t>(q * static_cast<double>(values.size())));
  return values[i];
}

bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
  constexpr int kPollMs = 10;
  QEventLoop loop;
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
    if (done()) loop.quit();
  });
  poll.start(kPollMs);
  QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
  if (!done()) loop.exec();
  return done();
}

void runEventLoopFor(int ms) {
  QEventLoop loop;
  QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
  loop.exec();
}

void loadDatasetInWindow(MainWindow& window, const QString& spec) {
  QString loadError;
  const QMetaObject::Connection failed =
      QObject::connect(&window, &MainWindow::datasetFailed, &window, [&](const QString& m) { loadError = m; });
  window.loadDataset(spec);
  const auto loaded = [&] { return (!window.isLoading() && window.dataset() != nullptr) || !loadError.isEmpty(); };
  waitUntil(loaded, kBenchLoadTimeoutMs);
  QObject::disconnect(failed);
  if (!loadError.isEmpty()) throw CliError(loadError.toStdString());
  if (!window.dataset()) throw CliError("dataset '" + spec.toStdString() + "' did not load in time");
}

ModelSettings showWindowTraining(MainWindow& window, const QString& spec) {
  window.setShowErrorDialogs(false);
  window.resize(kBenchWindowWidth, kBenchWindowHeight);
  window.show();
  loadDatasetInWindow(window, spec);
  return startClassicMlpTraining(window);
}

ModelSettings startClassicMlpTraining(MainWindow& window) {
  ModelSettings settings = ModelPanel::presetSettings(QStringLiteral("Classic MLP"));
  settings.epochs = kBenchEpochs;
  window.modelPanel()->setSettings(settings);
  settings = window.modelPanel()->settings();  // what Start will read
  // The toolbar's Start when idle.
  window.toggleTraining();
  if (!window.trainingWorker() || !window.isTraining()) throw CliError("training did not start");
  return settings;
}

void showExploreTab(MainWindow& window) {
  QTabWidget* tabs = window.tabs();
  for (int i = 0; i < tabs->count(); ++i) {
    QWidget* page = tabs->widget(i);
    if (page == window.explorePanel() || page->isAncestorOf(window.explorePanel())) {
      tabs->setCurrentIndex(i);
      return;
    }
  }
  throw CliError("the Explore panel is not in a tab (internal error)", kExitFailure);
}

void pressKey(QWidget* target, int key) {
  QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier);
  QApplication::sendEvent(target, &press);
}

void releaseKey(QWidget* target, int key) {
  QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier);
  QApplication::sendEvent(target, &release);
}

int stepKeyFor(const LatentSliders* sliders, int dim) {
  return sliders->value(dim) > 0 ? Qt::Key_Left : Qt::Key_Right;
}

void stopWindowTraining(MainWindow& window) {
  // The worker ends at the next step boundary and the window sees trainingEnded.
  bool ended = false;
  const QMetaObject::Connection c = QObject::connect(&window, &MainWindow::trainingEnded, &window, [&] { ended = true; });
  window.stopTraining();
  const bool stopped = waitUntil([&] { return ended; }, kBenchStopTimeoutMs);
  QObject::disconnect(c);
  if (!stopped) throw CliError("training did not stop in time", kExitFailure);
}

void saveRunInto(MainWindow& window, const QString& dir) {
  bool saved = false;
  const QMetaObject::Connection c =
      QObject::connect(&window, &MainWindow::checkpointSaved, &window, [&] { saved = true; });
  window.saveCheckpointTo(QDir(dir).filePath(QStringLiteral("bench.vaestudio")));
  waitUntil([&] { return saved; }, kBenchStopTimeoutMs);
  QObject::disconnect(c);
}

TrainingRateMeter::TrainingRateMeter(MainWindow& window) {
  connection_ = QObject::connect(window.trainingController(), &TrainingController::stepsReady, &window,
                                 [this](const StepBatch& b) {
                                   lastGlobalStep_ = b.globalStep;
                                   if (!measuring_) return;
                                   if (firstStep_ < 0) {
                                     firstStep_ = b.globalStep;
                                     firstAt_ = Clock::now();
                                   }
                                   lastStep_ = b.globalStep;
                                   lastAt_ = Clock::now();
                                 });
}

// The connection's context is the window, which outlives this meter: cut it so no late batch reaches it.
TrainingRateMeter::~TrainingRateMeter() { QObject::disconnect(connection_); }

double TrainingRateMeter::imagesPerSecond(int batchSize) const {
  const double seconds = std::chrono::duration<double>(lastAt_ - firstAt_).count();
  if (firstStep_ < 0 || seconds <= 0) return 0;
  return static_cast<double>(lastStep_ - firstStep_) * static_cast<double>(batchSize) / seconds;
}

}  // namespace vae
