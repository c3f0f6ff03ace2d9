#include "app/core/rundocument.h"

#include "app/core/errortext.h"
#include "app/core/runwatcher.h"
#include "app/core/trainingcontroller.h"
#include "app/core/trainingworker.h"
#include "app/core/tsanannotations.h"
#include "model/checkpoint.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>

namespace vae {

namespace {
constexpr char kCheckpointSuffix[] = "vaestudio";
// Checkpoints offered under File > Recent Checkpoints.
constexpr int kMaxRecentFiles = 8;
constexpr char kRecentFilesKey[] = "recentFiles";

QString autosaveSuffix() { return QStringLiteral(".autosave.") + QLatin1String(kCheckpointSuffix); }
}  // namespace

// Filled by a reader thread, read on the document's thread after that thread has finished.
struct RunDocument::ReadResult {
  QString path;     // the file read
  QString runPath;  // the run it belongs to (empty: Untitled)
  bool modified = false;
  QDateTime fileTime;  // the file's modification time, taken just before reading it
  std::shared_ptr<const Checkpoint> checkpoint;
  QString error;
};

RunDocument::RunDocument(TrainingController* training, QObject* parent) : QObject(parent), training_(training) {
  watcher_ = new RunWatcher(this);
  connect(watcher_, &RunWatcher::changed, this, &RunDocument::reloadWatched);
  connect(training_, &TrainingController::checkpointSaved, this, &RunDocument::onCheckpointSaved);
  connect(training_, &TrainingController::failed, this, &RunDocument::onFailed);
  // A replaced or shut down run's save will not be answered.
  connect(training_, &TrainingController::started, this, [this] { pendingSavePath_.clear(); });
  connect(training_, &TrainingController::ended, this, &RunDocument::keepEndedRun);
}

RunDocument::~RunDocument() {
  watcher_->stop();
  for (QThread* helper : {reader_, writer_, watchReader_}) {
    if (!helper) continue;
    disconnect(helper, nullptr, this, nullptr);
    helper->wait();
    delete helper;
  }
}

// --- the document ---------------------------------------------------------------------------

void RunDocument::setState(const QString& path, bool modified) {
  path_ = path;
  modified_ = modified;
  Q_EMIT changed();
}

void RunDocument::setModified(bool modified) {
  if (modified_ == modified) return;
  modified_ = modified;
  Q_EMIT changed();
}

QString RunDocument::title() const {
  if (isWatching())
    return tr("%1[*] — watching — VAE Studio").arg(QFileInfo(watchedPath()).completeBaseName());
  if (!hasRun_) return tr("VAE Studio");
  const QString name = path_.isEmpty() ? tr("Untitled") : QFileInfo(path_).completeBaseName();
  return tr("%1[*] — VAE Studio").arg(name);
}

void RunDocument::startNewRun(const QString& datasetSpec) {
  opened_.reset();
  hasRun_ = true;
  datasetSpec_ = datasetSpec;
  untitledAutosave_.clear();  // this run's own, named at its first autosave
  setState(QString(), true);  // a new run is a new, unsaved document
}

void RunDocument::continueOpenedRun() {
  opened_.reset();  // the controller's worker owns the run from here; Save asks it
  hasRun_ = true;
  setState(path_, true);
}

void RunDocument::keepEndedRun() {
  // A run that ended here (finished, stopped, failed) stays the document: its final state is what Start
  // continues. A shut-down run has no worker any more, and is being replaced or closed.
  if (!training_->worker()) return;
  if (CheckpointPtr last = training_->worker()->finalState()) {
    opened_ = std::move(last);
    Q_EMIT changed();
  }
}

void RunDocument::closeRun() {
  training_->shutdown();
  opened_.reset();
  hasRun_ = false;
  datasetSpec_.clear();
  untitledAutosave_.clear();
  setState(QString(), false);
}

// --- autosave -------------------------------------------------------------------------------

QString RunDocument::unsavedAutosaveDir() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/unsaved");
}

QStringList RunDocument::unsavedAutosaves() {
  const QDir dir(unsavedAutosaveDir());
  QStringList files;
  for (const QFileInfo& f : dir.entryInfoList({QLatin1Char('*') + autosaveSuffix()}, QDir::Files, QDir::Time))
    files << f.absoluteFilePath();
  return files;
}

bool RunDocument::isUnsavedAutosave(const QString& path) {
  const QFileInfo file(path);
  return file.absoluteDir() == QDir(unsavedAutosaveDir()) && file.fileName().endsWith(autosaveSuffix());
}

