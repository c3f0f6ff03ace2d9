#include "app/export/exportrunner.h"

#include <ATen/Parallel.h>

#include "app/core/errortext.h"
#include "app/core/logging.h"
#include "app/core/tsanannotations.h"

namespace vae {

namespace {
// Runs job and turns every exception into its first line, so nothing is thrown across the thread.
template <typename Job>
QString capture(Job&& job) {
  return captureError(std::forward<Job>(job), QStringLiteral("export failed with an unknown error"));
}
}  // namespace

ExportRunner::ExportRunner(CheckpointPtr checkpoint, std::shared_ptr<const DatasetSplit> data, QObject* parent)
    : QThread(parent), checkpoint_(std::move(checkpoint)) {
  setObjectName(QStringLiteral("export"));
  exporter_ = std::make_unique<Exporter>(*checkpoint_);
  if (data) exporter_->setDataset(*data);
}

ExportRunner::~ExportRunner() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    abort_ = true;
    preview_.reset();
    export_.reset();
    cancelled_ = true;
    condition_.notify_one();
  }
  wait();
  // wait() orders the thread's end before the members go, but when the thread has already finished it
  // does so inside Qt, unseen by ThreadSanitizer; the mutex run() released last makes the order visible.
  std::lock_guard<std::mutex> lock(mutex_);
}

void ExportRunner::wake() {
  if (!isRunning())
    start(QThread::LowPriority);  // the training thread keeps the cores it needs
  else
    condition_.notify_one();
}

quint64 ExportRunner::requestPreview(const ExportOptions& options) {
  std::lock_guard<std::mutex> lock(mutex_);
  preview_ = options;
  const quint64 id = ++previewId_;
  wake();
  return id;
}

bool ExportRunner::startExport(const ExportOptions& options) {
  if (exporting_) return false;
  exporting_ = true;
  cancelled_ = false;
  if (options.kind == ExportKind::Plot) {
    // Queued, so the answer comes from the event loop as every other export's does.
    postCall(this, [this, options] {
      QString summary;
      const QString error = capture([&] { summary = Exporter(*checkpoint_).run(options); });
      finishExport(summary, error);
    });
    return true;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  export_ = options;
  wake();
  return true;
}

void ExportRunner::cancelExport() {
  if (exporting_) cancelled_ = true;
}

void ExportRunner::finishExport(const QString& summary, const QString& error) {
  exporting_ = false;
  qCDebug(lcExport) << "export finished:" << (error.isEmpty() ? summary : error) << (cancelled_ ? "(cancelled)" : "");
  if (!error.isEmpty() && cancelled_)
    Q_EMIT exportCancelled();
  else if (!error.isEmpty())
    Q_EMIT exportFailed(error);
  else
    Q_EMIT exported(summary);
}

void ExportRunner::run() {
  // One intra-op thread, as the GUI's decoder and the dataset encoder: the cores belong to training.
  at::set_num_threads(1);
  for (;;) {
    std::optional<ExportOptions> job;
    bool isExport = false;
    quint64 id = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      condition_.wait(lock, [this] { return abort_ || preview_ || export_; });
      if (abort_) return;
      // An export waits for no preview; the dialog asks for a fresh preview afterwards if it needs one.
      isExport = export_.has_value();
      job = isExport ? std::exchange(export_, std::nullopt) : std::exchange(preview_, std::nullopt);
      id = previewId_;
    }
    if (isExport) {
      runExport(*exporter_, *job);
      continue;
    }
    QVector<QImage> frames;
    const QString error = capture([&] { frames = exporter_->render(*job); });
    {
      // A newer request is already waiting: this result would only flash up before it.
      std::lock_guard<std::mutex> lock(mutex_);
      if (preview_ || abort_) continue;
    }
    // Emitted on this object's (GUI) thread, from a call that hands the frames over (see tsanannotations.h):
    // a signal emitted here would have Qt copy them across threads where ThreadSanitizer cannot see it.
    postCall(this, [this, id, frames, error] {
      if (error.isEmpty())
        Q_EMIT previewReady(id, frames);
      else
        Q_EMIT previewFailed(id, error);
    });
  }
}

void ExportRunner::runExport(Exporter& exporter, const ExportOptions& options) {
  ExportHooks hooks;
  hooks.cancelled = &cancelled_;
  hooks.progress = [this](int64_t done, int64_t total) {
    postCall(this, [this, done, total] { Q_EMIT exportProgress(done, total); });
  };
  QString summary;
  const QString error = capture([&] {
    if (cancelled_) throw ExportError("cancelled");  // cancelled before the thread got to it
    summary = exporter.run(options, hooks);
  });
  // finishExport touches exporting_ and emits on the GUI thread, in order after the progress signals.
  postCall(this, [this, summary, error] { finishExport(summary, error); });
}

}  // namespace vae
