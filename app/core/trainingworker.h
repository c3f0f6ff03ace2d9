#pragma once

#include "app/core/liveviews.h"
#include "app/core/mutualinforeport.h"
#include "app/core/trainingtypes.h"
#include "model/checkpoint.h"
#include "model/dataset.h"
#include "model/trainconfig.h"
#include "model/vaeconfig.h"

#include <QObject>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace vae {

class Trainer;

// What a run needs: data, model and training configs, or a checkpoint to continue from.
struct TrainingSetup {
  QString datasetSpec;
  std::shared_ptr<const DatasetSplit> data;
  VaeConfig model;
  TrainConfig train;
  std::optional<Checkpoint> resumeFrom;  // when set, model/train come from it (train.epochs may grow)
  int threads = 1;                       // torch intra-op threads for training
};

// Trains on its own QThread (moveToThread; call run() through a queued connection or
// QMetaObject::invokeMethod). It owns the Trainer; the GUI talks to it only through the thread-safe
// command methods below, which are applied at the next step boundary (a queued slot would wait for
// the whole run), and hears back through value-type signals. It never touches a widget.
// The signals are emitted on the thread that constructed the worker (the GUI thread), from calls the
// training thread posts there (postCall in app/core/tsanannotations.h): every result crosses threads in
// one hand-over ThreadSanitizer can see, and receivers on that thread are called directly.
class TrainingWorker : public QObject {
  Q_OBJECT

 public:
  // Signals of per-step losses are batched to at most this rate.
  static constexpr int kMaxStepBatchesPerSecond = 30;
  // Live images (reconstructions, prior samples) and decoder snapshots refresh at this rate.
  static constexpr int kImageRefreshesPerSecond = 4;
  // Test images shown with their reconstructions, and prior samples in the live grid.
  static constexpr int kReconstructionCount = LiveViews::kReconstructionCount;
  static constexpr int kSampleCount = LiveViews::kSampleCount;

  explicit TrainingWorker(TrainingSetup setup, QObject* parent = nullptr);
  ~TrainingWorker() override;

  // Thread-safe commands (any thread).
  void pause();
  void resume();
  void stop();                  // finishes the current step, keeps the model, ends run()
  void stepOnce();              // while paused: run exactly one batch
  void setBeta(double beta);    // applied at the next step, recorded as an event (negative / NaN ignored)
  void setLearningRate(double lr);  // likewise (<= 0 / NaN ignored)
  // Saves a checkpoint at the next step boundary (atomically); result via checkpointSaved / failed
  // (a save error is "PATH: reason" and does not end the run). Before run() starts the request waits
  // for the first step boundary; after run() has returned it is captured and written synchronously in
  // the calling thread (guarded by the worker's mutex), so the result signal may arrive before this
  // returns. With no trainer (run() failed to build one) it reports failed().
  void requestCheckpoint(const QString& path);
  // A copy of the run's current state for exports, delivered by captured(). It goes the way of a save
  // without the file (same queue, same capture, same after-the-run path), so the export sees exactly
  // the weights a save would write; a snapshot or the last autosave would lag or not exist yet.
  void requestCapture();
  // After run() has returned: the run's final state, captured now in the caller's thread. Null while the loop
  // runs, or when there was no trainer (run() failed to build one).
  CheckpointPtr finalState();

  TrainingState state() const { return state_.load(); }

 public Q_SLOTS:
  // The training loop; returns when stopped, finished or failed.
  void run();

 Q_SIGNALS:
  void stateChanged(vae::TrainingState state);
  // Once the run has started: the precision it computes in and why ("auto: bf16, a bf16 step measured ...").
  void precisionChosen(const QString& reason);
  void stepsReady(const vae::StepBatch& batch);
  void epochFinished(const vae::EpochStats& stats);
  void eventRecorded(const vae::TrainingEvent& event);
  void klUpdated(const vae::KlReport& report);
  // The test set's mutual information between latent dimensions and generative factors: at the start (pending,
  // or not applying for data without factors; measured for a continued run) and after every epoch.
  void mutualInfoUpdated(const vae::MutualInfoReport& report);
  void reconstructionsReady(const QVector<QImage>& originals, const QVector<QImage>& reconstructions);
  void samplesReady(const QVector<QImage>& samples);
  void snapshotReady(const vae::DecoderSnapshotPtr& snapshot);
  void checkpointSaved(const QString& path);
  // Answers requestCapture(): the checkpoint, or null and one line why (no trainer yet or any more).
  void captured(const vae::CheckpointPtr& checkpoint, const QString& error);
  void failed(const QString& message);
  void finished();

 private:
  struct Impl;
  std::unique_ptr<Impl> d_;
  std::atomic<TrainingState> state_{TrainingState::Idle};
};

}  // namespace vae