QString RunDocument::autosavePath() const {
  if (!path_.isEmpty()) return autosavePathFor(path_);
  if (untitledAutosave_.isEmpty()) {
    // Named by the moment it was first needed, plus a random part for two windows in the same millisecond.
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    untitledAutosave_ = QDir(unsavedAutosaveDir())
                            .filePath(QStringLiteral("run-%1-%2").arg(stamp).arg(QRandomGenerator::global()->bounded(
                                                                                     1000000), 6, 10, QLatin1Char('0')) +
                                      autosaveSuffix());
  }
  return untitledAutosave_;
}

QString RunDocument::autosavePathFor(const QString& runPath) {
  const QFileInfo run(runPath);
  return run.absoluteDir().filePath(run.completeBaseName() + autosaveSuffix());
}

QString RunDocument::newerAutosaveFor(const QString& runPath) {
  const QFileInfo run(runPath);
  const QFileInfo autosave(autosavePathFor(runPath));
  if (!autosave.exists() || run.fileName().endsWith(autosaveSuffix())) return {};
  return autosave.lastModified() > run.lastModified() ? autosave.absoluteFilePath() : QString();
}

void RunDocument::requestAutosave() {
  if (!training_->hasRun()) return;
  const QString autosave = autosavePath();
  QDir().mkpath(QFileInfo(autosave).absolutePath());
  training_->requestCheckpoint(autosave);
}

void RunDocument::discardAutosave() {
  training_->shutdown();  // joins the training thread: no autosave of this run is written after this
  if (hasRun_) QFile::remove(autosavePath());
}

// --- open -----------------------------------------------------------------------------------

QThread* RunDocument::createReader(const std::shared_ptr<ReadResult>& result) {
  return QThread::create([result] {
    const std::string fileName = result->path.toStdString();
    result->fileTime = QFileInfo(result->path).lastModified();
    result->error = captureError([&] { result->checkpoint = std::make_shared<Checkpoint>(Checkpoint::load(fileName)); },
                                 QStringLiteral("%1: unknown error while loading").arg(result->path));
    // Handed to finishOpen() by Qt's queued finished(), which ThreadSanitizer cannot see through.
    tsan::release(result.get());
  });
}

void RunDocument::open(const QString& file, const QString& runPath, bool modified) {
  if (reader_) return;
  auto result = std::make_shared<ReadResult>();
  result->path = file;
  result->runPath = runPath;
  result->modified = modified;
  reader_ = createReader(result);
  connect(reader_, &QThread::finished, this, [this, result] { finishOpen(result); });
  Q_EMIT opening(file);
  reader_->start();
}

void RunDocument::finishOpen(const std::shared_ptr<ReadResult>& result) {
  tsan::acquire(result.get());  // what the reader thread wrote (see createReader())
  reader_->deleteLater();
  reader_ = nullptr;
  if (!result->checkpoint) {
    Q_EMIT openFailed(firstLine(result->error.isEmpty() ? tr("%1: could not be read").arg(result->path)
                                                        : result->error));
    return;
  }
  training_->shutdown();  // the opened run replaces the one in memory
  opened_ = result->checkpoint;
  hasRun_ = true;
  datasetSpec_ = QString::fromStdString(opened_->datasetSpec);
  // A restored Untitled autosave goes on being that run's autosave.
  untitledAutosave_ = isUnsavedAutosave(result->path) ? QFileInfo(result->path).absoluteFilePath() : QString();
  // A restored autosave is unsaved work: it keeps its run's path (empty for an Untitled run).
  setState(result->runPath, result->modified);
  if (!path_.isEmpty()) addRecentFile(path_);
  Q_EMIT opened(opened_, result->path);
}

// --- save -----------------------------------------------------------------------------------

bool RunDocument::save(const QString& path) {
  if (path.isEmpty()) return false;
  const QString absolute = QFileInfo(path).absoluteFilePath();
  if (training_->hasRun()) {
    pendingSavePath_ = absolute;
    Q_EMIT saving(absolute);
    training_->requestCheckpoint(absolute);  // may report back before it returns (the run already ended)
    return true;
  }
  if (opened_ && !writer_) {
    pendingSavePath_ = absolute;
    Q_EMIT saving(absolute);
    writeOpened(absolute);
    return true;
  }
  return false;
}

void RunDocument::writeOpened(const QString& absolutePath) {
  // An opened run that has not trained here: written as it was read.
  auto checkpoint = opened_;
  auto error = std::make_shared<QString>();
  writer_ = QThread::create([checkpoint, absolutePath, error] {
    *error = captureError([&] { checkpoint->save(absolutePath.toStdString()); },
                          QStringLiteral("unknown error while saving"));
    if (!error->isEmpty() && !error->contains(absolutePath)) *error = absolutePath + QStringLiteral(": ") + *error;
    tsan::release(error.get());  // read by the finished() handler below, on this object's thread
  });
  connect(writer_, &QThread::finished, this, [this, absolutePath, error] {
    tsan::acquire(error.get());  // what the writer thread wrote
    writer_->deleteLater();
    writer_ = nullptr;
    Q_EMIT writingChanged();
    if (error->isEmpty())
      onCheckpointSaved(absolutePath);
    else
      onFailed(*error);
  });
  Q_EMIT writingChanged();
  writer_->start();
}

