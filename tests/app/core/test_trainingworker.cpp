// TrainingWorker on a real QThread: commands reach it between steps, results come back as posted
// value-type signals, and saves / failures are reported instead of thrown.

#include "app/core/trainingworker.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <ATen/Parallel.h>

#include <cmath>
#include <limits>
#include <memory>
#include <thread>

#include <sys/resource.h>
#include <unistd.h>

using namespace vae;

namespace {
// Steps per epoch of the test run: 500 training images (600 minus the 1/6 test split) / 50.
constexpr int64_t kStepsPerEpoch = 10;
// Enough epochs that a run never ends by itself while a test pauses and resumes it.
constexpr int kLongRunEpochs = 100000;
// Asynchronous conditions are waited for at most this long (generous: the machine is shared).
constexpr int kWaitMs = 10000;
}  // namespace
// States are compared by name: QCOMPARE would find vae::toString (returning QString) by ADL and fail to compile.

// Lives on the test thread, where the worker emits its signals (it posts them from the training thread
// to the thread that created it), so everything recorded here is read and written by one thread only.
class Recorder : public QObject {
  Q_OBJECT

 public:
  explicit Recorder(TrainingWorker* worker) {
    connect(worker, &TrainingWorker::stateChanged, this, [this](TrainingState s) { states.append(s); });
    connect(worker, &TrainingWorker::stepsReady, this, [this](const StepBatch& b) { batches.append(b); });
    connect(worker, &TrainingWorker::epochFinished, this, [this](const EpochStats& e) { epochs.append(e); });
    connect(worker, &TrainingWorker::eventRecorded, this, [this](const TrainingEvent& e) { events.append(e); });
    connect(worker, &TrainingWorker::reconstructionsReady, this,
            [this](const QVector<QImage>& o, const QVector<QImage>& r) {
              originals = o;
              reconstructions = r;
              ++reconstructionCount;
            });
    connect(worker, &TrainingWorker::samplesReady, this, [this](const QVector<QImage>& s) { samples = s; });
    connect(worker, &TrainingWorker::klUpdated, this, [this](const vae::KlReport& r) { klReports.append(r); });
    connect(worker, &TrainingWorker::snapshotReady, this, [this](const DecoderSnapshotPtr& s) { snapshot = s; });
    connect(worker, &TrainingWorker::checkpointSaved, this, [this](const QString& p) { saved.append(p); });
    connect(worker, &TrainingWorker::failed, this, [this](const QString& m) { failures.append(m); });
    connect(worker, &TrainingWorker::captured, this, [this](const CheckpointPtr& c, const QString& error) {
      captures.append(c);
      captureErrors.append(error);
    });
    // Relayed on this thread, so a QSignalSpy on the relay is safe.
    connect(worker, &TrainingWorker::finished, this, &Recorder::finished);
  }

  qint64 lastGlobalStep() const { return batches.isEmpty() ? 0 : batches.last().globalStep; }
  bool hasState(TrainingState s) const { return states.contains(s); }

  QVector<TrainingState> states;
  QVector<StepBatch> batches;
  QVector<EpochStats> epochs;
  QVector<TrainingEvent> events;
  QVector<QImage> originals, reconstructions, samples;
  int reconstructionCount = 0;
  QVector<vae::KlReport> klReports;
  DecoderSnapshotPtr snapshot;
  QStringList saved, failures;
  QVector<CheckpointPtr> captures;
  QStringList captureErrors;

 Q_SIGNALS:
  void finished();
};

// One worker on its own thread, stopped and joined when the test function ends.
class Harness {
 public:
  explicit Harness(TrainingSetup setup)
      : worker(std::make_unique<TrainingWorker>(std::move(setup))), recorder(worker.get()),
        finishedSpy(&recorder, &Recorder::finished) {
    worker->moveToThread(&thread);
  }
  ~Harness() {
    worker->stop();
    thread.quit();
    thread.wait();
  }
  void start() {
    // Posted before the thread starts, like MainWindow does: the thread picks it up when its loop runs.
    QMetaObject::invokeMethod(worker.get(), &TrainingWorker::run, Qt::QueuedConnection);
    thread.start();
  }

