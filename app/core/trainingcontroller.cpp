#include "app/core/trainingcontroller.h"

#include "app/core/logging.h"

#include <QThread>

namespace vae {

TrainingController::TrainingController(QObject* parent) : QObject(parent) { registerTrainingMetaTypes(); }

TrainingController::~TrainingController() { shutdown(); }

void TrainingController::start(TrainingSetup setup) {
  shutdown();
  ++generation_;
  thread_ = new QThread;
  thread_->setObjectName(QStringLiteral("training"));
  worker_ = new TrainingWorker(std::move(setup));
  worker_->moveToThread(thread_);
  relayWorkerSignals();
  // Posted before start(): the thread runs it as soon as its event loop starts, and the hand-over of the
  // queued call is then ordered by the thread's creation, which ThreadSanitizer can see (Qt's post-event
  // queue is locked with futexes it cannot; app/core/tsanannotations.h).
  QMetaObject::invokeMethod(worker_, &TrainingWorker::run, Qt::QueuedConnection);
  thread_->start();
  qCDebug(lcTraining) << "training thread started, generation" << generation_;
  active_ = true;
  Q_EMIT started();
}

void TrainingController::shutdown() {
  if (!thread_) return;
  // The worker honours stop at the next step boundary; quit() then ends the thread's event loop once run()
  // has returned.
  worker_->stop();
  thread_->quit();
  thread_->wait();
  delete worker_;  // its thread has ended, so nothing else can touch it
  worker_ = nullptr;
  delete thread_;
  thread_ = nullptr;
  qCDebug(lcTraining) << "training thread joined, generation" << generation_;
  ++generation_;
  markEnded();
}

void TrainingController::markEnded() {
  if (!active_) return;
  active_ = false;
  Q_EMIT ended();
}

void TrainingController::pause() {
  if (active_) worker_->pause();
}

void TrainingController::resume() {
  if (active_) worker_->resume();
}

void TrainingController::stop() {
  if (active_) worker_->stop();
}

void TrainingController::stepOnce() {
  if (active_ && worker_->state() == TrainingState::Paused) worker_->stepOnce();
}

void TrainingController::setBeta(double beta) {
  if (active_) worker_->setBeta(beta);
}

void TrainingController::setLearningRate(double lr) {
  if (active_) worker_->setLearningRate(lr);
}

void TrainingController::requestCheckpoint(const QString& path) {
  if (worker_) worker_->requestCheckpoint(path);
}

void TrainingController::requestCapture() {
  if (worker_) worker_->requestCapture();
}

TrainingState TrainingController::state() const { return worker_ ? worker_->state() : TrainingState::Idle; }

void TrainingController::relayWorkerSignals() {
  const quint64 generation = generation_;
  // The worker emits on the thread that created it, this object's (TrainingWorker's outbox), so each relay runs
  // here directly; a replaced run's calls still waiting are deleted with its worker, and the generation check
  // drops anything of an older run that would still get through.
  const auto relay = [this, generation](auto signal, auto emitter) {
    connect(worker_, signal, this, [this, generation, emitter](auto&&... args) {
      if (generation == generation_) emitter(args...);
    });
  };
  relay(&TrainingWorker::stateChanged, [this](TrainingState s) { Q_EMIT stateChanged(s); });
  relay(&TrainingWorker::precisionChosen, [this](const QString& r) { Q_EMIT precisionChosen(r); });
  relay(&TrainingWorker::stepsReady, [this](const StepBatch& b) { Q_EMIT stepsReady(b); });
  relay(&TrainingWorker::epochFinished, [this](const EpochStats& s) { Q_EMIT epochFinished(s); });
  relay(&TrainingWorker::eventRecorded, [this](const TrainingEvent& e) { Q_EMIT eventRecorded(e); });
  relay(&TrainingWorker::klUpdated, [this](const KlReport& report) { Q_EMIT klUpdated(report); });
  relay(&TrainingWorker::mutualInfoUpdated, [this](const MutualInfoReport& r) { Q_EMIT mutualInfoUpdated(r); });
  relay(&TrainingWorker::reconstructionsReady, [this](const QVector<QImage>& originals, const QVector<QImage>& recons) {
    Q_EMIT reconstructionsReady(originals, recons);
  });
  relay(&TrainingWorker::samplesReady, [this](const QVector<QImage>& samples) { Q_EMIT samplesReady(samples); });
  relay(&TrainingWorker::snapshotReady, [this](const DecoderSnapshotPtr& s) { Q_EMIT snapshotReady(s); });
  relay(&TrainingWorker::checkpointSaved, [this](const QString& path) { Q_EMIT checkpointSaved(path); });
  relay(&TrainingWorker::captured,
        [this](const CheckpointPtr& checkpoint, const QString& error) { Q_EMIT captured(checkpoint, error); });
  relay(&TrainingWorker::failed, [this](const QString& message) { Q_EMIT failed(message); });
  relay(&TrainingWorker::finished, [this] { markEnded(); });
}

}  // namespace vae