void RunDocument::onCheckpointSaved(const QString& path) {
  if (path != pendingSavePath_) {
    Q_EMIT autosaved(path);
    return;
  }
  completeSave(path);
}

void RunDocument::completeSave(const QString& path) {
  pendingSavePath_.clear();
  const QString oldAutosave = autosavePath();
  path_ = path;
  // The run is safe in its own file now: autosaves of older states would only confuse a later restore.
  QFile::remove(oldAutosave);
  QFile::remove(autosavePath());
  setState(path, false);
  addRecentFile(path);
  Q_EMIT saved(path);
}

void RunDocument::onFailed(const QString& message) {
  if (!pendingSavePath_.isEmpty() && message.contains(pendingSavePath_)) {
    pendingSavePath_.clear();
    Q_EMIT saveFailed(message);
  } else if (message.contains(autosavePath())) {
    Q_EMIT autosaveFailed(message);
  } else {
    Q_EMIT trainingFailed(message);
  }
}

// --- recent files ---------------------------------------------------------------------------

QStringList RunDocument::recentFiles() { return QSettings().value(kRecentFilesKey).toStringList(); }

void RunDocument::clearRecentFiles() { QSettings().remove(kRecentFilesKey); }

void RunDocument::addRecentFile(const QString& path) {
  QStringList files = recentFiles();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  files.removeAll(absolute);
  files.prepend(absolute);
  while (files.size() > kMaxRecentFiles) files.removeLast();
  QSettings().setValue(kRecentFilesKey, files);
  Q_EMIT recentFilesChanged();
}

// --- watching -------------------------------------------------------------------------------

bool RunDocument::isWatching() const { return watcher_->isWatching(); }

QString RunDocument::watchedPath() const { return watcher_->path(); }

void RunDocument::watch(const QString& path) {
  if (path.isEmpty()) return;
  stopWatching();
  ++watchGeneration_;
  watchShown_ = false;
  watcher_->watch(path);
  Q_EMIT changed();
  reloadWatched();
}

void RunDocument::stopWatching() {
  if (!isWatching()) return;
  const QString path = watchedPath();
  watcher_->stop();
  ++watchGeneration_;  // a read still running is dropped when it ends
  watchReloadPending_ = false;
  // The file belongs to the process writing it: the last version shown stays open, Untitled.
  if (watchShown_)
    setState(QString(), false);
  else
    Q_EMIT changed();
  Q_EMIT watchStopped(path);
}

void RunDocument::reloadWatched() {
  if (!isWatching()) return;
  if (watchReader_) {
    // Never two reads at once: the file is read again when this one ends, so the newest version wins.
    watchReloadPending_ = true;
    return;
  }
  watchReloadPending_ = false;
  auto result = std::make_shared<ReadResult>();
  result->path = watchedPath();
  const quint64 generation = watchGeneration_;
  watchReader_ = createReader(result);
  connect(watchReader_, &QThread::finished, this,
          [this, result, generation] { finishWatchRead(result, generation); });
  watchReader_->start();
}

void RunDocument::finishWatchRead(const std::shared_ptr<ReadResult>& result, quint64 generation) {
  watchReader_->deleteLater();
  watchReader_ = nullptr;
  // A read for a watch that has ended (or was restarted on another file) shows nothing.
  if (generation == watchGeneration_ && isWatching()) {
    if (result->checkpoint) {
      const bool first = !watchShown_;
      if (first) training_->shutdown();  // a finished run trained here is replaced, as by Open
      watchShown_ = true;
      opened_ = result->checkpoint;  // Export and, after Stop Watching, Continue Training use it
      hasRun_ = true;
      datasetSpec_ = QString::fromStdString(opened_->datasetSpec);
      setState(result->path, false);
      Q_EMIT watchedVersion(opened_, result->path, result->fileTime, first);
    } else {
      // "PATH: reason": whoever shows it names the file already.
      QString reason = firstLine(result->error.isEmpty() ? tr("%1: could not be read").arg(result->path) : result->error);
      const QString prefix = result->path + QStringLiteral(": ");
      if (reason.startsWith(prefix)) reason = reason.mid(prefix.size());
      Q_EMIT watchWaiting(reason);
    }
  }
  if (watchReloadPending_) reloadWatched();
}

}  // namespace vae
