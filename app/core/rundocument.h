#pragma once

#include "app/core/trainingtypes.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QThread;

namespace vae {

class RunWatcher;
class TrainingController;

// The run the window shows, as a document: the file it belongs to (empty: Untitled), whether it has unsaved
// work, its autosave, and reading and writing it off the GUI thread. A run is trained here (TrainingController
// holds its model), opened from a checkpoint, or watched while another process rewrites it (a headless or
// data-parallel `vae-studio train --out`). Saves of a run trained here go through the controller, whose worker
// writes at a step boundary; an opened run is written as it was read. Recent files live here too.
class RunDocument : public QObject {
  Q_OBJECT

 public:
  RunDocument(TrainingController* training, QObject* parent = nullptr);
  ~RunDocument() override;  // waits for a read or write in flight (they cannot be interrupted mid-file)

  // --- the document ---
  bool hasRun() const { return hasRun_; }
  QString path() const { return path_; }           // empty while Untitled
  bool isModified() const { return modified_; }
  void setModified(bool modified);
  // "run — VAE Studio", "Untitled — VAE Studio", "run — watching — VAE Studio", or "VAE Studio" without a run;
  // "[*]" marks where QWidget::setWindowModified puts its star.
  QString title() const;
  // An opened (or watched) run, or the final state of a run that ended here: what Start continues and Export
  // reads. Null otherwise (no run, or one still training).
  CheckpointPtr openedRun() const { return opened_; }
  // The dataset the run was trained on (its spec); empty without a run.
  QString datasetSpec() const { return datasetSpec_; }
  // A new run started from the panel on datasetSpec: Untitled and unsaved, with an autosave of its own.
  void startNewRun(const QString& datasetSpec);
  // The opened run continues training: the controller owns it from now on.
  void continueOpenedRun();
  // No run any more: training shut down, nothing open, the title back to "VAE Studio". The unsaved work's
  // autosave stays (call discardAutosave first when the user chose to discard it).
  void closeRun();

  // --- autosave: crash insurance at every epoch's end ---
  // RUN.autosave.vaestudio beside the run; an Untitled run's is a file of its own in unsavedAutosaveDir(), so a
  // new run (or a second window) never writes over another run's.
  QString autosavePath() const;
  static QString unsavedAutosaveDir();
  static QStringList unsavedAutosaves();  // newest first
  static bool isUnsavedAutosave(const QString& path);
  static QString autosavePathFor(const QString& runPath);
  // That autosave when it exists and is newer than the run file (the app died after the last save), else "".
  static QString newerAutosaveFor(const QString& runPath);
  void requestAutosave();  // the controller's run, written at its next step boundary
  // The user discarded the run's unsaved work: training stops and its autosave goes too (it would be
  // offered again otherwise).
  void discardAutosave();

  // --- open and save ---
  // Reads file off the GUI thread as the run saved at runPath (empty: Untitled); `modified` marks it as unsaved
  // work (a restored autosave). Ignored while another read runs. Answered by opened or openFailed.
  void open(const QString& file, const QString& runPath, bool modified);
  bool isOpening() const { return reader_ != nullptr; }
  // Writes the run to path and makes it the run's file: the controller's run, else the opened one. Answered by
  // saved or saveFailed; false (nothing started) when there is nothing to save.
  bool save(const QString& path);
  bool isWriting() const { return writer_ != nullptr; }
  bool isSaving() const { return !pendingSavePath_.isEmpty(); }
  static QStringList recentFiles();
  static void clearRecentFiles();

  // --- watching a run another process writes ---
  // Follows path: every new version is read off the GUI thread and becomes the opened run (watchedVersion);
  // an unreadable or missing file keeps the watch (watchWaiting). A new watch replaces the old one.
  void watch(const QString& path);
  // The last version read stays open, Untitled: Save then asks for a path instead of writing over the other
  // process's file.
  void stopWatching();
  bool isWatching() const;
  QString watchedPath() const;
  RunWatcher* runWatcher() const { return watcher_; }

 Q_SIGNALS:
  void changed();  // path, modified flag, watching or hasRun changed: title and actions follow
  void opening(const QString& file);
  void opened(const vae::CheckpointPtr& checkpoint, const QString& file);
  void openFailed(const QString& message);
  void saving(const QString& file);
  void saved(const QString& path);
  void saveFailed(const QString& message);
  void autosaved(const QString& path);
  void autosaveFailed(const QString& message);
  // The controller's run failed (not a save): for the window to report.
  void trainingFailed(const QString& message);
  void writingChanged();  // an opened run's write started or ended (Save is disabled meanwhile)
  void watchedVersion(const vae::CheckpointPtr& checkpoint, const QString& path, const QDateTime& fileTime,
                      bool first);
  void watchWaiting(const QString& reason);
  void watchStopped(const QString& path);
  void recentFilesChanged();

 private:
  struct ReadResult;
  QThread* createReader(const std::shared_ptr<ReadResult>& result);
  void finishOpen(const std::shared_ptr<ReadResult>& result);
  void writeOpened(const QString& absolutePath);
  void onCheckpointSaved(const QString& path);
  void onFailed(const QString& message);
  void completeSave(const QString& path);
  void addRecentFile(const QString& path);
  void reloadWatched();
  void finishWatchRead(const std::shared_ptr<ReadResult>& result, quint64 generation);
  void setState(const QString& path, bool modified);
  void keepEndedRun();

  TrainingController* training_;
  bool hasRun_ = false;
  QString path_;
  bool modified_ = false;
  CheckpointPtr opened_;
  QString datasetSpec_;
  mutable QString untitledAutosave_;  // the Untitled run's autosave, named when first needed
  QString pendingSavePath_;  // an explicit save in flight (autosaves do not clear the '*')
  QThread* reader_ = nullptr;
  QThread* writer_ = nullptr;

  RunWatcher* watcher_ = nullptr;
  QThread* watchReader_ = nullptr;  // separate from reader_: a user's Open never waits for it
  bool watchReloadPending_ = false;
  bool watchShown_ = false;  // a version of the current watch was shown
  // Bumped when watching starts or stops: a read still running for an ended watch is dropped.
  quint64 watchGeneration_ = 0;
};

}  // namespace vae
