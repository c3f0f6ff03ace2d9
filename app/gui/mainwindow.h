#pragma once

#include "app/core/trainingtypes.h"
#include "model/dataset.h"

#include <QMainWindow>

#include <memory>

class QCloseEvent;
class QDragEnterEvent;
class QDropEvent;
class QIcon;
class QTabWidget;

namespace vae {

class ComparePanel;
class DatasetLoader;
class DatasetPanel;
class DatasetSummary;
class ExplorePanel;
class ExportDialog;
class ExportMenu;
class ImageEncoder;
class ImageGridView;
class KlBars;
class LikelihoodAction;
class LossPlot;
class MainMenus;
class ModelPanel;
class RunControl;
class RunDocument;
class TrainingController;
class TrainingStatus;
class TrainingWorker;
class WindowMessages;
class TrainingView;
enum class ExportKind;

// The main window composes the panels and wires them: the dataset summary and model setup on the left, and
// the Dataset, Training, Explore and Compare tabs in the centre. What happens lives elsewhere: datasets load in a
// DatasetLoader, training runs in a TrainingController's thread, the run as a document (its file, unsaved
// changes, autosave, open/save, watching another process's run) is a RunDocument. The window only draws and
// answers the user.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // The application icon from the resources (PNG sizes plus the SVG when Qt can render it).
  static QIcon appIcon();

  // Errors are shown in a window-modal message box (default) or only in the status bar (tests).
  void setShowErrorDialogs(bool show);
  bool showErrorDialogs() const;

  // The parts, for tests and benchmarks.
  TrainingController* trainingController() const { return training_; }
  RunDocument* runDocument() const { return document_; }
  ModelPanel* modelPanel() const { return modelPanel_; }
  ExplorePanel* explorePanel() const { return explore_; }
  ComparePanel* comparePanel() const { return compare_; }
  TrainingView* trainingView() const { return trainingView_; }
  LikelihoodAction* likelihoodAction() const { return likelihood_; }
  LossPlot* lossPlot() const;
  KlBars* klBars() const;
  ImageGridView* reconstructionGrid() const;
  ImageGridView* sampleGrid() const;
  ImageGridView* imageGrid() const;  // the Dataset tab's page
  QTabWidget* tabs() const { return tabs_; }

  // The dataset shown (nullptr before the first successful load) and its spec.
  const DatasetSplit* dataset() const { return dataset_.get(); }
  QString datasetSpec() const { return datasetSpec_; }
  bool isLoading() const;
  int currentPage() const;  // 0-based
  int pageCount() const;

  // Training (TrainingController).
  TrainingWorker* trainingWorker() const;  // the current run's, or nullptr
  TrainingState trainingState() const;
  bool isTraining() const;  // running or paused

  // The run as a document (RunDocument).
  QString runPath() const;  // empty while unsaved
  bool isWatching() const;
  QString watchedPath() const;
  // "Watching RUN: step N, epoch E/T — updated HH:MM:SS" or "Watching RUN: waiting for a readable checkpoint
  // (reason)"; empty when not watching.
  QString watchStatus() const;

 public Q_SLOTS:
  // Off the GUI thread; a newer request wins. Another dataset than the run's ends the run (asking Save /
  // Discard / Cancel when it is unsaved): a model never trains or explores on data it was not made for.
  void loadDataset(const QString& spec);
  void openDatasetDialog();
  void setPage(int page);
  void nextPage();
  void previousPage();

  void toggleTraining();  // start (or continue) when idle, pause when running, resume when paused
  // The run there is continued (opened, or ended here), else a new run from the panel settings.
  void startTraining();
  // A new run from the panel settings; asks Save / Discard / Cancel when the current run is unsaved.
  void startNewRun();
  void pauseTraining();
  void resumeTraining();
  void stopTraining();
  void stepTraining();  // one batch while paused

  // Opens a run. When a newer autosave of it exists (a crash after the last save) and dialogs are shown, asks
  // whether to open the autosave instead; the run keeps its own path either way.
  void openCheckpoint(const QString& path);
  void openCheckpointDialog();
  void saveCheckpoint();  // to runPath(), asking for a path the first time
  void saveCheckpointAsDialog();
  void saveCheckpointTo(const QString& path);
  // Offers the unsaved autosave of a previous session, if any; only when dialogs are shown.
  void offerAutosaveRestore();

  // Follows the checkpoint another process rewrites after every epoch (see RunDocument::watch); the window is
  // read-only meanwhile. Refused while training or while a checkpoint is being opened.
  void watchRun(const QString& path);
  void watchRunDialog();
  void stopWatching();

  // Encodes an image file or training image into the Explore tab's sliders (ImageEncoder); false with an error
  // report without a model or when it cannot be read or encoded.
  bool encodeImageFile(const QString& path);
  void encodeImageDialog();
  bool encodeDatasetImage(int64_t index);

  void openExportDialog(ExportKind kind);
  // File → Add Run to Compare…: saved runs beside the window's own in the Compare tab.
  void addCompareRunDialog();

 Q_SIGNALS:
  void datasetLoaded(const QString& name);
  void datasetFailed(const QString& message);
  void trainingStarted();
  void trainingEnded();  // the run's loop returned (finished, stopped or failed)
  void checkpointSaved(const QString& path);
  void exportDialogOpened(vae::ExportDialog* dialog);
  void checkpointLoaded(const QString& path);
  void checkpointFailed(const QString& message);
  void imageEncoded(const QString& path);
  void imageEncodeFailed(const QString& message);
  void watchedRunUpdated(const QString& path);
  // An opened or watched model's reconstructions, new images and KL bars are filled (rendered off the GUI thread).
  void modelPreviewed();
  void watchedRunWaiting(const QString& reason);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createCentralWidgets();
  void createActions();
  void connectDataset();
  void connectRun();
  void connectExplorer();
  void connectCompare();
  void onDatasetLoaded(const QString& spec, const std::shared_ptr<const DatasetSplit>& data);
  void onDatasetFailed(const QString& message);
  void showMessage(const QString& text);  // a transient status-bar message
  void updateActions();
  void updatePageActions();
  void updateTitle();
  void updateRecentMenu();
  void readSettings();
  void writeSettings();

  TrainingController* training_ = nullptr;
  RunDocument* document_ = nullptr;
  RunControl* run_ = nullptr;
  DatasetLoader* loader_ = nullptr;
  ImageEncoder* encoder_ = nullptr;
  ExportMenu* exportMenu_ = nullptr;
  LikelihoodAction* likelihood_ = nullptr;
  TrainingStatus* status_ = nullptr;
  WindowMessages* messages_ = nullptr;

  std::shared_ptr<const DatasetSplit> dataset_;
  QString datasetSpec_;

  DatasetSummary* summary_ = nullptr;
  ModelPanel* modelPanel_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  DatasetPanel* datasetPanel_ = nullptr;
  TrainingView* trainingView_ = nullptr;
  ExplorePanel* explore_ = nullptr;
  ComparePanel* compare_ = nullptr;

  MainMenus* menus_ = nullptr;
};

}  // namespace vae
