#pragma once

#include "app/core/trainingtypes.h"

#include <QDateTime>
#include <QObject>
#include <QString>

class QLabel;
class QProgressBar;
class QStatusBar;

namespace vae {

struct Checkpoint;

// The permanent widgets of the window's status bar: a busy bar while something loads, the watched run's line,
// and the run's state, position, speed, ETA and progress. Transient messages stay the QStatusBar's own.
class TrainingStatus : public QObject {
  Q_OBJECT

 public:
  explicit TrainingStatus(QStatusBar* bar);

  void setBusy(bool busy);

  // A run trained here: shown from its start.
  void showStarting();
  void showStopping();
  void showState(TrainingState state);
  // batchSize: the run's, for the ETA from images per second.
  void showSteps(const StepBatch& batch, int batchSize);
  // An opened run: "■ Stopped" or "✔ Finished" at its saved epoch and step, no speed.
  void showSavedPosition(const Checkpoint& checkpoint);
  // A watched run: its watch line says where it is.
  void hideRun();

  // The watched run's line: "Watching RUN: reading…", "Watching RUN: step N, epoch E/T — updated HH:MM:SS",
  // "Watching RUN: waiting for a readable checkpoint (reason)"; clearWatch hides it.
  void showWatchReading(const QString& path);
  void showWatchedVersion(const Checkpoint& checkpoint, const QString& path, const QDateTime& fileTime);
  void showWatchWaiting(const QString& path, const QString& reason);
  void clearWatch();
  QString watchText() const;

  // Status-bar messages about a run.
  static QString stateMessage(TrainingState state);  // empty for states that need none
  static QString epochMessage(const EpochStats& stats);

  // "epoch 3/10 · step 1,234".
  static QString progressText(qint64 epoch, qint64 epochs, qint64 step);

 private:
  void setRunVisible(bool visible, bool withProgressBar);
  void setWatchText(const QString& text, const QString& path);

  QProgressBar* busy_ = nullptr;
  QLabel* watch_ = nullptr;
  QLabel* state_ = nullptr;
  QLabel* progress_ = nullptr;
  QLabel* speed_ = nullptr;
  QLabel* eta_ = nullptr;
  QProgressBar* progressBar_ = nullptr;
};

}  // namespace vae