  QThread thread;
  std::unique_ptr<TrainingWorker> worker;  // deleted after the thread has been joined
  Recorder recorder;
  QSignalSpy finishedSpy;
};

class TestTrainingWorker : public QObject {
  Q_OBJECT

 private:
  std::shared_ptr<const DatasetSplit> data_;
  QTemporaryDir dir_;

  TrainingSetup setup(int epochs) const {
    TrainingSetup s;
    s.datasetSpec = QStringLiteral("shapes:28:600");
    s.data = data_;
    s.model.hiddenSizes = {64};
    s.model.latentDim = 4;
    s.train.epochs = epochs;
    s.train.batchSize = 50;
    s.threads = 1;
    return s;
  }

  static std::vector<torch::Tensor> parametersOf(Vae& model) {
    std::vector<torch::Tensor> out;
    for (const auto& item : model->named_parameters()) out.push_back(item.value().detach());
    return out;
  }

 private Q_SLOTS:
  void initTestCase() {
    ShapesOptions options;
    options.imageSize = 28;
    options.count = 600;
    data_ = std::make_shared<const DatasetSplit>(makeShapes(options));
    QVERIFY(dir_.isValid());
  }

  void stepsArriveInOrder() {
    Harness h(setup(kLongRunEpochs));
    h.start();
    QTRY_VERIFY_WITH_TIMEOUT(h.recorder.batches.size() >= 3, kWaitMs);
    h.worker->stop();
    QVERIFY(h.finishedSpy.wait(kWaitMs));

    double previous = 0;
    for (const StepBatch& b : h.recorder.batches) {
      QVERIFY(!b.step.isEmpty());
      QCOMPARE(b.total.size(), b.step.size());
      QCOMPARE(b.beta.size(), b.step.size());
      for (double s : b.step) {
        QVERIFY(s > previous);
        previous = s;
      }
      QCOMPARE(static_cast<double>(b.globalStep), b.step.last());
      QCOMPARE(b.stepsPerEpoch, kStepsPerEpoch);
      QCOMPARE(b.epochs, kLongRunEpochs);
    }
    QVERIFY(h.recorder.batches.last().imagesPerSecond > 0);
    // Throttled: far fewer batches than steps.
    QVERIFY(h.recorder.batches.size() < previous);
  }

  void pauseStopsStepsAndResumeContinues() {
    Harness h(setup(kLongRunEpochs));
    h.start();
    QTRY_VERIFY_WITH_TIMEOUT(!h.recorder.batches.isEmpty(), kWaitMs);
    h.worker->pause();
    QTRY_VERIFY_WITH_TIMEOUT(h.recorder.hasState(TrainingState::Paused), kWaitMs);
    QCOMPARE(toString(h.worker->state()), toString(TrainingState::Paused));
    const int batchesWhenPaused = h.recorder.batches.size();
    const qint64 stepWhenPaused = h.recorder.lastGlobalStep();
    QTest::qWait(300);
    QCOMPARE(h.recorder.batches.size(), batchesWhenPaused);

    h.worker->resume();
    QTRY_VERIFY_WITH_TIMEOUT(h.recorder.lastGlobalStep() > stepWhenPaused, kWaitMs);
    QCOMPARE(toString(h.recorder.states.last()), toString(TrainingState::Running));
  }

