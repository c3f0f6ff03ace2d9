#pragma once

#include "app/core/trainingtypes.h"
#include "model/dataset.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QTabWidget;
class QWidget;

namespace vae {

class ModelPreview;

class DatasetLoader;
class ExplorePanel;
class ModelPanel;
class RunDocument;
class TrainingController;
class TrainingStatus;
class TrainingView;
class WindowMessages;

// The views a run is shown in; all owned by the window.
struct RunViews {
  QWidget* window = nullptr;  // parent of dialogs
  QTabWidget* tabs = nullptr;
  ModelPanel* modelPanel = nullptr;
  TrainingView* trainingView = nullptr;
  TrainingStatus* status = nullptr;
  ExplorePanel* explore = nullptr;
  WindowMessages* messages = nullptr;
};

// What the user does with a run, and what the window shows of it: start or continue training, stop, open, save,
// watch another process's run, restore an autosave, close with unsaved work. It drives the TrainingController and
// the RunDocument and keeps the views in step with both; the window's menus call it.
class RunControl : public QObject {
  Q_OBJECT

 public:
  RunControl(TrainingController* training, RunDocument* document, DatasetLoader* loader, const RunViews& views,
             QObject* parent);

  // The window's dataset: what a new run trains on, and what an opened run must match to continue.
  void setDataset(const QString& spec, const std::shared_ptr<const DatasetSplit>& data);

  void toggle();  // start (or continue) when idle, pause when running, resume when paused
  // Continues the run there is (opened, or ended here; asking for more epochs when it has trained them all),
  // else trains a new run from the panel's settings.
  void start();
  // A new run from the panel's settings, after asking Save / Discard / Cancel when the current run is unsaved.
  void startNewRun();
  void stop();
  // Runs proceed once the current run may be replaced by something else (what, e.g. "Loading CIFAR-10 ends the
  // current run."): at once when nothing is unsaved; after the user chose Save (once it is written) or Discard;
  // never on Cancel. The current run is closed (views emptied, training shut down) before proceed runs.
  void replaceRunThen(const QString& what, const std::function<void()>& proceed);
  void open(const QString& path);
  void openDialog();
  void save();  // to the run's file, asking for one the first time
  void saveAsDialog();
  void saveTo(const QString& path);
  void offerAutosaveRestore();
  void watch(const QString& path);
  void watchDialog();
  void stopWatching();
  // The window wants to close: false while a save it waits for runs, or when the user cancels or chose Save (the
  // window closes itself once saved); true when it may close now (training is shut down then).
  bool readyToClose();

  bool canStart() const;
  bool canSave() const;

 Q_SIGNALS:
  void changed();  // what the menus and the title show may have changed
  void trainingStarted();
  void trainingEnded();
  void checkpointSaved(const QString& path);
  void checkpointLoaded(const QString& path);
  void checkpointFailed(const QString& message);
  void watchedRunUpdated(const QString& path);
  void watchedRunWaiting(const QString& reason);
  void closeRequested();  // the save chosen when closing is written
  void modelPreviewed();  // an opened or watched model's images and KL are shown

 private:
  void connectTraining();
  void connectDocument();
  void connectPreview();
  // The opened or watched model's reconstructions, new images and KL, rendered off the GUI thread once its
  // dataset is here (a live run renders its own).
  void previewModel();
  void beginTraining(const CheckpointPtr& continued);
  void closeRun();
  void saveThen(const std::function<void()>& then);
  bool unsaved() const;
  void showOpened(const CheckpointPtr& checkpoint, const QString& file);
  void showWatchedVersion(const CheckpointPtr& checkpoint, const QString& path, const QDateTime& fileTime, bool first);
  void showSettings(const Checkpoint& checkpoint);
  void loadDatasetOf(const Checkpoint& checkpoint);

  TrainingController* training_;
  RunDocument* document_;
  DatasetLoader* loader_;
  RunViews views_;
  QString datasetSpec_;
  std::shared_ptr<const DatasetSplit> dataset_;
  ModelPreview* preview_ = nullptr;
  QString requestedDatasetSpec_;  // the run's dataset, requested once (a failed load is not retried)
  int batchSize_ = 0;             // of the current run, for the ETA
  // The user chose Save before closing or replacing the run: what follows once it is written.
  std::function<void()> afterSave_;
};

}  // namespace vae
