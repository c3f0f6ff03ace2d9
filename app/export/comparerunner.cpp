#include "app/export/comparerunner.h"

#include <ATen/Parallel.h>

#include "app/core/errortext.h"
#include "app/core/latentdecoder.h"
#include "app/core/tsanannotations.h"

#include <QFileInfo>

namespace vae {

namespace {
template <typename Job>
QString capture(Job&& job) {
  return captureError(std::forward<Job>(job), QStringLiteral("compare failed with an unknown error"));
}

bool fits(const DatasetSplit& data, const VaeConfig& c) {
  return data.test.channels() == c.channels && data.test.height() == c.height && data.test.width() == c.width;
}
}  // namespace

struct CompareRunner::Work {
  std::unique_ptr<Comparer> comparer;
  std::vector<std::unique_ptr<LatentDecoder>> decoders;  // one per run, built on this thread
  quint64 generation = 0;
};

CompareRunner::CompareRunner(QObject* parent) : QThread(parent) { setObjectName(QStringLiteral("compare")); }

CompareRunner::~CompareRunner() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    abort_ = true;
    condition_.notify_one();
  }
  wait();
  std::lock_guard<std::mutex> lock(mutex_);  // orders the thread's end before the members go (see ExportRunner)
}

void CompareRunner::wake() {
  if (!isRunning())
    start(QThread::LowPriority);  // the training thread keeps the cores it needs
  else
    condition_.notify_one();
}

void CompareRunner::requestLoad(const QString& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  loads_.push_back(path);
  wake();
}

quint64 CompareRunner::setRuns(const QVector<CompareRun>& runs, std::shared_ptr<const DatasetSplit> data) {
  std::lock_guard<std::mutex> lock(mutex_);
  runs_ = RunSet{runs, std::move(data), ++generation_};
  picture_.reset();  // asked of the old runs
  decode_.reset();
  wake();
  return generation_;
}

quint64 CompareRunner::requestPicture(const CompareOptions& options) {
  std::lock_guard<std::mutex> lock(mutex_);
  picture_ = options;
  wake();
  return ++pictureId_;
}

quint64 CompareRunner::requestDecode(const QVector<double>& z) {
  std::lock_guard<std::mutex> lock(mutex_);
  decode_ = QVector<double>(z.cbegin(), z.cend());  // a buffer of its own (see AsyncDecoder::ownCopy)
  wake();
  return ++decodeId_;
}

bool CompareRunner::isStale(quint64 generation) {
  std::lock_guard<std::mutex> lock(mutex_);
  return abort_ || generation != generation_;
}

void CompareRunner::run() {
  // One intra-op thread, as the GUI's decoder and the export thread: the cores belong to training.
  at::set_num_threads(1);
  Work work;
  for (;;) {
    std::optional<QString> load;
    std::optional<RunSet> runs;
    std::optional<QVector<double>> z;
    std::optional<CompareOptions> picture;
    quint64 id = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      condition_.wait(lock, [this] { return abort_ || !loads_.empty() || runs_ || decode_ || picture_; });
      if (abort_) break;
      if (!loads_.empty()) {
        load = loads_.front();
        loads_.pop_front();
      } else if (runs_) {
        runs = std::exchange(runs_, std::nullopt);
      } else if (decode_) {
        z = std::exchange(decode_, std::nullopt);
        id = decodeId_;
      } else {
        picture = std::exchange(picture_, std::nullopt);
        id = pictureId_;
      }
    }
    if (load) {
      CompareRun run;
      const QString error = capture([&] { run = loadCompareRun(*load); });
      const QString path = *load;
      postCall(this, [this, path, run, error] {
        if (error.isEmpty())
          Q_EMIT loaded(path, run);
        else
          Q_EMIT loadFailed(path, error);
      });
    } else if (runs) {
      adopt(work, *runs);
    } else if (z) {
      decode(work, *z, id);
    } else if (picture) {
      CompareRunner::picture(work, *picture, id);
    }
  }
  work = Work{};  // the decoders are QObjects of this thread: they go here
}

// Builds the Comparer and decoders of a new set of runs and scores them.
void CompareRunner::adopt(Work& work, const RunSet& set) {
  work = Work{};
  work.generation = set.generation;
  if (set.runs.size() < Comparer::kMinRuns) return;
  QVector<CompareRow> rows;
  const QString error = capture([&] {
    work.comparer = std::make_unique<Comparer>(set.runs);
    for (const CompareRun& run : set.runs) {
      work.decoders.push_back(std::make_unique<LatentDecoder>());
      work.decoders.back()->setCheckpoint(run.checkpoint);
    }
    if (set.data && fits(*set.data, set.runs.front().checkpoint.modelConfig)) work.comparer->setDataset(*set.data);
    if (isStale(set.generation)) return;
    rows = work.comparer->table({});
  });
  const quint64 generation = set.generation;
  if (isStale(generation)) return;
  postCall(this, [this, generation, rows, error] {
    if (error.isEmpty())
      Q_EMIT tableReady(generation, rows);
    else
      Q_EMIT tableFailed(generation, error);
  });
}

void CompareRunner::decode(Work& work, const QVector<double>& z, quint64 id) {
  QVector<QImage> images;
  for (const auto& decoder : work.decoders) {
    QImage image;
    if (decoder->latentDim() == z.size()) capture([&] { image = decoder->decode(z); });
    images << image;
  }
  postCall(this, [this, id, images] { Q_EMIT decoded(id, images); });
}

void CompareRunner::picture(Work& work, const CompareOptions& options, quint64 id) {
  if (!work.comparer) return;
  QImage image;
  QVector<CompareScatter> scatters;
  const QString error = capture([&] {
    if (options.what == CompareWhat::Scatter)
      scatters = work.comparer->scatterData(options);
    else
      image = work.comparer->renderImage(options);
  });
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (picture_ || abort_) return;  // a newer request waits: this one would only flash up
  }
  const bool scatter = options.what == CompareWhat::Scatter;
  postCall(this, [this, id, image, scatters, error, scatter] {
    if (!error.isEmpty())
      Q_EMIT pictureFailed(id, error);
    else if (scatter)
      Q_EMIT scatterReady(id, scatters);
    else
      Q_EMIT pictureReady(id, image);
  });
}

}  // namespace vae
