#pragma once

#include "app/core/trainingtypes.h"
#include "model/dataset.h"
#include "model/vae.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <thread>

namespace vae {

struct Checkpoint;

// The posterior means of a dataset's first images under one model, and what the explorer derives from
// them: the scatter's points, the PCA axes the grid can use, and KL per dimension for a model that is
// not training (a training run reports its own).
struct LatentCodes {
  qint64 step = 0;
  int latentDim = 0;
  QVector<float> mu;     // count() x latentDim, row-major; item i is image i of the dataset
  QVector<int> labels;   // one per item, -1 when the dataset is unlabelled
  QStringList classNames;
  QVector<double> klPerDim;  // mean KL(q(z|x) || N(0,I)) per dimension over these items, nats
  // Principal axes of mu (unit vectors, largest variance first) and their variances. Each axis' sign
  // is fixed so its largest component is positive: re-encoding with newer weights must not flip the grid.
  QVector<QVector<double>> pcaAxes;
  QVector<double> pcaVariances;

  int count() const { return latentDim > 0 ? static_cast<int>(mu.size() / latentDim) : 0; }
  QVector<double> code(int index) const;
};
using LatentCodesPtr = std::shared_ptr<const LatentCodes>;

// Encodes up to kMaxItems images of a dataset on a background thread, so the GUI never waits for it
// (10 000 Fashion-MNIST images take ~0.2 s with the MLP, seconds with the conv model).
//
// One job runs at a time with one intra-op torch thread (the cores belong to training). Newest wins:
// a request while a job runs replaces any request still waiting, and is started when the job ends.
// Results and failures arrive as queued signals on the encoder's (GUI) thread. The model object is
// built on the GUI thread (weight init must not race the Trainer's seeded generator) and handed to
// the job, which only copies the snapshot's parameters into it.
class DatasetEncoder : public QObject {
  Q_OBJECT

 public:
  static constexpr int kMaxItems = 10000;
  static constexpr int kPcaAxes = 8;

  explicit DatasetEncoder(QObject* parent = nullptr);
  // Cancels a running job and waits for it (it stops within one batch).
  ~DatasetEncoder() override;

  // Encodes data's first kMaxItems images with the snapshot's weights. Failures (images of another
  // shape than the model takes, ...) arrive as failed(reason).
  void request(const DecoderSnapshotPtr& snapshot, const Dataset& data);
  // Drops a waiting request and asks a running job to stop; its result is not delivered.
  void cancel();
  bool isBusy() const { return running_ || pending_.has_value(); }

  // The whole job synchronously on the calling thread (what the background job runs; for tests and
  // the CLI). Throws std::invalid_argument when the images do not fit the model.
  static LatentCodesPtr encode(Vae& model, const DecoderSnapshot& snapshot, const Dataset& data,
                               const std::atomic<bool>* cancelled = nullptr,
                               const std::function<void(int64_t, int64_t)>& progress = {});
  // A snapshot of an opened checkpoint's weights, so checkpoints and live runs share one path.
  static DecoderSnapshotPtr snapshotOf(const Checkpoint& checkpoint);

 Q_SIGNALS:
  void progress(int done, int total);
  void finished(const vae::LatentCodesPtr& codes);
  void failed(const QString& reason);

 private:
  struct Request {
    DecoderSnapshotPtr snapshot;
    Dataset data;
  };
  void start(Request request);
  void onJobDone(quint64 job, const LatentCodesPtr& codes, const QString& error);
  void join();

  std::thread thread_;
  std::atomic<bool> cancelled_{false};
  bool running_ = false;
  quint64 job_ = 0;  // id of the newest job; results of older ones are dropped
  std::optional<Request> pending_;
  Vae model_{nullptr};
  std::string modelConfigJson_;  // config model_ was built for
};

}  // namespace vae

Q_DECLARE_METATYPE(vae::LatentCodesPtr)
