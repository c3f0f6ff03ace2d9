#include "app/core/likelihoodrunner.h"

#include "app/core/errortext.h"
#include "app/core/folderdataset.h"
#include "app/core/tsanannotations.h"
#include "model/checkpoint.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

namespace vae {

LikelihoodRunner::LikelihoodRunner(CheckpointPtr checkpoint, std::shared_ptr<const DatasetSplit> data,
                                   QObject* parent)
    : QThread(parent), checkpoint_(std::move(checkpoint)), data_(std::move(data)) {
  setObjectName(QStringLiteral("likelihood"));
  qRegisterMetaType<vae::LogLikelihoodEstimate>();
}

LikelihoodRunner::~LikelihoodRunner() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    abort_ = true;
    request_.reset();
    cancelled_ = true;
    condition_.notify_one();
  }
  wait();
  std::lock_guard<std::mutex> lock(mutex_);  // makes the thread's end visible to ThreadSanitizer (ExportRunner)
}

bool LikelihoodRunner::startEstimate(const LikelihoodRequest& request) {
  if (estimating_) return false;
  estimating_ = true;
  cancelled_ = false;
  std::lock_guard<std::mutex> lock(mutex_);
  request_ = request;
  if (!isRunning())
    start(QThread::LowPriority);  // a run training beside it keeps the cores it needs
  else
    condition_.notify_one();
  return true;
}

void LikelihoodRunner::cancelEstimate() {
  if (estimating_) cancelled_ = true;
}

void LikelihoodRunner::run() {
  for (;;) {
    LikelihoodRequest request;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      condition_.wait(lock, [this] { return abort_ || request_; });
      if (abort_) return;
      request = *std::exchange(request_, std::nullopt);
    }
    runEstimate(request);
  }
}

const Dataset& LikelihoodRunner::images(bool trainSplit) {
  if (!data_) data_ = std::make_shared<const DatasetSplit>(loadDatasetSpecWithFolders(checkpoint_->datasetSpec));
  const Dataset& images = trainSplit ? data_->train : data_->test;
  const VaeConfig& m = checkpoint_->modelConfig;
  if (images.size() > 0 &&
      (images.channels() != m.channels || images.height() != m.height || images.width() != m.width))
    throw std::invalid_argument("the images are not the size the model takes");
  return images;
}

void LikelihoodRunner::runEstimate(const LikelihoodRequest& request) {
  at::set_num_threads(std::max(1, request.threads));
  std::optional<LogLikelihoodEstimate> estimate;
  const auto start = std::chrono::steady_clock::now();
  const QString error = captureError(
      [&] {
        // Refused before any weights are read: an autoencoder has no q(z|x) to sample from.
        if (checkpoint_->modelConfig.isAutoencoder()) throw std::invalid_argument(autoencoderHasNoLikelihoodBound());
        Vae model = checkpoint_->makeModel();  // this thread's own copy of the weights
        const auto progress = [this](int64_t done, int64_t total) {
          postCall(this, [this, done, total] { Q_EMIT this->progress(done, total); });
        };
        estimate = estimateLogLikelihood(model, images(request.trainSplit), request.options, progress, &cancelled_);
      },
      QStringLiteral("the estimate failed with an unknown error"));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Emitted on the GUI thread, after the progress signals (see tsanannotations.h).
  postCall(this, [this, estimate, error, seconds] {
    estimating_ = false;
    if (!error.isEmpty())
      Q_EMIT estimateFailed(error);
    else if (!estimate)
      Q_EMIT estimateCancelled();
    else
      Q_EMIT estimated(*estimate, seconds);
  });
}

}  // namespace vae
