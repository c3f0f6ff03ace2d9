#pragma once

#include "app/export/exporter.h"
#include "app/core/trainingtypes.h"

#include <QImage>
#include <QThread>
#include <QVector>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

namespace vae {

// Runs an ExportDialog's previews and its export on one background thread, so the GUI thread never
// waits for a 70 000-row codes CSV, a many-frame GIF or the test set encoded for PCA axes.
//
// The pattern of Qt's Mandelbrot example: the public calls copy their input under the mutex and wake
// the thread; the thread takes the newest job, works unlocked, and answers with value-type signals
// (queued to the GUI thread). One Exporter serves every job, so the dataset and test codes it loads
// for the first preview are reused by the next previews and by the export.
class ExportRunner : public QThread {
  Q_OBJECT

 public:
  // data: the window's loaded dataset when it is the checkpoint's (else null: the Exporter loads it).
  ExportRunner(CheckpointPtr checkpoint, std::shared_ptr<const DatasetSplit> data, QObject* parent = nullptr);
  // Cancels a running export, drops waiting jobs and joins the thread.
  ~ExportRunner() override;

  // Renders options' pictures (image kinds) without writing. Newest wins: a preview not yet started
  // is replaced. Returns the id that previewReady / previewFailed carry.
  quint64 requestPreview(const ExportOptions& options);
  // Writes options.out; false (nothing started) while another export runs. Ends in exported,
  // exportFailed or exportCancelled. The Plot kind draws into a LossPlot widget, which only the GUI
  // thread may create: it runs there, from the event loop (it takes well under a second).
  bool startExport(const ExportOptions& options);
  // The running export stops at its next check (codes: every 1000 rows; traversal: every row) and
  // writes nothing; one that is past its checks completes.
  void cancelExport();
  bool isExporting() const { return exporting_; }

 Q_SIGNALS:
  void previewReady(quint64 id, const QVector<QImage>& frames);
  void previewFailed(quint64 id, const QString& reason);
  void exportProgress(qint64 done, qint64 total);
  void exported(const QString& summary);
  void exportFailed(const QString& reason);
  void exportCancelled();

 protected:
  void run() override;

 private:
  void wake();
  void runExport(Exporter& exporter, const ExportOptions& options);
  void finishExport(const QString& summary, const QString& error);

  const CheckpointPtr checkpoint_;
  // Built on the constructing (GUI) thread: Checkpoint::makeModel draws from the global generator,
  // which a Trainer being constructed on the training thread must not race. Used only by run().
  std::unique_ptr<Exporter> exporter_;

  // std:: rather than QMutex/QWaitCondition, like TrainingWorker: QWaitCondition::wait(QMutex*) unlocks
  // and relocks the mutex inside Qt's (uninstrumented) library, which ThreadSanitizer then reports as a
  // double lock and as races on everything the mutex guards.
  std::mutex mutex_;
  std::condition_variable condition_;
  std::optional<ExportOptions> preview_;  // guarded by mutex_
  quint64 previewId_ = 0;                 // guarded by mutex_
  std::optional<ExportOptions> export_;   // guarded by mutex_
  bool abort_ = false;                    // guarded by mutex_
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> exporting_{false};
};

}  // namespace vae
