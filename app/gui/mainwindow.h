#pragma once

#include "app/export/historyplot.h"

#include <QList>
#include <QMainWindow>

#include <memory>

class QAction;
class QCloseEvent;
class QDragEnterEvent;
class QDropEvent;
class QIcon;
class QLabel;
class QTabWidget;
class QTreeWidget;
class QMenu;
class QProgressBar;
class QPushButton;
class QThread;

namespace vae {

struct Checkpoint;
struct DatasetSplit;
class ExportDialog;
enum class ExportKind;
struct EpochStats;
struct StepBatch;
struct TrainingEvent;
class ExplorePanel;
class ImageGridView;
class KlBars;
class LossPlot;
class ModelPanel;
class RunWatcher;
class TrainingWorker;
enum class TrainingState;

// The main window: dataset summary and model setup on the left; in the centre a "Dataset" tab (a page
// of training images) and a "Training" tab (live loss curves, reconstructions, KL per dimension, prior
// samples). Datasets and checkpoints load on helper threads and training runs in a TrainingWorker on
// its own QThread, so the window only draws; errors are reported without blocking. A run that another
// process writes (a headless or data-parallel `vae-studio train --out`) can be watched: the window
// follows its checkpoint file as it is rewritten (RunWatcher tells when; the reads run off the GUI thread).
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  // Images shown per page of the dataset grid (8 x 6 at the default window size).
  static constexpr int kPageSize = 48;

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // The application icon from the resources (PNG sizes plus the SVG when Qt can render it).
  static QIcon appIcon();
  // "fashion-mnist" when the Debian package is installed, else the built-in shapes.
  static QString defaultDatasetSpec();
  // Human name of a dataset spec for status messages: "Fashion-MNIST", "Shapes", a file or folder name.
  static QString describeSpec(const QString& spec);

  // Errors are shown in a window-modal message box (default) or only in the status bar (tests).
  void setShowErrorDialogs(bool show) { showErrorDialogs_ = show; }
  bool showErrorDialogs() const { return showErrorDialogs_; }

  // The spec of the dataset shown, for the next session's startup and for checkpoints.
  QString datasetSpec() const { return datasetSpec_; }
  // What the GUI should open at startup: the last dataset used, else defaultDatasetSpec().
  static QString initialDatasetSpec();

  bool isLoading() const { return loader_ != nullptr; }
  // The loaded dataset, or nullptr before the first successful load.
  const DatasetSplit* dataset() const { return dataset_.get(); }
  ImageGridView* imageGrid() const { return grid_; }
  int currentPage() const { return page_; }  // 0-based
  int pageCount() const;

  ModelPanel* modelPanel() const { return modelPanel_; }
  LossPlot* lossPlot() const { return lossPlot_; }
  KlBars* klBars() const { return klBars_; }
  ImageGridView* reconstructionGrid() const { return reconGrid_; }
  ImageGridView* sampleGrid() const { return samplesGrid_; }
  QTabWidget* tabs() const { return tabs_; }
  ExplorePanel* explorePanel() const { return explore_; }
  // The current run's worker (running, paused or done), or nullptr before the first Start.
  TrainingWorker* trainingWorker() const { return worker_; }
  TrainingState trainingState() const;
  bool isTraining() const;  // running or paused
  // The file the run was opened from / saved to; empty while unsaved.
  QString runPath() const { return runPath_; }
  // Where the run is autosaved at the end of every epoch.
  QString autosavePath() const;
  static QString unsavedAutosavePath();
  // RUN.autosave.vaestudio beside runPath: where a saved run's epoch-end autosaves go.
  static QString autosavePathFor(const QString& runPath);
  // That autosave when it exists and is newer than the run file (the app died after the last save),
  // else an empty string.
  static QString newerAutosaveFor(const QString& runPath);
  static QStringList recentFiles();

  // Watching a run that another process writes (File → Watch Run…): the checkpoint file being followed.
  bool isWatching() const;
  QString watchedPath() const;
  // The status bar's watch line: "Watching RUN: step N, epoch E/T — updated HH:MM:SS" or "Watching RUN:
  // waiting for a readable checkpoint (reason)"; empty when not watching.
  QString watchStatus() const;
  RunWatcher* runWatcher() const { return runWatcher_; }

 public Q_SLOTS:
  // Starts loading spec (any loadDatasetSpecWithFolders spec) off the GUI thread. While a load runs,
  // the newest request waits and replaces the running one's result when it finishes.
  void loadDataset(const QString& spec);
  void openDatasetDialog();
  void setPage(int page);
  void nextPage();
  void previousPage();

  // Start when idle, pause when running, resume when paused (the toolbar's main button).
  void toggleTraining();
  // Starts a new run from the panel settings, or continues the opened checkpoint.
  void startTraining();
  void pauseTraining();
  void resumeTraining();
  void stopTraining();
  void stepTraining();  // one batch while paused

