#pragma once

#include "app/core/trainingtypes.h"
#include "model/dataset.h"
#include "model/loglikelihood.h"

#include <QMetaType>
#include <QString>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

namespace vae {

// What the Training tab's "Estimate log-likelihood…" asks for.
struct LikelihoodRequest {
  LogLikelihoodOptions options;
  bool trainSplit = false;  // the training images instead of the test images
  int threads = 1;          // torch intra-op threads of this job (1 while a run trains beside it)
};

// The importance-weighted log-likelihood (model/loglikelihood) of a run on one background thread, so the GUI
// thread never waits for minutes of decoding: the Mandelbrot pattern as in ExportRunner. It works on its own model,
// built from the checkpoint it was given (a capture of the live run or an opened file), never on the weights the
// training thread owns. Answers come as value-type signals on the GUI thread; cancel() stops the estimate at its
// next chunk (a few dozen images).
class LikelihoodRunner : public QThread {
  Q_OBJECT

 public:
  // data: the window's dataset when it is the checkpoint's (else null: the thread loads the run's own).
  LikelihoodRunner(CheckpointPtr checkpoint, std::shared_ptr<const DatasetSplit> data, QObject* parent = nullptr);
  // Cancels the running estimate and joins the thread.
  ~LikelihoodRunner() override;

  // Starts an estimate; false (nothing started) while one runs. Ends in estimated, estimateFailed or
  // estimateCancelled, after any number of progress signals.
  bool startEstimate(const LikelihoodRequest& request);
  void cancelEstimate();
  bool isEstimating() const { return estimating_; }

 Q_SIGNALS:
  void progress(qint64 doneImages, qint64 totalImages);
  void estimated(const vae::LogLikelihoodEstimate& estimate, double seconds);
  void estimateFailed(const QString& reason);
  void estimateCancelled();

 protected:
  void run() override;

 private:
  void runEstimate(const LikelihoodRequest& request);
  const Dataset& images(bool trainSplit);

  CheckpointPtr checkpoint_;
  std::shared_ptr<const DatasetSplit> data_;  // only the thread touches it after start
  bool estimating_ = false;                   // GUI thread only
  std::atomic<bool> cancelled_{false};
  // std:: rather than QMutex/QWaitCondition, for ThreadSanitizer (see ExportRunner).
  std::mutex mutex_;
  std::condition_variable condition_;
  std::optional<LikelihoodRequest> request_;  // guarded by mutex_
  bool abort_ = false;                        // guarded by mutex_
};

}  // namespace vae

Q_DECLARE_METATYPE(vae::LogLikelihoodEstimate)
