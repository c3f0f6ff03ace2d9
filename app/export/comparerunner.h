#pragma once

#include "app/export/comparer.h"

#include <QImage>
#include <QString>
#include <QThread>
#include <QVector>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace vae {

// The Compare tab's LibTorch work on one background thread, so the GUI thread never waits for a checkpoint read,
// a test set scored by four models or a sheet of four grids: Qt's Mandelbrot pattern as in ExportRunner. The
// public calls copy their input under the mutex and wake the thread; it takes the newest job of each kind
// (checkpoint reads first, then a new set of runs, then a decode, then a picture), works unlocked and answers
// with value-type signals emitted on the GUI thread. A new set of runs drops the answers of the old one.
class CompareRunner : public QThread {
  Q_OBJECT

 public:
  explicit CompareRunner(QObject* parent = nullptr);
  ~CompareRunner() override;  // drops what waits, joins the thread (after the job running, which cannot be cut)

  // Reads path as a run to compare; answered by loaded or loadFailed. Reads are queued, none is dropped.
  void requestLoad(const QString& path);
  // The runs to compare (Comparer::kMinRuns to kMaxRuns; fewer clears them) and the window's dataset, used
  // when its images fit the first run's model (else the first run's own dataset is loaded here). Scores them:
  // answered by tableReady or tableFailed with the returned generation.
  quint64 setRuns(const QVector<CompareRun>& runs, std::shared_ptr<const DatasetSplit> data);
  // Comparer::renderImage of the current runs (a scatter comes back as its data: scatterReady, for
  // Comparer::scatterSheet to draw on the GUI thread). Newest wins. Answered by pictureReady, scatterReady or
  // pictureFailed with the returned id.
  quint64 requestPicture(const CompareOptions& options);
  // z decoded by every run whose latent space has z.size() dimensions (a null image for the others). Newest
  // wins. Answered by decoded with the returned id.
  quint64 requestDecode(const QVector<double>& z);

 Q_SIGNALS:
  void loaded(const QString& path, const vae::CompareRun& run);
  void loadFailed(const QString& path, const QString& message);
  void tableReady(quint64 generation, const QVector<vae::CompareRow>& rows);
  void tableFailed(quint64 generation, const QString& message);
  void pictureReady(quint64 id, const QImage& image);
  void scatterReady(quint64 id, const QVector<vae::CompareScatter>& scatters);
  void pictureFailed(quint64 id, const QString& message);
  void decoded(quint64 id, const QVector<QImage>& images);

 protected:
  void run() override;

 private:
  struct RunSet {
    QVector<CompareRun> runs;
    std::shared_ptr<const DatasetSplit> data;
    quint64 generation = 0;
  };
  struct Work;  // the thread's state: the Comparer and one decoder per run
  void wake();
  bool isStale(quint64 generation);
  void adopt(Work& work, const RunSet& set);
  void decode(Work& work, const QVector<double>& z, quint64 id);
  void picture(Work& work, const CompareOptions& options, quint64 id);

  // std:: rather than QMutex/QWaitCondition, for ThreadSanitizer (see ExportRunner).
  std::mutex mutex_;
  std::condition_variable condition_;
  std::deque<QString> loads_;               // guarded by mutex_
  std::optional<RunSet> runs_;              // guarded by mutex_
  std::optional<CompareOptions> picture_;   // guarded by mutex_
  std::optional<QVector<double>> decode_;   // guarded by mutex_
  quint64 generation_ = 0;                  // guarded by mutex_: the newest set of runs
  quint64 pictureId_ = 0, decodeId_ = 0;    // guarded by mutex_
  bool abort_ = false;                      // guarded by mutex_
};

}  // namespace vae