  // Loads a checkpoint off the GUI thread: history into the plot, settings into the panel, its dataset
  // reloaded; Start then continues it.
  // Opens a run. When a newer autosave of it exists (a crash after the last save) and dialogs are
  // shown, asks whether to open the autosave instead; the run keeps its own path either way.
  void openCheckpoint(const QString& path);
  void openCheckpointDialog();
  // Saves to runPath(), asking for a path the first time.
  void saveCheckpoint();
  void saveCheckpointAsDialog();
  // Saves to path and makes it the run's file (no dialog).
  void saveCheckpointTo(const QString& path);
  // Offers the unsaved autosave of a previous session, if any; only when dialogs are shown.
  void offerAutosaveRestore();

  // Follows the checkpoint at path that a headless run (`vae-studio train --out`, rank 0 of a
  // data-parallel run) rewrites after every epoch: each new version is read off the GUI thread and
  // replaces history, curves (a zoomed plot keeps its view), the explorer's weights (the sliders keep z)
  // and the model settings. The window is read-only meanwhile: Continue Training and Save are disabled,
  // since the file belongs to the other process. An unreadable or missing file keeps the watch and waits
  // for the next version. Stop Watching, opening a checkpoint or dataset, or starting training end it.
  // Refused (status message) while training or while a checkpoint is being opened.
  void watchRun(const QString& path);
  void watchRunDialog();
  // Ends watching; the last version read stays open like an opened checkpoint.
  void stopWatching();

  // Reads an image file, encodes it with the current model (its posterior mean goes into the Explore
  // tab's sliders) and shows the Explore tab. Without a model, or when the file cannot be read or
  // encoded, reports the error (imageEncodeFailed) and returns false. Dropping an image file on the
  // window does the same.
  bool encodeImageFile(const QString& path);
  void encodeImageDialog();
  // Encodes training image index (as shown on the Dataset tab) into the Explorer's sliders, as the
  // preview's right-click menu does. False with an error report without a model or dataset.
  bool encodeDatasetImage(int64_t index);

  // Export → <kind>…: opens an ExportDialog on the current model, pre-filled from the Explore tab. An
  // opened checkpoint is exported as it is; a run trained in this session is captured first (at the
  // worker's next step boundary), so the dialog opens a moment later. Without a model: a status message.
  void openExportDialog(ExportKind kind);

 Q_SIGNALS:
  void datasetLoaded(const QString& name);
  void datasetFailed(const QString& message);
  void trainingStarted();
  void trainingEnded();  // the worker's run() returned (finished, stopped or failed)
  void checkpointSaved(const QString& path);
  // An ExportDialog was opened (for tests and the status bar's owner).
  void exportDialogOpened(vae::ExportDialog* dialog);
  void checkpointLoaded(const QString& path);
  void checkpointFailed(const QString& message);
  void imageEncoded(const QString& path);
  void imageEncodeFailed(const QString& message);
  // A version of the watched run was read and shown.
  void watchedRunUpdated(const QString& path);
  // The watched file could not be read (reason: one line); watching goes on.
  void watchedRunWaiting(const QString& reason);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  struct LoadResult;
  struct CheckpointResult;
  // Loads `file` off the GUI thread as the run saved at runPath (empty: unsaved); `modified` marks it
  // as unsaved work (a restored autosave).
  void loadCheckpointFile(const QString& file, const QString& runPath, bool modified);
  // A not yet started thread that reads result->path into result (checkpoint or error).
  QThread* createCheckpointReader(const std::shared_ptr<CheckpointResult>& result);
  // loadDataset without ending a watch (the watched run's own dataset).
  void requestDataset(const QString& spec);
  void createActions();
  void createTrainingActions();
  // The Export menu: one action per ExportKind, enabled while there is a model.
  void createExportActions();
  void updateExportActions();
  // The dialog on checkpoint: the opened run, or a capture of the one trained here.
  void showExportDialog(ExportKind kind, const std::shared_ptr<const Checkpoint>& checkpoint);
  // Status bar and error reporting for every view's "Save Image As…".
  void connectSaveImageActions();
  void createCentralWidgets();
  QWidget* createTrainingTab();
  void createStatusWidgets();
  void readSettings();
  void writeSettings();
  void startLoading(const QString& spec);
  void finishLoading(const std::shared_ptr<LoadResult>& result);
  void setBusy(bool busy, const QString& message);
  void showDatasetInfo();
  void showPage();
  void updatePageActions();
  void showImageDetails(int indexOnPage);
  void showDatasetImageMenu(const QPoint& pos);
  // Encodes image into the Explorer's sliders and shows the tab; errors name source (a path or
  // "training image 12"). A null image fails with readError.
  bool encodeIntoExplorer(const QImage& image, const QString& name, const QString& source, const QString& readError);
  void showError(const QString& message);
  // A non-blocking warning box (or only the status bar when dialogs are off).
  void reportError(const QString& title, const QString& text, const QString& details);
  void showAbout();

