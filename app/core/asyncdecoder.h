#pragma once

#include "app/core/trainingtypes.h"

#include <QImage>
#include <QObject>
#include <QThread>
#include <QVector>

#include <atomic>
#include <functional>

namespace vae {

class LatentDecoder;

// Decodes batches of latent points on a thread of its own, so the GUI thread never waits for them: a 30x30
// grid of a 64x64 RGB conv model takes ~0.4 s on one core, and even a 9-image traversal strip of it ~10 ms,
// which on the GUI thread froze the slider that moved z. Newest wins: a request makes every older one still
// queued a no-op, so a fast drag decodes only what it ends on, and answers to older requests are dropped. The
// thread has its own LatentDecoder with one torch thread (the cores belong to training), holding the weights
// each request names. One instance per view (grid, traversal strip), so one cannot queue behind the other.
class AsyncDecoder : public QObject {
  Q_OBJECT

 public:
  explicit AsyncDecoder(const QString& name, QObject* parent = nullptr);
  ~AsyncDecoder() override;  // waits for the batch being decoded

  // What to decode, run on the decoder's thread with its LatentDecoder (throws for bad arguments).
  using Job = std::function<QVector<QImage>(LatentDecoder&)>;
  // A copy with a buffer of its own, for the values a Job captures. A plain QVector copy shares the buffer,
  // and Qt's copy-on-write decides whether to copy before a write with a relaxed load of the reference
  // count: once the decoder's thread has dropped its reference, the GUI thread's next write into the
  // shared buffer is unordered with that thread's reads (a data race in C++'s memory model; TSan reports it).
  static QVector<double> ownCopy(const QVector<double>& values) {
    return QVector<double>(values.cbegin(), values.cend());
  }
  // weights: LatentDecoder::snapshot() of the GUI's decoder. Answered by decoded() or failed() with id.
  void request(const DecoderSnapshotPtr& weights, Job job, quint64 id);
  // Drops whatever is queued or decoding: nothing more is answered for it.
  void cancel();

 Q_SIGNALS:
  void decoded(const QVector<QImage>& images, quint64 id);
  void failed(const QString& message, quint64 id);

 private:
  QThread thread_;
  LatentDecoder* worker_ = nullptr;  // lives on thread_
  DecoderSnapshotPtr sentWeights_;   // what the worker decodes with (set before any later request)
  std::atomic<quint64> latest_{0};   // the newest request's id; older ones are skipped or dropped
};

}  // namespace vae
