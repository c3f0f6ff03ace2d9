#include "app/core/datasetloader.h"

#include "app/core/errortext.h"
#include "app/core/folderdataset.h"
#include "app/core/logging.h"
#include "app/core/tsanannotations.h"

#include <QThread>

namespace vae {

// Filled by the loader thread, read by this object's thread only after the loader thread has finished.
struct DatasetLoader::Result {
  QString spec;
  std::shared_ptr<DatasetSplit> data;
  QString error;
};

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent) {}

DatasetLoader::~DatasetLoader() {
  if (!thread_) return;
  disconnect(thread_, nullptr, this, nullptr);
  thread_->wait();
  delete thread_;
}

void DatasetLoader::load(const QString& spec) {
  if (thread_) {
    pendingSpec_ = spec;
    Q_EMIT loading(spec, loadingSpec_);
    return;
  }
  start(spec);
}

void DatasetLoader::start(const QString& spec) {
  loadingSpec_ = spec;
  auto result = std::make_shared<Result>();
  result->spec = spec;
  thread_ = QThread::create([result] {
    const std::string text = result->spec.toStdString();
    result->error = captureError([&] { result->data = std::make_shared<DatasetSplit>(loadDatasetSpecWithFolders(text)); },
                                 QStringLiteral("%1: unknown error while loading").arg(result->spec));
    // Qt delivers finished() to this object's thread through its post-event queue, which ThreadSanitizer
    // cannot see: the result is handed over explicitly (acquired in finish()).
    tsan::release(result.get());
  });
  // finished is emitted by the loader thread; the receiver lives here, so finish() runs on this thread.
  connect(thread_, &QThread::finished, this, [this, result] { finish(result); });
  Q_EMIT loading(spec, QString());
  qCDebug(lcData) << "loading" << spec;
  thread_->start();
}

void DatasetLoader::finish(const std::shared_ptr<Result>& result) {
  tsan::acquire(result.get());  // what the loader thread wrote (see start())
  thread_->deleteLater();
  thread_ = nullptr;
  if (!pendingSpec_.isEmpty()) {
    // A newer request arrived while this one ran: the user wants that one, not this result.
    const QString next = pendingSpec_;
    pendingSpec_.clear();
    start(next);
    return;
  }
  qCDebug(lcData) << (result->data ? "loaded" : "failed to load") << result->spec << result->error;
  if (result->data)
    Q_EMIT loaded(result->spec, result->data);
  else
    Q_EMIT failed(result->spec, result->error.isEmpty() ? result->spec + QStringLiteral(": unknown error while loading")
                                                       : result->error);
}

}  // namespace vae
