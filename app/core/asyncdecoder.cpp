#include "app/core/asyncdecoder.h"

#include "app/core/errortext.h"
#include "app/core/latentdecoder.h"
#include "app/core/tsanannotations.h"

namespace vae {

AsyncDecoder::AsyncDecoder(const QString& name, QObject* parent) : QObject(parent) {
  thread_.setObjectName(name);
  worker_ = new LatentDecoder;
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.start();
  // LibTorch's OpenMP thread count is per OS thread: this one decodes with one, like the GUI thread.
  postCall(worker_, [] {
    (void)at::get_num_threads();
    at::set_num_threads(1);
  });
}

AsyncDecoder::~AsyncDecoder() {
  cancel();
  thread_.quit();
  thread_.wait();  // the worker is deleted on the thread's way out (deleteLater on finished)
}

void AsyncDecoder::cancel() { ++latest_; }

void AsyncDecoder::request(const DecoderSnapshotPtr& weights, Job job, quint64 id) {
  if (!weights) return;
  latest_ = id;
  LatentDecoder* worker = worker_;
  if (weights != sentWeights_) {
    sentWeights_ = weights;
    // Queued before the job below, so it runs first on the worker's thread. The weights were written by the
    // training thread before it posted them here; postCall's hand-over orders them for this thread too.
    postCall(worker, [worker, weights] {
      try {
        worker->setSnapshot(weights);
      } catch (const std::exception&) {
        // The GUI's own decoder took these weights; a failure here shows up as the job's error.
      }
    });
  }
  postCall(worker, [this, worker, job = std::move(job), id] {
    if (id != latest_) return;  // a newer request is queued: this one would be stale before it is shown
    QVector<QImage> images;
    const QString error = captureError([&] { images = job(*worker); }, QStringLiteral("unknown error while decoding"));
    // Back on this object's thread; dropped there if a newer request came meanwhile. The images were
    // written on the decoder's thread: handed over with the call.
    postCall(this, [this, images, error, id] {
      if (id != latest_) return;
      if (error.isEmpty())
        Q_EMIT decoded(images, id);
      else
        Q_EMIT failed(firstLine(error), id);
    });
  });
}

}  // namespace vae