  void stepOnceWhilePausedRunsOneBatch() {
    Harness h(setup(kLongRunEpochs));
    h.start();
    QTRY_VERIFY_WITH_TIMEOUT(!h.recorder.batches.isEmpty(), kWaitMs);
    h.worker->pause();
    QTRY_VERIFY_WITH_TIMEOUT(h.recorder.hasState(TrainingState::Paused), kWaitMs);
    const int before = h.recorder.batches.size();
    const qint64 step = h.recorder.lastGlobalStep();

    h.worker->stepOnce();
    QTRY_VERIFY_WITH_TIMEOUT(h.recorder.batches.size() > before, kWaitMs);
    QTest::qWait(200);
    QCOMPARE(h.recorder.batches.size(), before + 1);
    const StepBatch& b = h.recorder.batches.last();
    QCOMPARE(b.step.size(), 1);
    QCOMPARE(b.globalStep, step + 1);
    QCOMPARE(toString(h.worker->state()), toString(TrainingState::Paused));
  }

  void setBetaRecordsEventAndChangesLoss() {
    Harness h(setup(kLongRunEpochs));
    h.start();
    QTRY_VERIFY_WITH_TIMEOUT(!h.recorder.batches.isEmpty(), kWaitMs);
    h.worker->setBeta(0.0);
    QTRY_VERIFY_WITH_TIMEOUT(!h.recorder.events.isEmpty(), kWaitMs);
    const TrainingEvent event = h.recorder.events.first();
    QVERIFY(event.kind == EventRecord::Kind::BetaChanged);
    QCOMPARE(event.text, QStringLiteral("β = 0"));

    QTRY_VERIFY_WITH_TIMEOUT(h.recorder.lastGlobalStep() > event.step + 5, kWaitMs);
    int checked = 0;
    for (const StepBatch& b : h.recorder.batches)
      for (int i = 0; i < b.step.size(); ++i)
        if (b.step[i] > event.step) {
          QCOMPARE(b.beta[i], 0.0);
          QCOMPARE(b.total[i], b.recon[i]);
          ++checked;
        }
    QVERIFY(checked >= 5);
  }

  void setLearningRateRecordsEvent() {
    Harness h(setup(kLongRunEpochs));
    h.start();
    QTRY_VERIFY_WITH_TIMEOUT(!h.recorder.batches.isEmpty(), kWaitMs);
    h.worker->setLearningRate(1e-4);
    QTRY_VERIFY_WITH_TIMEOUT(!h.recorder.events.isEmpty(), kWaitMs);
    QVERIFY(h.recorder.events.first().kind == EventRecord::Kind::LrChanged);
    QCOMPARE(h.recorder.events.first().text, QStringLiteral("lr = 1e-4"));
  }

  void stopEndsTheRun_data() {
    QTest::addColumn<bool>("pausedFirst");
    QTest::newRow("running") << false;
    QTest::newRow("paused") << true;
  }

  // Stop is applied at the next step boundary: a run of 100 000 epochs ends, paused or not. (kWaitMs only
  // catches a hang; how long a stop takes is no unit test's business on a shared machine.)
  void stopEndsTheRun() {
    QFETCH(bool, pausedFirst);
    Harness h(setup(kLongRunEpochs));
    h.start();
    QTRY_VERIFY_WITH_TIMEOUT(!h.recorder.batches.isEmpty(), kWaitMs);
    if (pausedFirst) {
      h.worker->pause();
      QTRY_VERIFY_WITH_TIMEOUT(h.recorder.hasState(TrainingState::Paused), kWaitMs);
    }
    h.worker->stop();
    QVERIFY(h.finishedSpy.wait(kWaitMs));
    QCOMPARE(toString(h.worker->state()), toString(TrainingState::Stopped));
    QCOMPARE(toString(h.recorder.states.last()), toString(TrainingState::Stopped));
    QVERIFY(h.recorder.failures.isEmpty());
  }

  // Whether a thread may raise its own nice value here: Linux allows it to anyone, but a seccomp sandbox may not.
  static bool threadsMayLowerTheirPriority() {
    bool allowed = false;
    std::thread probe([&] {
      const auto self = static_cast<id_t>(gettid());
      allowed = setpriority(PRIO_PROCESS, self, getpriority(PRIO_PROCESS, self) + 1) == 0;
    });
    probe.join();
    return allowed;
  }

