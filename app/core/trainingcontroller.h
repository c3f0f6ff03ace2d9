#pragma once

#include "app/core/trainingtypes.h"
#include "app/core/trainingworker.h"

#include <QObject>

class QThread;

namespace vae {

// The training thread's lifetime and the commands sent to it (DESIGN.md "Threads"): one run at a time on its
// own QThread, a TrainingWorker moved to it. start() replaces whatever ran before. The worker's signals are
// relayed only for the current run, so a replaced run's queued signals never reach a view. The window and the
// GUI benchmarks drive training through this class; it has no widgets.
class TrainingController : public QObject {
  Q_OBJECT

 public:
  explicit TrainingController(QObject* parent = nullptr);
  ~TrainingController() override;  // shutdown()

  // Shuts down the previous run, then trains setup on a new thread.
  void start(TrainingSetup setup);
  // Stops the run at its next step boundary (< 1 s) and joins its thread; nothing runs afterwards and the
  // run's model is gone. Emits ended() when the run was still active.
  void shutdown();

  // Commands for the current run, applied at its next step boundary; ignored without one.
  void pause();
  void resume();
  void stop();      // keeps the model: it can still be saved or exported
  void stepOnce();  // while paused
  void setBeta(double beta);
  void setLearningRate(double lr);
  // The run's checkpoint written to path (answered by checkpointSaved or failed), or captured for an export
  // (answered by captured); see TrainingWorker.
  void requestCheckpoint(const QString& path);
  void requestCapture();

  // A run exists (running, paused or ended, not shut down): its model can be saved and exported.
  bool hasRun() const { return worker_ != nullptr; }
  // From start() until the run's loop has returned.
  bool isActive() const { return active_; }
  TrainingState state() const;
  TrainingWorker* worker() const { return worker_; }  // the current run's, or nullptr

 Q_SIGNALS:
  void started();
  void ended();  // the run's loop returned (finished, stopped or failed), or shutdown() ended it
  // The current run's TrainingWorker signals, relayed on this object's thread.
  void stateChanged(vae::TrainingState state);
  void precisionChosen(const QString& reason);
  void stepsReady(const vae::StepBatch& batch);
  void epochFinished(const vae::EpochStats& stats);
  void eventRecorded(const vae::TrainingEvent& event);
  void klUpdated(const vae::KlReport& report);
  void mutualInfoUpdated(const vae::MutualInfoReport& report);
  void reconstructionsReady(const QVector<QImage>& originals, const QVector<QImage>& reconstructions);
  void samplesReady(const QVector<QImage>& samples);
  void snapshotReady(const vae::DecoderSnapshotPtr& snapshot);
  void checkpointSaved(const QString& path);
  void captured(const vae::CheckpointPtr& checkpoint, const QString& error);
  void failed(const QString& message);

 private:
  void relayWorkerSignals();
  void markEnded();

  QThread* thread_ = nullptr;
  TrainingWorker* worker_ = nullptr;  // lives on thread_
  bool active_ = false;
  // Bumped by every start and shutdown: a replaced worker's queued signals are dropped.
  quint64 generation_ = 0;
};

}  // namespace vae