  // Training plumbing.
  void connectWorker();
  void shutdownTraining();  // stop, quit and join the training thread; keeps nothing running
  void onStateChanged(TrainingState state);
  void onSteps(const StepBatch& batch);
  void onEpochFinished(const EpochStats& stats);
  void onEvent(const TrainingEvent& event);
  void onReconstructions(const QVector<QImage>& originals, const QVector<QImage>& reconstructions);
  void onWorkerCheckpointSaved(const QString& path);
  void onWorkerFailed(const QString& message);
  void onWorkerFinished();
  void updateTrainingActions();
  void updateTitle();
  void setRunModified(bool modified);
  // The checkpoint's model and training settings into the panel (its beta / lr overrides win).
  void showSettings(const Checkpoint& checkpoint);
  void showHistory(const Checkpoint& checkpoint);
  // Status-bar position of a saved run ("■ Stopped", epoch and step) and the reconstructions' hint.
  void showSavedPosition(const Checkpoint& checkpoint);
  // Watching: one read of the watched file at a time; a change during a read reads again after it.
  void reloadWatchedRun();
  void finishWatchLoad(const std::shared_ptr<CheckpointResult>& result, quint64 generation);
  void showWatchedCheckpoint(const CheckpointResult& result);
  void showWatchWaiting(const QString& error);
  void setWatchStatus(const QString& text);
  void clearLiveViews();
  void finishCheckpointLoad(const std::shared_ptr<CheckpointResult>& result);
  void addRecentFile(const QString& path);
  void updateRecentMenu();

  std::shared_ptr<const DatasetSplit> dataset_;
  QString datasetSpec_;
  int page_ = 0;
  bool showErrorDialogs_ = true;

  QThread* loader_ = nullptr;
  QString loadingSpec_;
  QString pendingSpec_;

  // Training.
  QThread* trainingThread_ = nullptr;
  TrainingWorker* worker_ = nullptr;  // lives on trainingThread_
  std::shared_ptr<const Checkpoint> resumeFrom_;  // an opened checkpoint that Start continues
  QThread* checkpointLoader_ = nullptr;
  QThread* checkpointWriter_ = nullptr;
  QString runPath_;
  QString pendingSavePath_;   // an explicit save in flight (autosaves do not clear the '*')
  bool closeAfterSave_ = false;
  bool hasRun_ = false;       // a run exists (trained here or opened): the title names it
  bool runActive_ = false;    // from Start until the worker's run() returns
  // Signals of a replaced worker can still be queued; each run's connections check their generation.
  quint64 runGeneration_ = 0;
  int batchSize_ = 0;         // of the current run, for the ETA

  // Watching a run written by another process.
  RunWatcher* runWatcher_ = nullptr;
  QThread* watchLoader_ = nullptr;  // separate from checkpointLoader_: a user's Open never waits for it
  bool watchReloadPending_ = false;
  // Bumped when watching starts or stops: a read still running for an ended watch is dropped.
  quint64 watchGeneration_ = 0;
  PlottedHistory plotted_;      // what the loss plot shows of the watched run
  QString watchDatasetSpec_;    // the watched run's dataset, requested once (a failed load is not retried)

  QAction* openAction_ = nullptr;
  QAction* toggleAction_ = nullptr;
  QAction* stopAction_ = nullptr;
  QAction* stepAction_ = nullptr;
  QAction* openCheckpointAction_ = nullptr;
  QAction* saveAction_ = nullptr;
  QAction* saveAsAction_ = nullptr;
  QAction* encodeImageAction_ = nullptr;
  QAction* watchAction_ = nullptr;
  QAction* stopWatchAction_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QMenu* exportMenu_ = nullptr;
  QList<QAction*> exportActions_;  // in ExportKind order
  int pendingExportKind_ = -1;    // an ExportKind waiting for the worker's capture, or -1

  ModelPanel* modelPanel_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  LossPlot* lossPlot_ = nullptr;
  ExplorePanel* explore_ = nullptr;
  KlBars* klBars_ = nullptr;
  ImageGridView* reconGrid_ = nullptr;
  ImageGridView* samplesGrid_ = nullptr;
  QLabel* watchLabel_ = nullptr;
  QLabel* stateLabel_ = nullptr;
  QLabel* progressLabel_ = nullptr;
  QLabel* speedLabel_ = nullptr;
  QLabel* etaLabel_ = nullptr;
  QProgressBar* trainProgress_ = nullptr;
  QAction* previousAction_ = nullptr;
  QAction* nextAction_ = nullptr;
  QMenu* builtinMenu_ = nullptr;

  ImageGridView* grid_ = nullptr;
  QLabel* nameValue_ = nullptr;
  QLabel* trainValue_ = nullptr;
  QLabel* testValue_ = nullptr;
  QLabel* sizeValue_ = nullptr;
  QTreeWidget* classList_ = nullptr;
  QLabel* pageLabel_ = nullptr;
  QPushButton* previousButton_ = nullptr;
  QPushButton* nextButton_ = nullptr;
  QProgressBar* busyBar_ = nullptr;
};

}  // namespace vae