  // The training thread is background work: it runs 5 nice levels below the GUI thread, which keeps its own.
  // Read from /proc, where Linux keeps each thread's nice value.
  void trainingThreadYieldsToTheGuiThread() {
    // Thread id -> nice value, for every thread of this process.
    const auto niceOfThreads = [] {
      QHash<QString, int> values;
      for (const QString& tid : QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(QStringLiteral("/proc/self/task/%1/stat").arg(tid));
        if (!stat.open(QIODevice::ReadOnly)) continue;
        const QByteArray line = stat.readAll();
        // Fields after the command name (which may hold spaces) in ")": state is the 1st, nice the 17th.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 16) values.insert(tid, fields[16].toInt());
      }
      return values;
    };
    const int gui = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));  // this test runs as the GUI thread
    if (gui > 14) QSKIP("the test runs at nice > 14: no room below it for the training thread");
    if (!threadsMayLowerTheirPriority()) QSKIP("this machine refuses setpriority for a thread (a sandbox rule)");
    // Only threads that did not exist before the run count: an earlier test's training thread may still be
    // leaving /proc (QThread::wait returns before the kernel reaps it), and OpenMP threads keep their nice.
    const QHash<QString, int> before = niceOfThreads();
    Harness h(setup(kLongRunEpochs));
    h.start();
    QTRY_VERIFY_WITH_TIMEOUT(!h.recorder.batches.isEmpty(), kWaitMs);
    const QHash<QString, int> during = niceOfThreads();
    qsizetype newAndBelow = 0;
    for (auto it = during.cbegin(); it != during.cend(); ++it)
      if (!before.contains(it.key()) && it.value() == gui + 5) ++newAndBelow;
    QVERIFY2(newAndBelow > 0, "no new thread runs 5 nice levels below this one while training");
    QCOMPARE(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())), gui);
  }

  void precisionIsAnnouncedOnceTheRunStarts() {
    TrainingSetup s = setup(1);
    s.train.precision = Precision::Bf16;
    Harness h(std::move(s));
    QStringList reasons;  // queued to this thread, before finished
    connect(h.worker.get(), &TrainingWorker::precisionChosen, this, [&](const QString& r) { reasons << r; });
    h.start();
    QVERIFY(h.finishedSpy.wait(kWaitMs));
    QCOMPARE(reasons, QStringList{QStringLiteral("bf16 as requested")});
  }

  void runToCompletionFinishes() {
    Harness h(setup(3));
    h.start();
    QVERIFY(h.finishedSpy.wait(kWaitMs));
    QCOMPARE(toString(h.worker->state()), toString(TrainingState::Finished));
    QTRY_COMPARE(toString(h.recorder.states.last()), toString(TrainingState::Finished));
    QCOMPARE(toString(h.recorder.states.first()), toString(TrainingState::Running));
    QCOMPARE(h.recorder.epochs.size(), 3);
    for (int e = 0; e < 3; ++e) {
      QCOMPARE(h.recorder.epochs[e].epoch, e);
      QCOMPARE(h.recorder.epochs[e].step, (e + 1) * kStepsPerEpoch);
      QVERIFY(std::isfinite(h.recorder.epochs[e].testTotal));
    }
    QCOMPARE(h.recorder.lastGlobalStep(), 3 * kStepsPerEpoch);
    QVERIFY(h.recorder.failures.isEmpty());
  }

  void liveViewsHaveTheRightShape() {
    Harness h(setup(3));
    h.start();
    QVERIFY(h.finishedSpy.wait(kWaitMs));
    QVERIFY(h.recorder.reconstructionCount >= 1);
    QCOMPARE(h.recorder.originals.size(), TrainingWorker::kReconstructionCount);
    QCOMPARE(h.recorder.reconstructions.size(), TrainingWorker::kReconstructionCount);
    for (const QImage& image : h.recorder.originals + h.recorder.reconstructions)
      QCOMPARE(image.size(), QSize(28, 28));
    QCOMPARE(h.recorder.samples.size(), TrainingWorker::kSampleCount);
    // KL per dimension from held-out images: real values from the first report on (never a zero fill), and
    // a collapse verdict only once an epoch has been trained.
    QVERIFY(!h.recorder.klReports.isEmpty());
    for (const vae::KlReport& r : h.recorder.klReports) {
      QCOMPARE(r.klPerDim.size(), 4);
      QCOMPARE(r.active.size(), 4);
      QCOMPARE(r.activeCount, static_cast<int>(r.active.count(true)));
      QVERIFY(r.totalKl > 0);
      QVERIFY(r.step >= 0);
      if (!r.settled) QVERIFY(!r.collapsed);
    }
    QVERIFY(!h.recorder.klReports.first().settled);  // the first live views come within the first epoch
    QVERIFY(h.recorder.klReports.last().settled);
  }

  void finalSnapshotMatchesCheckpointAfterFinish() {
    Harness h(setup(3));
    h.start();
    QVERIFY(h.finishedSpy.wait(kWaitMs));
    QVERIFY(h.recorder.snapshot);
    const DecoderSnapshot& snapshot = *h.recorder.snapshot;
    QCOMPARE(snapshot.step, 3 * kStepsPerEpoch);

    // After run() has returned the save happens synchronously in this thread.
    const QString path = dir_.filePath(QStringLiteral("finished.vaestudio"));
    h.worker->requestCheckpoint(path);
    QTRY_COMPARE(h.recorder.saved, QStringList{path});
    const Checkpoint checkpoint = Checkpoint::load(path.toStdString());
    QCOMPARE(checkpoint.globalStep, 3 * kStepsPerEpoch);
    QCOMPARE(checkpoint.parameters.size(), snapshot.parameters.size());
    for (size_t i = 0; i < snapshot.parameters.size(); ++i)
      QVERIFY(torch::equal(snapshot.parameters[i], checkpoint.parameters[i]));

    // The snapshot is enough to rebuild the decoder the GUI uses.
    Vae fromSnapshot(snapshot.config);
    {
      torch::NoGradGuard noGrad;
      auto params = parametersOf(fromSnapshot);
      for (size_t i = 0; i < params.size(); ++i) params[i].copy_(snapshot.parameters[i]);
    }
    Vae fromCheckpoint = checkpoint.makeModel();
    const torch::Tensor z = torch::randn({5, snapshot.config.latentDim});
    QVERIFY(torch::equal(fromSnapshot->decodeImages(z), fromCheckpoint->decodeImages(z)));
  }

  void checkpointWhilePausedHasTheCurrentStep() {
    Harness h(setup(kLongRunEpochs));
    h.start();
    QTRY_VERIFY_WITH_TIMEOUT(!h.recorder.batches.isEmpty(), kWaitMs);
    h.worker->pause();
    QTRY_VERIFY_WITH_TIMEOUT(h.recorder.hasState(TrainingState::Paused), kWaitMs);
    const qint64 step = h.recorder.lastGlobalStep();
    QTRY_VERIFY_WITH_TIMEOUT(h.recorder.snapshot && h.recorder.snapshot->step == step, kWaitMs);

    const QString path = dir_.filePath(QStringLiteral("paused.vaestudio"));
    h.worker->requestCheckpoint(path);
    QTRY_COMPARE_WITH_TIMEOUT(h.recorder.saved, QStringList{path}, kWaitMs);
    const Checkpoint checkpoint = Checkpoint::load(path.toStdString());
    QCOMPARE(checkpoint.globalStep, step);
    QCOMPARE(checkpoint.datasetSpec, std::string("shapes:28:600"));
    // The snapshot published at the pause shows exactly the saved weights.
    for (size_t i = 0; i < checkpoint.parameters.size(); ++i)
      QVERIFY(torch::equal(h.recorder.snapshot->parameters[i], checkpoint.parameters[i]));
    QCOMPARE(toString(h.worker->state()), toString(TrainingState::Paused));
  }

  // An export's capture is a save without the file: the paused run's current step and weights, no file
  // and no checkpointSaved; after a failed start it says why instead.
  void captureForExportHasTheCurrentState() {
    Harness h(setup(kLongRunEpochs));
    h.start();
    QTRY_VERIFY_WITH_TIMEOUT(!h.recorder.batches.isEmpty(), kWaitMs);
    h.worker->pause();
    QTRY_VERIFY_WITH_TIMEOUT(h.recorder.hasState(TrainingState::Paused), kWaitMs);
    const qint64 step = h.recorder.lastGlobalStep();
    QTRY_VERIFY_WITH_TIMEOUT(h.recorder.snapshot && h.recorder.snapshot->step == step, kWaitMs);
    h.worker->requestCapture();
    QTRY_COMPARE_WITH_TIMEOUT(h.recorder.captures.size(), 1, kWaitMs);
    const CheckpointPtr captured = h.recorder.captures.first();
    QVERIFY(captured);
    QVERIFY(h.recorder.captureErrors.first().isEmpty());
    QCOMPARE(captured->globalStep, step);
    QCOMPARE(captured->datasetSpec, std::string("shapes:28:600"));
    for (size_t i = 0; i < captured->parameters.size(); ++i)
      QVERIFY(torch::equal(h.recorder.snapshot->parameters[i], captured->parameters[i]));
    QVERIFY(h.recorder.saved.isEmpty());

    TrainingSetup broken = setup(3);
    broken.model.height = 32;  // the data is 28x28: run() fails before it has a trainer
    broken.model.width = 32;
    Harness failed(std::move(broken));
    failed.start();
    QVERIFY(failed.finishedSpy.wait(kWaitMs));
    failed.worker->requestCapture();
    QTRY_COMPARE(failed.recorder.captures.size(), 1);
    QVERIFY(!failed.recorder.captures.first());
    QVERIFY(failed.recorder.captureErrors.first().contains(QStringLiteral("no model")));
  }

  void checkpointToMissingDirectoryFails_data() {
    QTest::addColumn<bool>("afterFinish");
    QTest::newRow("while running") << false;
    QTest::newRow("after finish") << true;
  }

  void checkpointToMissingDirectoryFails() {
    QFETCH(bool, afterFinish);
    Harness h(setup(afterFinish ? 1 : kLongRunEpochs));
    h.start();
    if (afterFinish) QVERIFY(h.finishedSpy.wait(kWaitMs));
    else QTRY_VERIFY_WITH_TIMEOUT(!h.recorder.batches.isEmpty(), kWaitMs);

    const QString path = dir_.filePath(QStringLiteral("no-such-dir/run.vaestudio"));
    h.worker->requestCheckpoint(path);
    QTRY_COMPARE_WITH_TIMEOUT(h.recorder.failures.size(), 1, kWaitMs);
    QVERIFY2(h.recorder.failures.first().contains(path), qPrintable(h.recorder.failures.first()));
    QVERIFY(!h.recorder.failures.first().contains(QLatin1Char('\n')));
    QVERIFY(h.recorder.saved.isEmpty());
    // A failed save is not a failed run.
    QVERIFY(!h.recorder.hasState(TrainingState::Failed));
    if (!afterFinish) QCOMPARE(toString(h.worker->state()), toString(TrainingState::Running));
  }

  void exceptionEndsInFailed() {
    TrainingSetup s = setup(3);
    s.model.height = 32;  // the data is 28x28
    s.model.width = 32;
    Harness h(std::move(s));
    h.start();
    QVERIFY(h.finishedSpy.wait(kWaitMs));
    QCOMPARE(toString(h.worker->state()), toString(TrainingState::Failed));
    QTRY_COMPARE(toString(h.recorder.states.last()), toString(TrainingState::Failed));
    QCOMPARE(h.recorder.failures.size(), 1);
    QVERIFY(h.recorder.failures.first().contains(QStringLiteral("28x28")));
    QVERIFY(!h.recorder.failures.first().contains(QLatin1Char('\n')));
    // Saving after a failed start reports instead of crashing.
    h.worker->requestCheckpoint(dir_.filePath(QStringLiteral("failed.vaestudio")));
    QTRY_COMPARE(h.recorder.failures.size(), 2);
  }

  // Pixels are bytes; float ones (a caller that skipped Dataset's format) fail with one clear line.
  // Issue 19: a conditional VAE trains in the window like a VAE: live reconstructions (each image with its own
  // label), samples (class i % 3) and snapshots whose config carries the class count.
  void conditionalVaeTrainsWithLiveViews() {
    TrainingSetup s = setup(1);
    s.model.kind = ModelKind::Conditional;  // the class count comes from the data
    Harness h(std::move(s));
    h.start();
    QVERIFY(h.finishedSpy.wait(kWaitMs));
    QCOMPARE(toString(h.worker->state()), toString(TrainingState::Finished));
    QCOMPARE(h.recorder.reconstructions.size(), TrainingWorker::kReconstructionCount);
    QCOMPARE(h.recorder.samples.size(), TrainingWorker::kSampleCount);
    QVERIFY(h.recorder.failures.isEmpty());
  }

  // A cvae on an unlabelled dataset ends in one clear line before a single step.
  void conditionalVaeRefusesUnlabelledData() {
    auto data = std::make_shared<DatasetSplit>(*data_);
    data->train.labels = torch::Tensor();
    data->test.labels = torch::Tensor();
    TrainingSetup s = setup(1);
    s.data = data;
    s.model.kind = ModelKind::Conditional;
    Harness h(std::move(s));
    h.start();
    QVERIFY(h.finishedSpy.wait(kWaitMs));
    QCOMPARE(toString(h.worker->state()), toString(TrainingState::Failed));
    QCOMPARE(h.recorder.failures.size(), 1);
    QVERIFY2(h.recorder.failures.first().contains(QStringLiteral("a cvae needs a labelled dataset")),
             qPrintable(h.recorder.failures.first()));
    QVERIFY(h.recorder.batches.isEmpty());
  }

  void floatPixelsFailWithAClearMessage() {
    auto data = std::make_shared<DatasetSplit>(*data_);
    data->train.images = data->train.floatImages(0, data->train.size());
    TrainingSetup s = setup(3);
    s.data = data;
    Harness h(std::move(s));
    h.start();
    QVERIFY(h.finishedSpy.wait(kWaitMs));
    QCOMPARE(toString(h.worker->state()), toString(TrainingState::Failed));
    QCOMPARE(h.recorder.failures.size(), 1);
    QVERIFY2(h.recorder.failures.first().contains(QStringLiteral("pixels must be uint8")),
             qPrintable(h.recorder.failures.first()));
    QVERIFY(h.recorder.batches.isEmpty());  // not one step ran
  }

  // An absurd learning rate: the run either keeps going on sane numbers (the NaN guard restoring good
  // weights) or fails with "training diverged"; the plot, the KL bars and the decoder never see NaN.
  void hugeLearningRateNeverShowsNonFiniteValues_data() {
    QTest::addColumn<double>("lr");
    QTest::newRow("1.0") << 1.0;
    QTest::newRow("1e6") << 1e6;
  }
  void hugeLearningRateNeverShowsNonFiniteValues() {
    QFETCH(double, lr);
    TrainingSetup s = setup(3);
    s.train.lr.lr = lr;
    Harness h(std::move(s));
    h.start();
    QVERIFY(h.finishedSpy.wait(kWaitMs * 3));
    const TrainingState end = h.worker->state();
    QVERIFY2(end == TrainingState::Finished || end == TrainingState::Failed, qPrintable(toString(end)));
    if (end == TrainingState::Failed) {
      QCOMPARE(h.recorder.failures.size(), 1);
      QVERIFY2(h.recorder.failures.first().contains(QStringLiteral("training diverged")),
               qPrintable(h.recorder.failures.first()));
    }
    // Finite and sane: 1e33 nats per image is as useless on the plot as NaN. The guard's bound for these
    // 28x28 images and 4 latent dimensions is 1000 x (784 + 4) nats (Trainer::lossExploded); at lr 1.0 the
    // plot does receive losses of ~1e5 nats that stay below it.
    constexpr double kSane = 1000.0 * (28 * 28 + 4);
    QVERIFY(!h.recorder.batches.isEmpty() || end == TrainingState::Failed);
    for (const StepBatch& b : h.recorder.batches)
      for (double total : b.total)
        QVERIFY2(std::isfinite(total) && std::abs(total) <= kSane, qPrintable(QString::number(total)));
    for (const EpochStats& e : h.recorder.epochs)
      QVERIFY2(std::isfinite(e.testTotal) && std::abs(e.testTotal) <= kSane, qPrintable(QString::number(e.testTotal)));
    if (!h.recorder.klReports.isEmpty())
      for (double kl : h.recorder.klReports.last().klPerDim) QVERIFY(std::isfinite(kl));
    QVERIFY(h.recorder.snapshot);
    for (const torch::Tensor& p : h.recorder.snapshot->parameters) QVERIFY(torch::isfinite(p).all().item<bool>());
    qInfo("lr %g: %s after %lld steps, %d events", lr, qPrintable(toString(end)),
          static_cast<long long>(h.recorder.lastGlobalStep()), static_cast<int>(h.recorder.events.size()));
  }

  void resumeContinuesFromCheckpoint() {
    const QString path = dir_.filePath(QStringLiteral("resume.vaestudio"));
    {
      Harness h(setup(1));
      h.start();
      QVERIFY(h.finishedSpy.wait(kWaitMs));
      h.worker->requestCheckpoint(path);
      QTRY_COMPARE(h.recorder.saved, QStringList{path});
    }
    TrainingSetup s = setup(2);
    s.resumeFrom = Checkpoint::load(path.toStdString());
    Harness h(std::move(s));
    h.start();
    QVERIFY(h.finishedSpy.wait(kWaitMs));
    QCOMPARE(toString(h.worker->state()), toString(TrainingState::Finished));
    QVERIFY(!h.recorder.events.isEmpty());
    QVERIFY(h.recorder.events.first().kind == EventRecord::Kind::Resumed);
    QCOMPARE(h.recorder.events.first().step, kStepsPerEpoch);
    QCOMPARE(h.recorder.epochs.size(), 1);
    QCOMPARE(h.recorder.epochs.first().epoch, 1);
    QCOMPARE(h.recorder.batches.first().step.first(), static_cast<double>(kStepsPerEpoch + 1));
    QCOMPARE(h.recorder.lastGlobalStep(), 2 * kStepsPerEpoch);
  }

  // The worker sets its thread count with at::set_num_threads on its own thread. In LibTorch 1.13
  // (OpenMP) that count is per thread once a thread has run a parallel op: the GUI's stays as it was.
  void torchThreadCountIsPerThread() {
    at::set_num_threads(1);
    QCOMPARE(at::get_num_threads(), 1);
    int inWorker = 0;
    std::unique_ptr<QThread> other(QThread::create([&inWorker] {
      at::set_num_threads(2);
      inWorker = at::get_num_threads();
    }));
    other->start();
    QVERIFY(other->wait(kWaitMs));
    QCOMPARE(inWorker, 2);
    QCOMPARE(at::get_num_threads(), 1);
  }
};

QTEST_GUILESS_MAIN(TestTrainingWorker)
#include "test_trainingworker.moc"
