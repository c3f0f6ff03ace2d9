#include "app/gui/mainwindow.h"
#include "app/core/defaults.h"

#include "app/core/errortext.h"
#include "app/gui/aboutbox.h"
#include "app/gui/explorepanel.h"
#include "app/gui/exportdialog.h"
#include "app/export/exporter.h"
#include "app/export/exportfiles.h"
#include "app/core/folderdataset.h"
#include "app/export/historyplot.h"
#include "app/core/imageconversion.h"
#include "app/core/latentdecoder.h"
#include "app/gui/latentplanepanel.h"
#include "app/gui/opendatasetdialog.h"
#include "app/core/runwatcher.h"
#include "app/gui/saveimageaction.h"
#include "app/gui/trainingsetupbuilder.h"
#include "app/core/trainingworker.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "widgets/imagegridview.h"
#include "widgets/klbars.h"
#include "widgets/lossplot.h"
#include "widgets/modelpanel.h"


#include <QAction>
#include <QCheckBox>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QImageReader>
#include <QMimeData>
#include <QUrl>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QHeaderView>
#include <QScreen>
#include <QTreeWidget>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QThread>
#include <QTime>
#include <QVBoxLayout>

#include <cmath>
#include <mutex>

// Resources live in the static vae_app_core library; nothing references them, so the linker would
// drop them unless initialised explicitly. Q_INIT_RESOURCE must be called outside any namespace.
static void initAppResources() {
  static std::once_flag once;
  std::call_once(once, [] { Q_INIT_RESOURCE(app); });
}

namespace vae {

namespace {
// Width of the dataset + model panel; wide enough for "T-shirt/top  6,000", long folder names and the
// model form's labels next to their fields, no wider (the training views need the room).
constexpr int kSidePanelWidth = 280;
// Checkpoints offered under File > Recent Checkpoints.
constexpr int kMaxRecentFiles = 8;
// Status-bar progress bar resolution (permille: smooth enough, no int overflow for long runs).
constexpr int kProgressResolution = 1000;
constexpr char kCheckpointSuffix[] = "vaestudio";
// Reconstructions are shown in pairs of rows (inputs above their reconstructions) this many wide,
// so each input sits right above its reconstruction at a readable size.
constexpr int kReconstructionColumns = 12;
// Settings keys.
constexpr char kRecentFilesKey[] = "recentFiles";
constexpr char kLastDatasetKey[] = "lastDatasetSpec";
constexpr char kGeometryKey[] = "window/geometry";
constexpr char kStateKey[] = "window/state";
// How long transient status messages stay (ms).
constexpr int kStatusTimeoutMs = 8000;
// Default window size: a full page of 28-pixel images at 3x next to the side panel. Smaller screens get
// kScreenShare of their available area instead.
constexpr QSize kDefaultWindowSize(1400, 900);
constexpr double kScreenShare = 0.9;

QString checkpointFilter() { return MainWindow::tr("VAE Studio checkpoints (*.vaestudio);;All files (*)"); }


// "0:42", "12:05", "1:02:03".
QString formatDuration(double seconds) {
  const qint64 s = static_cast<qint64>(std::llround(std::max(0.0, seconds)));
  if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString progressText(qint64 epoch, qint64 epochs, qint64 step) {
  return MainWindow::tr("epoch %1/%2 · step %3")
      .arg(QLocale().toString(epoch), QLocale().toString(epochs), QLocale().toString(step));
}
}  // namespace

// Filled by the loader thread, read by the GUI thread only after the thread has finished.
struct MainWindow::LoadResult {
  std::shared_ptr<DatasetSplit> split;
  QString error;
};

// Filled by the checkpoint loader thread, read by the GUI thread after it finished.
struct MainWindow::CheckpointResult {
  QString path;     // the file read
  QString runPath;  // the run it belongs to (empty: unsaved)
  bool modified = false;
  QDateTime fileTime;  // the file's modification time, taken just before reading it
  std::shared_ptr<Checkpoint> checkpoint;
  QString error;
};

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  registerTrainingMetaTypes();
  setWindowIcon(appIcon());
  runWatcher_ = new RunWatcher(this);
  connect(runWatcher_, &RunWatcher::changed, this, &MainWindow::reloadWatchedRun);
  createCentralWidgets();
  createActions();
  createStatusWidgets();
  connectSaveImageActions();
  statusBar()->showMessage(tr("Ready"));
  showDatasetInfo();
  showPage();
  QSize size = kDefaultWindowSize;
  if (const QScreen* screen = QGuiApplication::primaryScreen())
    size = size.boundedTo(screen->availableGeometry().size() * kScreenShare);
  resize(size);
  readSettings();
  updateTitle();
  updateTrainingActions();
  updateRecentMenu();
  // An image file dropped anywhere on the window is encoded into the Explore tab's sliders.
  setAcceptDrops(true);
}

MainWindow::~MainWindow() {
  shutdownTraining();
  // Loaders and writers cannot be interrupted mid-file; they finish within seconds. Results are discarded.
  runWatcher_->stop();
  for (QThread* helper : {loader_, checkpointLoader_, checkpointWriter_, watchLoader_}) {
    if (!helper) continue;
    disconnect(helper, nullptr, this, nullptr);
    helper->wait();
    delete helper;
  }
}

QString MainWindow::initialDatasetSpec() {
  const QString last = QSettings().value(kLastDatasetKey).toString();
  return last.isEmpty() ? defaultDatasetSpec() : last;
}

QIcon MainWindow::appIcon() {
  initAppResources();
  QIcon icon;
  for (int size : {32, 64, 128, 256}) icon.addFile(QString(":/icons/vae-studio-%1.png").arg(size), QSize(size, size));
  return icon;
}

QString MainWindow::defaultDatasetSpec() { return QString::fromStdString(vae::defaultDatasetSpec()); }

QString MainWindow::describeSpec(const QString& spec) {
  const QString kind = spec.section(':', 0, 0);
  const QString rest = spec.section(':', 1);
  if (kind == "fashion-mnist") return tr("Fashion-MNIST");
  if (kind == "shapes") return tr("Shapes");
  if (kind == "cifar10") return tr("CIFAR-10 (%1)").arg(QFileInfo(rest).fileName());
  if (kind == "idx") return QFileInfo(rest.section(',', 0, 0)).fileName();
  if (kind == "folder") return QFileInfo(rest.section(':', 0, 0)).fileName();
  return spec;
}

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  openAction_ = file->addAction(QIcon::fromTheme("folder-open", style()->standardIcon(QStyle::SP_DirOpenIcon)),
                                tr("&Open Dataset…"), this, &MainWindow::openDatasetDialog);
  // Ctrl+O belongs to checkpoints (the documents of this app); datasets get D.
  openAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
  openAction_->setStatusTip(tr("Open an IDX file, a CIFAR-10 folder or a folder of images"));

  builtinMenu_ = file->addMenu(tr("&Built-in Datasets"));
  if (fashionMnistInstalled()) {
    QAction* fashion = builtinMenu_->addAction(tr("&Fashion-MNIST"), this, [this] { loadDataset("fashion-mnist"); });
    fashion->setStatusTip(tr("70,000 clothing images, 28×28 gray, 10 classes"));
  }
  QAction* shapes = builtinMenu_->addAction(tr("&Shapes"), this, [this] { loadDataset("shapes"); });
  shapes->setStatusTip(tr("Generated squares, ellipses and hearts with known factors, 28×28 gray"));

  file->addSeparator();
  openCheckpointAction_ =
      file->addAction(QIcon::fromTheme("document-open", style()->standardIcon(QStyle::SP_DialogOpenButton)),
                      tr("Open &Checkpoint…"), this, &MainWindow::openCheckpointDialog);
  openCheckpointAction_->setShortcut(QKeySequence::Open);
  openCheckpointAction_->setStatusTip(tr("Open a saved run (.vaestudio) to look at it or continue training"));
  recentMenu_ = file->addMenu(tr("&Recent Checkpoints"));
  watchAction_ = file->addAction(QIcon::fromTheme("view-refresh"), tr("&Watch Run…"), this, &MainWindow::watchRunDialog);
  // Next to Open (Ctrl+O): watching is opening a checkpoint that keeps changing.
  watchAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  watchAction_->setStatusTip(tr("Follow a checkpoint that a headless or cluster run rewrites after every epoch"));
  stopWatchAction_ = file->addAction(tr("Stop &Watching"), this, &MainWindow::stopWatching);
  stopWatchAction_->setStatusTip(tr("Stop following the run; its last version stays open"));
  saveAction_ = file->addAction(QIcon::fromTheme("document-save", style()->standardIcon(QStyle::SP_DialogSaveButton)),
                                tr("&Save Checkpoint"), this, &MainWindow::saveCheckpoint);
  saveAction_->setShortcut(QKeySequence::Save);
  saveAction_->setStatusTip(tr("Save the model, optimizer state and loss history"));
  saveAsAction_ = file->addAction(QIcon::fromTheme("document-save-as"), tr("Save Checkpoint &As…"), this,
                                  &MainWindow::saveCheckpointAsDialog);
  saveAsAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));

  file->addSeparator();
  encodeImageAction_ = file->addAction(QIcon::fromTheme("document-import"), tr("&Encode Image…"), this,
                                       &MainWindow::encodeImageDialog);
  encodeImageAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  encodeImageAction_->setStatusTip(tr("Map your own image into the latent space: its code goes into the Explore sliders"));

  file->addSeparator();
  QAction* quit = file->addAction(QIcon::fromTheme("application-exit"), tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);
  // QKeySequence::Quit is empty on some platforms; Ctrl+Q is what users expect everywhere.
  if (quit->shortcut().isEmpty()) quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));

  createTrainingActions();
  createExportActions();

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* datasetTab = view->addAction(tr("&Dataset Tab"), this, [this] { tabs_->setCurrentIndex(0); });
  datasetTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
  QAction* trainingTab = view->addAction(tr("&Training Tab"), this, [this] { tabs_->setCurrentIndex(1); });
  trainingTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
  QAction* exploreTab = view->addAction(tr("&Explore Tab"), this, [this] { tabs_->setCurrentIndex(2); });
  exploreTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
  view->addSeparator();
  previousAction_ = view->addAction(tr("&Previous Page"), this, &MainWindow::previousPage);
  previousAction_->setShortcut(QKeySequence(Qt::Key_PageUp));
  nextAction_ = view->addAction(tr("&Next Page"), this, &MainWindow::nextPage);
  nextAction_->setShortcut(QKeySequence(Qt::Key_PageDown));
  view->addSeparator();
  QAction* logScale = view->addAction(tr("&Logarithmic Loss Axis"));
  logScale->setCheckable(true);
  logScale->setChecked(lossPlot_->logScale());
  connect(logScale, &QAction::toggled, lossPlot_, &LossPlot::setLogScale);
  QAction* follow = view->addAction(tr("&Follow Loss Curves"), lossPlot_, &LossPlot::resetView);
  follow->setStatusTip(tr("Undo zoom and pan of the loss plot (also: double-click it)"));

  // Training toolbar: the one thing a newcomer must find.
  QToolBar* bar = addToolBar(tr("Training"));
  bar->setObjectName("trainingToolbar");  // for saveState / restoreState
  bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  bar->addAction(openAction_);
  bar->addAction(openCheckpointAction_);
  bar->addAction(saveAction_);
  bar->addSeparator();
  bar->addAction(toggleAction_);
  bar->addAction(stopAction_);
  bar->addAction(stepAction_);
  view->addSeparator();
  view->addAction(bar->toggleViewAction());

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About VAE Studio"), this, &MainWindow::showAbout);
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createTrainingActions() {
  QMenu* training = menuBar()->addMenu(tr("&Training"));
  // Debugger conventions: F5 run / continue, Shift+F5 stop, F10 step.
  toggleAction_ = training->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Start Training"), this,
                                      &MainWindow::toggleTraining);
  toggleAction_->setShortcut(QKeySequence(Qt::Key_F5));
  stopAction_ = training->addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("S&top"), this,
                                    &MainWindow::stopTraining);
  stopAction_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
  stopAction_->setStatusTip(tr("End the run after the current batch; the model is kept and can be saved"));
  stepAction_ = training->addAction(style()->standardIcon(QStyle::SP_MediaSkipForward), tr("Step &One Batch"), this,
                                    &MainWindow::stepTraining);
  stepAction_->setShortcut(QKeySequence(Qt::Key_F10));
  stepAction_->setStatusTip(tr("While paused: train on exactly one more batch"));
}

void MainWindow::createExportActions() {
  // A menu of its own between Training and View: eleven entries would bury File's document actions.
  exportMenu_ = menuBar()->addMenu(tr("E&xport"));
  exportMenu_->setToolTipsVisible(true);  // a disabled entry says why
  const ExportKind kinds[] = {ExportKind::Image,       ExportKind::Grid,    ExportKind::Samples, ExportKind::Traversal,
                              ExportKind::Interpolation, ExportKind::TrainingGif, ExportKind::History,
                              ExportKind::Codes,       ExportKind::Plot,    ExportKind::Weights, ExportKind::Presets};
  for (ExportKind kind : kinds) {
    // Pictures first, then data: a separator where the CSVs begin.
    if (kind == ExportKind::History) exportMenu_->addSeparator();
    QAction* action = exportMenu_->addAction(ExportDialog::kindTitle(kind) + QStringLiteral("…"), this,
                                             [this, kind] { openExportDialog(kind); });
    action->setStatusTip(tr("Export %1 of the current model (also: vae-studio export --what %2)")
                             .arg(ExportDialog::kindTitle(kind), exportKindName(kind)));
    exportActions_.append(action);
  }
}

void MainWindow::updateExportActions() {
  // The worker holds a model from Start until it is replaced; resumeFrom_ is an opened run.
  const bool hasModel = worker_ != nullptr || resumeFrom_ != nullptr;
  for (QAction* action : exportActions_) {
    action->setEnabled(hasModel);
    action->setToolTip(hasModel ? action->statusTip() : tr("Train a model or open a checkpoint first"));
  }
}

void MainWindow::openExportDialog(ExportKind kind) {
  if (worker_) {
    // The run's current weights, history and per-epoch images: captured on the training thread at its
    // next step boundary and answered through captured() (connectWorker).
    pendingExportKind_ = static_cast<int>(kind);
    statusBar()->showMessage(tr("Preparing the export…"), kStatusTimeoutMs);
    worker_->requestCapture();
    return;
  }
  if (resumeFrom_) {
    showExportDialog(kind, resumeFrom_);
    return;
  }
  statusBar()->showMessage(tr("Nothing to export yet: train a model or open a checkpoint first"), kStatusTimeoutMs);
}

void MainWindow::showExportDialog(ExportKind kind, const std::shared_ptr<const Checkpoint>& checkpoint) {
  // The window's dataset serves the export when it is the run's; otherwise the export thread loads it.
  const bool sameData = dataset_ && QString::fromStdString(checkpoint->datasetSpec) == datasetSpec_;
  auto* dialog = new ExportDialog(checkpoint, sameData ? dataset_ : nullptr,
                                  ExportDialog::suggestedOptions(*explore_, kind), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setShowErrorDialogs(showErrorDialogs_);
  connect(dialog, &ExportDialog::exported, this, [this](const QString& summary) {
    // "wrote grid.png (10x10 grid ...)" as the CLI says it; here "Exported grid.png (...)".
    const QString what = summary.startsWith(QLatin1String("wrote ")) ? summary.mid(6) : summary;
    statusBar()->showMessage(tr("Exported %1").arg(what), kStatusTimeoutMs);
  });
  connect(dialog, &ExportDialog::exportFailed, this, [this](const QString& message) {
    // The dialog shows the error itself (and stays open to fix the path); the window keeps a note.
    statusBar()->showMessage(tr("Export failed: %1").arg(firstLine(message)), kStatusTimeoutMs);
  });
  connect(dialog, &ExportDialog::exportCancelled, this,
          [this] { statusBar()->showMessage(tr("Export cancelled"), kStatusTimeoutMs); });
  dialog->open();  // window-modal, no nested event loop: training signals keep arriving
  Q_EMIT exportDialogOpened(dialog);
}

void MainWindow::connectSaveImageActions() {
  for (SaveImageAction* saver : findChildren<SaveImageAction*>()) {
    connect(saver, &SaveImageAction::saved, this, [this](const QString& path) {
      statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), kStatusTimeoutMs);
    });
    connect(saver, &SaveImageAction::failed, this, [this](const QString& message) {
      reportError(tr("Could Not Save Image"), tr("The image could not be saved."), message);
    });
  }
}

void MainWindow::createStatusWidgets() {
  busyBar_ = new QProgressBar;
  busyBar_->setRange(0, 0);  // indeterminate: loaders do not report progress
  busyBar_->setMaximumWidth(160);
  busyBar_->setVisible(false);
  statusBar()->addPermanentWidget(busyBar_);

  watchLabel_ = new QLabel;
  watchLabel_->setObjectName("watchStatus");
  watchLabel_->setVisible(false);
  statusBar()->addPermanentWidget(watchLabel_);

  stateLabel_ = new QLabel;
  stateLabel_->setObjectName("trainingState");
  progressLabel_ = new QLabel;
  speedLabel_ = new QLabel;
  speedLabel_->setToolTip(tr("Training images per second"));
  etaLabel_ = new QLabel;
  etaLabel_->setToolTip(tr("Estimated time until the last epoch ends"));
  trainProgress_ = new QProgressBar;
  trainProgress_->setRange(0, kProgressResolution);
  trainProgress_->setMaximumWidth(160);
  trainProgress_->setTextVisible(true);
  for (QWidget* w : std::initializer_list<QWidget*>{stateLabel_, progressLabel_, speedLabel_, etaLabel_, trainProgress_}) {
    w->setVisible(false);
    statusBar()->addPermanentWidget(w);
  }
}

void MainWindow::createCentralWidgets() {
  // Left: what the dataset is.
  nameValue_ = new QLabel;
  trainValue_ = new QLabel;
  testValue_ = new QLabel;
  sizeValue_ = new QLabel;
  for (QLabel* value : {nameValue_, trainValue_, testValue_, sizeValue_}) {
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
  }
  auto* infoBox = new QGroupBox(tr("Dataset"));
  auto* form = new QFormLayout(infoBox);
  form->addRow(tr("Name:"), nameValue_);
  form->addRow(tr("Training images:"), trainValue_);
  form->addRow(tr("Test images:"), testValue_);
  form->addRow(tr("Image size:"), sizeValue_);

  classList_ = new QTreeWidget;
  classList_->setColumnCount(2);
  classList_->setHeaderLabels({tr("Class"), tr("Images")});
  classList_->setRootIsDecorated(false);
  classList_->setSelectionMode(QAbstractItemView::NoSelection);
  classList_->setFocusPolicy(Qt::NoFocus);
  // The list takes whatever height the model forms leave; scroll bars beat squeezed forms.
  classList_->setMinimumHeight(60);
  classList_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
  classList_->header()->setStretchLastSection(false);
  classList_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  classList_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  classList_->headerItem()->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
  auto* classBox = new QGroupBox(tr("Classes (training images)"));
  auto* classLayout = new QVBoxLayout(classBox);
  classLayout->addWidget(classList_);

  modelPanel_ = new ModelPanel;
  connect(modelPanel_, &ModelPanel::betaEdited, this, [this](double beta) {
    // Mid-run changes go to the worker, which records them; the marker comes back via eventRecorded.
    if (runActive_ && worker_) worker_->setBeta(beta);
  });
  connect(modelPanel_, &ModelPanel::learningRateEdited, this, [this](double lr) {
    if (runActive_ && worker_) worker_->setLearningRate(lr);
  });

  auto* side = new QWidget;
  auto* sideLayout = new QVBoxLayout(side);
  sideLayout->setContentsMargins(0, 0, 0, 0);
  sideLayout->addWidget(infoBox);
  sideLayout->addWidget(classBox, 1);
  sideLayout->addWidget(modelPanel_);
  // Small screens: the side scrolls instead of squeezing the forms.
  auto* sideScroll = new QScrollArea;
  sideScroll->setWidget(side);
  sideScroll->setWidgetResizable(true);
  sideScroll->setFrameShape(QFrame::NoFrame);
  sideScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  sideScroll->setFixedWidth(kSidePanelWidth);

  // Centre, first tab: a page of training images with their labels.
  grid_ = new ImageGridView;
  grid_->setObjectName("datasetGrid");
  connect(grid_, &ImageGridView::imageActivated, this, &MainWindow::showImageDetails);
  grid_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(grid_, &QWidget::customContextMenuRequested, this, &MainWindow::showDatasetImageMenu);
  SaveImageAction::attach(grid_, QStringLiteral("training-images"), SaveImageAction::Menu::Shared);

  previousButton_ = new QPushButton(tr("◀ Previous"));
  previousButton_->setToolTip(tr("Previous page (Page Up)"));
  nextButton_ = new QPushButton(tr("Next ▶"));
  nextButton_->setToolTip(tr("Next page (Page Down)"));
  pageLabel_ = new QLabel;
  pageLabel_->setAlignment(Qt::AlignCenter);
  connect(previousButton_, &QPushButton::clicked, this, &MainWindow::previousPage);
  connect(nextButton_, &QPushButton::clicked, this, &MainWindow::nextPage);
  auto* pager = new QHBoxLayout;
  pager->addWidget(previousButton_);
  pager->addWidget(pageLabel_, 1);
  pager->addWidget(nextButton_);

  auto* gridBox = new QGroupBox(tr("Training images  (click an image to see its number and label)"));
  auto* gridLayout = new QVBoxLayout(gridBox);
  gridLayout->addWidget(grid_, 1);
  gridLayout->addLayout(pager);

  tabs_ = new QTabWidget;
  tabs_->setDocumentMode(true);
  connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::updatePageActions);
  tabs_->addTab(gridBox, tr("Dataset"));
  tabs_->addTab(createTrainingTab(), tr("Training"));
  explore_ = new ExplorePanel;
  explore_->setObjectName("explorePanel");
  tabs_->addTab(explore_, tr("Explore"));
  connect(explore_, &ExplorePanel::errorOccurred, this,
          [this](const QString& title, const QString& details) { reportError(title, title, details); });
  // A model that is not training here (opened or watched) gets its KL bars from the explorer's codes of
  // the test set; a training run reports its own.
  connect(explore_->latentPlane(), &LatentPlanePanel::klComputed, this, [this](const QVector<double>& kl) {
    const LatentCodesPtr codes = explore_->latentPlane()->codes();
    if (!worker_ && codes) klBars_->setKl(kl, codes->activeUnits);
  });

  auto* central = new QWidget;
  auto* layout = new QHBoxLayout(central);
  // Thin margins: at the default 1400 px width the twelve reconstruction pairs then fit at 2x.
  layout->setContentsMargins(4, 4, 4, 0);
  layout->addWidget(sideScroll);
  layout->addWidget(tabs_, 1);
  setCentralWidget(central);
}

QWidget* MainWindow::createTrainingTab() {
  lossPlot_ = new LossPlot;
  lossPlot_->setObjectName("lossPlot");
  auto* lossBox = new QGroupBox(tr("Loss per image (nats, lower is better)"));
  auto* lossLayout = new QVBoxLayout(lossBox);
  lossLayout->addWidget(lossPlot_);
  // PNG or PDF by suffix, drawn by QCustomPlot at the plot's size; a temp file keeps the write atomic.
  SaveImageAction::attach(lossPlot_, QStringLiteral("loss"))->setWriter(
      [plot = lossPlot_](const QString& path) {
        saveViaTempFile(path, [plot](const QString& temp) { return plot->saveImage(temp, plot->width(), plot->height()); });
      },
      {QStringLiteral("png"), QStringLiteral("pdf")});

  reconGrid_ = new ImageGridView;
  reconGrid_->setObjectName("reconstructionGrid");
  reconGrid_->setColumns(kReconstructionColumns);
  reconGrid_->setMaxScale(3);
  auto* reconBox = new QGroupBox(tr("Reconstructions  ·  test images and the VAE's copy of each"));
  auto* reconLayout = new QVBoxLayout(reconBox);
  reconLayout->addWidget(reconGrid_);
  SaveImageAction::attach(reconGrid_, QStringLiteral("reconstructions"));

  klBars_ = new KlBars;
  klBars_->setObjectName("klBars");
  auto* klBox = new QGroupBox(tr("Latent dimensions  ·  KL near 0 means unused"));
  auto* klLayout = new QVBoxLayout(klBox);
  auto* sortKl = new QCheckBox(tr("Sort by KL"));
  sortKl->setObjectName("sortKlBox");
  sortKl->setToolTip(tr("Order the bars largest KL first: the dimensions the model uses most come first"));
  connect(sortKl, &QCheckBox::toggled, klBars_, &KlBars::setSorted);
  klLayout->addWidget(sortKl);
  klLayout->addWidget(klBars_, 1);
  SaveImageAction::attach(klBars_, QStringLiteral("kl-per-dimension"));

  samplesGrid_ = new ImageGridView;
  samplesGrid_->setObjectName("sampleGrid");
  samplesGrid_->setToolTip(tr("Decoded from random codes z ~ N(0, I): what the model has learned to invent"));
  samplesGrid_->setColumns(4);
  samplesGrid_->setMaxScale(3);
  // Four 28-px images at 1x: never clip a column.
  samplesGrid_->setMinimumWidth(ImageGridView::widthFor(4, 28));
  auto* samplesBox = new QGroupBox(tr("New images"));
  auto* samplesLayout = new QVBoxLayout(samplesBox);
  samplesLayout->addWidget(samplesGrid_);
  SaveImageAction::attach(samplesGrid_, QStringLiteral("samples"));

  // Top: the curves and, beside them, how the latent space is used. Bottom: what the model produces.
  auto* top = new QWidget;
  auto* topLayout = new QHBoxLayout(top);
  topLayout->setContentsMargins(0, 0, 0, 0);
  topLayout->addWidget(lossBox, 2);
  topLayout->addWidget(klBox, 1);
  auto* bottom = new QWidget;
  auto* bottomLayout = new QHBoxLayout(bottom);
  bottomLayout->setContentsMargins(0, 0, 0, 0);
  // Reconstructions get the width: at 1400 px the twelve pairs just fit at 2x, which reads far better.
  bottomLayout->addWidget(reconBox, 5);
  bottomLayout->addWidget(samplesBox, 1);

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->setObjectName("trainingSplitter");
  splitter->addWidget(top);
  splitter->addWidget(bottom);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  // The curves are the main story: start them at 60 % of the height (scaled to the real height).
  splitter->setSizes({600, 400});
  splitter->setChildrenCollapsible(false);
  clearLiveViews();
  return splitter;
}

void MainWindow::clearLiveViews() {
  const QString hint = tr("Press Start (F5)");
  reconGrid_->clear();
  reconGrid_->setPlaceholderText(tr("Test images and their reconstructions\nappear here while training.\n%1").arg(hint));
  samplesGrid_->clear();
  samplesGrid_->setPlaceholderText(tr("Images the model\ninvents appear here."));
  klBars_->clear();
}

void MainWindow::loadDataset(const QString& spec) {
  stopWatching();  // another dataset: the watched run's explorer would no longer fit it
  requestDataset(spec);
}

void MainWindow::requestDataset(const QString& spec) {
  if (loader_) {
    pendingSpec_ = spec;
    setBusy(true, tr("Loading %1… (after %2)").arg(describeSpec(spec), describeSpec(loadingSpec_)));
    return;
  }
  startLoading(spec);
}

void MainWindow::startLoading(const QString& spec) {
  loadingSpec_ = spec;
  auto result = std::make_shared<LoadResult>();
  const std::string specText = spec.toStdString();
  loader_ = QThread::create([result, specText] {
    // Errors cross back as text: an exception must never leave this thread.
    result->error = captureError(
        [&] { result->split = std::make_shared<DatasetSplit>(loadDatasetSpecWithFolders(specText)); },
        QStringLiteral("%1: unknown error while loading").arg(QString::fromStdString(specText)));
  });
  // finished is emitted by the loader thread; the receiver lives here, so the slot runs on the GUI thread.
  connect(loader_, &QThread::finished, this, [this, result] { finishLoading(result); });
  setBusy(true, tr("Loading %1…").arg(describeSpec(spec)));
  loader_->start();
}

void MainWindow::finishLoading(const std::shared_ptr<LoadResult>& result) {
  loader_->deleteLater();
  loader_ = nullptr;
  if (!pendingSpec_.isEmpty()) {
    // A newer request arrived while this one ran: the user wants that one, not this result.
    const QString next = pendingSpec_;
    pendingSpec_.clear();
    startLoading(next);
    return;
  }
  setBusy(false, {});
  updateTrainingActions();
  if (!result->split) {
    showError(result->error.isEmpty() ? tr("%1: unknown error while loading").arg(loadingSpec_) : result->error);
    return;
  }
  dataset_ = result->split;
  datasetSpec_ = loadingSpec_;
  explore_->setDataset(dataset_->test);
  QSettings().setValue(kLastDatasetKey, datasetSpec_);
  page_ = 0;
  showDatasetInfo();
  showPage();
  const QString name = nameValue_->text();
  statusBar()->showMessage(tr("Loaded %1: %2 training and %3 test images")
                               .arg(name, QLocale().toString(static_cast<qint64>(dataset_->train.size())),
                                    QLocale().toString(static_cast<qint64>(dataset_->test.size()))));
  updateTrainingActions();
  Q_EMIT datasetLoaded(name);
}

void MainWindow::setBusy(bool busy, const QString& message) {
  busyBar_->setVisible(busy);
  if (busy) {
    statusBar()->showMessage(message);
    if (!dataset_) grid_->setPlaceholderText(message);
  } else {
    statusBar()->clearMessage();
  }
}

void MainWindow::showError(const QString& message) {
  if (!dataset_)
    grid_->setPlaceholderText(tr("Could not load the dataset.\nUse File → Open Dataset… or a built-in dataset."));
  statusBar()->showMessage(tr("Could not load dataset: %1").arg(firstLine(message)));
  if (showErrorDialogs_) {
    // open() instead of exec(): window-modal without a nested event loop, so nothing waits on the user.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Could Not Load Dataset"),
                                tr("The dataset could not be loaded."), QMessageBox::Ok, this);
    box->setInformativeText(message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  }
  Q_EMIT datasetFailed(message);
}

void MainWindow::showDatasetInfo() {
  classList_->clear();
  if (!dataset_) {
    for (QLabel* value : {nameValue_, trainValue_, testValue_, sizeValue_}) value->setText(tr("—"));
    grid_->setPlaceholderText(tr("No dataset loaded.\nUse File → Open Dataset… or File → Built-in Datasets."));
    return;
  }
  const Dataset& train = dataset_->train;
  QString name = QString::fromStdString(train.name);
  // Loaders name the split ("Fashion-MNIST (train)"); the panel describes the whole dataset.
  if (name.endsWith(" (train)")) name.chop(8);
  nameValue_->setText(name);
  nameValue_->setToolTip(QString::fromStdString(train.identity));
  const QLocale locale;
  trainValue_->setText(locale.toString(static_cast<qint64>(train.size())));
  testValue_->setText(locale.toString(static_cast<qint64>(dataset_->test.size())));
  if (train.size() > 0) {
    sizeValue_->setText(tr("%1 × %2 × %3 (%4)")
                            .arg(train.channels())
                            .arg(train.height())
                            .arg(train.width())
                            .arg(train.channels() == 1 ? tr("gray") : tr("RGB")));
  } else {
    sizeValue_->setText(tr("—"));
  }

  if (!train.hasLabels()) {
    classList_->addTopLevelItem(new QTreeWidgetItem(QStringList{tr("(unlabelled)")}));
    return;
  }
  const torch::Tensor counts = torch::bincount(train.labels);
  const int64_t classes = std::max<int64_t>(counts.size(0), static_cast<int64_t>(train.classNames.size()));
  for (int64_t c = 0; c < classes; ++c) {
    const QString className = c < static_cast<int64_t>(train.classNames.size())
                                  ? QString::fromStdString(train.classNames[static_cast<size_t>(c)])
                                  : QString::number(c);
    const int64_t n = c < counts.size(0) ? counts[c].item<int64_t>() : 0;
    auto* item = new QTreeWidgetItem(QStringList{className, locale.toString(static_cast<qint64>(n))});
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    classList_->addTopLevelItem(item);
  }
}

int MainWindow::pageCount() const {
  if (!dataset_) return 0;
  return static_cast<int>((dataset_->train.size() + kPageSize - 1) / kPageSize);
}

void MainWindow::setPage(int page) {
  const int pages = pageCount();
  const int clamped = pages == 0 ? 0 : std::clamp(page, 0, pages - 1);
  if (clamped == page_ && grid_->count() > 0) return;
  page_ = clamped;
  showPage();
}

void MainWindow::nextPage() { setPage(page_ + 1); }
void MainWindow::previousPage() { setPage(page_ - 1); }

void MainWindow::showPage() {
  const int pages = pageCount();
  if (!dataset_ || pages == 0) {
    grid_->clear();
    pageLabel_->setText(tr("No images"));
  } else {
    const Dataset& train = dataset_->train;
    const int64_t begin = static_cast<int64_t>(page_) * kPageSize;
    const int64_t end = std::min<int64_t>(begin + kPageSize, train.size());
    QStringList captions;
    for (int64_t i = begin; i < end; ++i) captions.append(QString::fromStdString(train.labelName(i)));
    grid_->setImages(tensorToImages(train.images.slice(0, begin, end)), captions);
    const QLocale locale;
    pageLabel_->setText(tr("Page %1 of %2  ·  images %3–%4 of %5")
                            .arg(locale.toString(page_ + 1), locale.toString(pages),
                                 locale.toString(static_cast<qint64>(begin + 1)),
                                 locale.toString(static_cast<qint64>(end)),
                                 locale.toString(static_cast<qint64>(train.size()))));
  }
  previousButton_->setEnabled(page_ > 0);
  nextButton_->setEnabled(page_ + 1 < pages);
  updatePageActions();
}

void MainWindow::updatePageActions() {
  // PageUp/PageDown are window-wide shortcuts, and shortcuts win over the focused widget: on any other
  // tab they would flip dataset pages instead of moving a latent slider.
  if (!previousAction_ || !tabs_) return;  // still being built
  const bool onDatasetTab = tabs_->currentIndex() == 0;
  previousAction_->setEnabled(onDatasetTab && page_ > 0);
  nextAction_->setEnabled(onDatasetTab && page_ + 1 < pageCount());
}

void MainWindow::showImageDetails(int indexOnPage) {
  if (!dataset_) return;
  const int64_t index = static_cast<int64_t>(page_) * kPageSize + indexOnPage;
  const Dataset& train = dataset_->train;
  if (index >= train.size()) return;
  const QString label = QString::fromStdString(train.labelName(index));
  const QString number = QLocale().toString(static_cast<qint64>(index + 1));
  const QString text = label.isEmpty() ? tr("Training image %1").arg(number) : tr("Training image %1: %2").arg(number, label);
  statusBar()->showMessage(text + tr("  ·  right-click it to encode it in the Explorer"), kStatusTimeoutMs);
}

void MainWindow::openDatasetDialog() {
  auto* dialog = new OpenDatasetDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    const QString spec = dialog->spec();
    if (!spec.isEmpty()) loadDataset(spec);
  });
  dialog->open();
}

void MainWindow::showAbout() { showAboutBox(this); }

// --- training --------------------------------------------------------------------------------

TrainingState MainWindow::trainingState() const { return worker_ ? worker_->state() : TrainingState::Idle; }

bool MainWindow::isTraining() const { return runActive_; }

void MainWindow::toggleTraining() {
  if (!runActive_) {
    startTraining();
  } else if (trainingState() == TrainingState::Paused) {
    resumeTraining();
  } else {
    pauseTraining();
  }
}

void MainWindow::startTraining() {
  if (runActive_ || checkpointLoader_) return;
  if (!dataset_ || isLoading()) {
    statusBar()->showMessage(tr("Load a dataset before training (File → Open Dataset…)"), kStatusTimeoutMs);
    return;
  }
  if (resumeFrom_ && QString::fromStdString(resumeFrom_->datasetSpec) != datasetSpec_) {
    reportError(tr("Cannot Continue Training"),
                tr("The checkpoint was trained on a different dataset."),
                tr("It needs %1, but %2 is loaded. Load %1 (or open the checkpoint again) to continue.")
                    .arg(describeSpec(QString::fromStdString(resumeFrom_->datasetSpec)), describeSpec(datasetSpec_)));
    return;
  }
  const ModelSettings settings = modelPanel_->settings();
  TrainingSetup setup;
  setup.datasetSpec = datasetSpec_;
  setup.data = dataset_;
  setup.threads = trainingThreadCount();
  try {
    const Dataset& train = dataset_->train;
    setup.model = toVaeConfig(settings, train.channels(), train.height(), train.width());
    setup.train = toTrainConfig(settings);
    setup.model.validate();
    setup.train.validate();
  } catch (const std::exception& e) {
    reportError(tr("Cannot Start Training"), tr("The model settings do not fit this dataset."),
                QString::fromStdString(e.what()));
    return;
  }

  // Continue Training is disabled while watching; a direct call forks the last version read.
  stopWatching();
  const bool resuming = resumeFrom_ != nullptr;
  shutdownTraining();  // a finished or stopped run's model is replaced by this one
  if (resuming) {
    setup.resumeFrom = *resumeFrom_;
    batchSize_ = static_cast<int>(resumeFrom_->trainConfig.batchSize);
    resumeFrom_.reset();  // the worker owns the run from here; Save asks the worker
  } else {
    lossPlot_->clear();
    runPath_.clear();  // a new run is a new, unsaved document
    batchSize_ = settings.batchSize;
  }
  clearLiveViews();

  ++runGeneration_;
  trainingThread_ = new QThread;
  trainingThread_->setObjectName("training");
  worker_ = new TrainingWorker(std::move(setup));
  worker_->moveToThread(trainingThread_);
  connectWorker();
  // Posted before start(): the thread runs it as soon as its event loop starts, and the hand-over of
  // the queued call is then ordered by the thread's creation, which ThreadSanitizer can see (Qt's
  // post-event queue is locked with futexes it cannot; tests/sanitizers/tsan.supp).
  QMetaObject::invokeMethod(worker_, &TrainingWorker::run, Qt::QueuedConnection);
  trainingThread_->start();

  runActive_ = true;
  hasRun_ = true;
  setRunModified(true);
  modelPanel_->setTrainingLocked(true);
  tabs_->setCurrentIndex(1);
  for (QWidget* w : std::initializer_list<QWidget*>{stateLabel_, progressLabel_, speedLabel_, etaLabel_, trainProgress_})
    w->setVisible(true);
  stateLabel_->setText(tr("Starting…"));
  statusBar()->showMessage(resuming ? tr("Continuing the run…") : tr("Training started"), kStatusTimeoutMs);
  updateTrainingActions();
  Q_EMIT trainingStarted();
}

void MainWindow::pauseTraining() {
  if (runActive_ && worker_) worker_->pause();
}

void MainWindow::resumeTraining() {
  if (runActive_ && worker_) worker_->resume();
}

void MainWindow::stopTraining() {
  if (runActive_ && worker_) {
    worker_->stop();
    stateLabel_->setText(tr("Stopping…"));
  }
}

void MainWindow::stepTraining() {
  if (runActive_ && worker_ && trainingState() == TrainingState::Paused) worker_->stepOnce();
}

void MainWindow::connectWorker() {
  // Each handler checks the run generation: a replaced worker's signals may still be queued here.
  const quint64 generation = runGeneration_;
  auto current = [this, generation] { return generation == runGeneration_; };
  connect(worker_, &TrainingWorker::stateChanged, this, [this, current](TrainingState s) {
    if (current()) onStateChanged(s);
  });
  connect(worker_, &TrainingWorker::precisionChosen, this, [this, current](const QString& reason) {
    if (current()) statusBar()->showMessage(tr("Training started · precision %1").arg(reason), kStatusTimeoutMs);
  });
  connect(worker_, &TrainingWorker::stepsReady, this, [this, current](const StepBatch& b) {
    if (current()) onSteps(b);
  });
  connect(worker_, &TrainingWorker::epochFinished, this, [this, current](const EpochStats& s) {
    if (current()) onEpochFinished(s);
  });
  connect(worker_, &TrainingWorker::eventRecorded, this, [this, current](const TrainingEvent& e) {
    if (current()) onEvent(e);
  });
  connect(worker_, &TrainingWorker::klUpdated, this, [this, current](const QVector<double>& kl, int active) {
    if (!current()) return;
    klBars_->setKl(kl, active);
    explore_->setKl(kl);
  });
  // The explorer decodes with the newest weights while training goes on.
  connect(worker_, &TrainingWorker::snapshotReady, this, [this, current](const DecoderSnapshotPtr& snapshot) {
    if (current()) explore_->setSnapshot(snapshot);
  });
  connect(worker_, &TrainingWorker::reconstructionsReady, this,
          [this, current](const QVector<QImage>& originals, const QVector<QImage>& reconstructions) {
            if (current()) onReconstructions(originals, reconstructions);
          });
  connect(worker_, &TrainingWorker::samplesReady, this, [this, current](const QVector<QImage>& samples) {
    if (current()) samplesGrid_->setImages(samples);
  });
  connect(worker_, &TrainingWorker::checkpointSaved, this, [this, current](const QString& path) {
    if (current()) onWorkerCheckpointSaved(path);
  });
  connect(worker_, &TrainingWorker::failed, this, [this, current](const QString& message) {
    if (current()) onWorkerFailed(message);
  });
  connect(worker_, &TrainingWorker::finished, this, [this, current] {
    if (current()) onWorkerFinished();
  });
  connect(worker_, &TrainingWorker::captured, this,
          [this, current](const CheckpointPtr& checkpoint, const QString& error) {
            if (!current() || pendingExportKind_ < 0) return;
            const auto kind = static_cast<ExportKind>(pendingExportKind_);
            pendingExportKind_ = -1;
            if (checkpoint)
              showExportDialog(kind, checkpoint);
            else
              reportError(tr("Cannot Export"), tr("There is no model to export yet."), error);
          });
}

void MainWindow::shutdownTraining() {
  if (!trainingThread_) return;
  // The worker honours stop at the next step boundary (< 1 s); quit() then ends the thread's event
  // loop once run() has returned.
  worker_->stop();
  trainingThread_->quit();
  trainingThread_->wait();
  delete worker_;  // its thread has ended, so nothing else can touch it
  worker_ = nullptr;
  delete trainingThread_;
  trainingThread_ = nullptr;
  ++runGeneration_;
  if (runActive_) {
    runActive_ = false;
    modelPanel_->setTrainingLocked(false);
    Q_EMIT trainingEnded();
  }
  pendingSavePath_.clear();
  pendingExportKind_ = -1;  // its capture will not come
  updateTrainingActions();
}

void MainWindow::onStateChanged(TrainingState state) {
  switch (state) {
    case TrainingState::Idle: stateLabel_->setText(tr("Starting…")); break;
    case TrainingState::Running: stateLabel_->setText(tr("● Training")); break;
    case TrainingState::Paused: stateLabel_->setText(tr("❚❚ Paused")); break;
    case TrainingState::Stopped: stateLabel_->setText(tr("■ Stopped")); break;
    case TrainingState::Finished: stateLabel_->setText(tr("✔ Finished")); break;
    case TrainingState::Failed: stateLabel_->setText(tr("✖ Failed")); break;
  }
  if (state == TrainingState::Paused) {
    speedLabel_->clear();
    statusBar()->showMessage(tr("Paused: F5 resumes, F10 trains one batch"), kStatusTimeoutMs);
  } else if (state == TrainingState::Finished) {
    etaLabel_->clear();
    speedLabel_->clear();
    statusBar()->showMessage(tr("Training finished. Save the run with File → Save Checkpoint (Ctrl+S)."));
  } else if (state == TrainingState::Stopped) {
    etaLabel_->clear();
    speedLabel_->clear();
    statusBar()->showMessage(tr("Training stopped. The model is kept: save it with Ctrl+S."));
  }
  updateTrainingActions();
}

void MainWindow::onSteps(const StepBatch& b) {
  lossPlot_->appendSteps(b.step, b.total, b.recon, b.kl);
  if (!closeAfterSave_) setRunModified(true);
  const qint64 totalSteps = static_cast<qint64>(b.epochs) * b.stepsPerEpoch;
  progressLabel_->setText(progressText(std::min(b.epoch + 1, std::max(b.epochs, 1)), b.epochs, b.globalStep));
  if (totalSteps > 0)
    trainProgress_->setValue(static_cast<int>(kProgressResolution * std::min<qint64>(b.globalStep, totalSteps) / totalSteps));
  if (b.imagesPerSecond > 0) {
    speedLabel_->setText(tr("%1 img/s").arg(QLocale().toString(b.imagesPerSecond, 'f', 0)));
    const double remaining = static_cast<double>(std::max<qint64>(0, totalSteps - b.globalStep));
    etaLabel_->setText(tr("ETA %1").arg(formatDuration(remaining * std::max(batchSize_, 1) / b.imagesPerSecond)));
  }
}

void MainWindow::onEpochFinished(const EpochStats& stats) {
  lossPlot_->appendTestLoss(static_cast<double>(stats.step), stats.epoch, stats.testTotal);
  statusBar()->showMessage(tr("Epoch %1 done in %2 s: test loss %3 nats (reconstruction %4 + KL %5)")
                               .arg(stats.epoch + 1)
                               .arg(stats.seconds, 0, 'f', 1)
                               .arg(stats.testTotal, 0, 'f', 2)
                               .arg(stats.testRecon, 0, 'f', 2)
                               .arg(stats.testKl, 0, 'f', 2),
                           kStatusTimeoutMs);
  // Crash insurance: the worker writes it atomically at its next step boundary.
  if (worker_) {
    const QString autosave = autosavePath();
    QDir().mkpath(QFileInfo(autosave).absolutePath());
    worker_->requestCheckpoint(autosave);
  }
}

void MainWindow::onEvent(const TrainingEvent& e) {
  addEventMarker(lossPlot_, e.kind, e.step, e.text);
  if (e.kind == EventRecord::Kind::NanRecovered)
    statusBar()->showMessage(
        tr("The loss diverged (NaN or exploding); the last good weights were restored with half the learning rate"),
        kStatusTimeoutMs);
}

void MainWindow::onReconstructions(const QVector<QImage>& originals, const QVector<QImage>& reconstructions) {
  // Row pairs: inputs [i, i+columns) above their reconstructions.
  QVector<QImage> images;
  QStringList captions;
  const int n = static_cast<int>(std::min(originals.size(), reconstructions.size()));
  for (int begin = 0; begin < n; begin += kReconstructionColumns) {
    const int end = std::min(begin + kReconstructionColumns, n);
    for (int i = begin; i < end; ++i) {
      images.append(originals.at(i));
      captions.append(tr("input"));
    }
    for (int i = begin; i < end; ++i) {
      images.append(reconstructions.at(i));
      captions.append(tr("recon"));
    }
  }
  reconGrid_->setImages(images, captions);
}

void MainWindow::onWorkerFinished() {
  runActive_ = false;
  modelPanel_->setTrainingLocked(false);
  // The panel shows what the run ended with, so a Save / Start next reads truthfully.
  updateTrainingActions();
  Q_EMIT trainingEnded();
}

void MainWindow::onWorkerFailed(const QString& message) {
  if (!pendingSavePath_.isEmpty() && message.contains(pendingSavePath_)) {
    pendingSavePath_.clear();
    closeAfterSave_ = false;
    reportError(tr("Could Not Save Checkpoint"), tr("The checkpoint could not be saved."), message);
    Q_EMIT checkpointFailed(message);
    return;
  }
  if (message.contains(autosavePath())) {
    // Autosave is a safety net; its failure must not interrupt the user.
    statusBar()->showMessage(tr("Autosave failed: %1").arg(firstLine(message)), kStatusTimeoutMs);
    return;
  }
  reportError(tr("Training Failed"), tr("Training stopped because of an error."), message);
}

void MainWindow::updateTrainingActions() {
  const TrainingState state = trainingState();
  if (runActive_ && state == TrainingState::Paused) {
    toggleAction_->setText(tr("&Resume"));
    toggleAction_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    toggleAction_->setStatusTip(tr("Continue training"));
  } else if (runActive_) {
    toggleAction_->setText(tr("&Pause"));
    toggleAction_->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    toggleAction_->setStatusTip(tr("Pause after the current batch"));
  } else {
    toggleAction_->setText(resumeFrom_ ? tr("&Continue Training") : tr("&Start Training"));
    toggleAction_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    toggleAction_->setStatusTip(isWatching() ? tr("Stop watching to continue this run here")
                                : resumeFrom_ ? tr("Continue the opened run for the epochs set on the left")
                                              : tr("Train a new model with the settings on the left"));
  }
  toggleAction_->setToolTip(toggleAction_->text().remove('&') + QStringLiteral(" (F5)"));
  // A watched run belongs to the process writing it: continuing or saving it here would fork it or
  // overwrite that process's file. Stop Watching first makes that a deliberate choice.
  const bool watching = isWatching();
  toggleAction_->setEnabled(runActive_ || (dataset_ && !isLoading() && !checkpointLoader_ && !watching));
  stopAction_->setEnabled(runActive_);
  stepAction_->setEnabled(runActive_ && state == TrainingState::Paused);
  const bool canSave = (worker_ != nullptr || resumeFrom_ != nullptr) && !checkpointWriter_ && !watching;
  saveAction_->setEnabled(canSave);
  saveAsAction_->setEnabled(canSave);
  openCheckpointAction_->setEnabled(!runActive_);
  watchAction_->setEnabled(!runActive_);
  stopWatchAction_->setEnabled(watching);
  modelPanel_->setTrainingLocked(runActive_);
  // Read-only while watching: every new version would overwrite an edit.
  modelPanel_->setEnabled(!watching);
  updateExportActions();
}

void MainWindow::setRunModified(bool modified) {
  if (isWindowModified() == modified) return;
  updateTitle();  // first: setWindowModified needs the title's [*] placeholder
  setWindowModified(modified);
}

void MainWindow::updateTitle() {
  if (isWatching()) {
    setWindowTitle(tr("%1[*] — watching — VAE Studio").arg(QFileInfo(watchedPath()).completeBaseName()));
    return;
  }
  if (!hasRun_) {
    setWindowTitle(tr("VAE Studio"));
    return;
  }
  const QString name = runPath_.isEmpty() ? tr("Untitled") : QFileInfo(runPath_).completeBaseName();
  setWindowTitle(tr("%1[*] — VAE Studio").arg(name));
}

// --- checkpoints -----------------------------------------------------------------------------

QString MainWindow::unsavedAutosavePath() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/unsaved.autosave.") +
         QLatin1String(kCheckpointSuffix);
}

QString MainWindow::autosavePath() const {
  return runPath_.isEmpty() ? unsavedAutosavePath() : autosavePathFor(runPath_);
}

QString MainWindow::autosavePathFor(const QString& runPath) {
  const QFileInfo run(runPath);
  return run.absoluteDir().filePath(run.completeBaseName() + QStringLiteral(".autosave.") +
                                    QLatin1String(kCheckpointSuffix));
}

QString MainWindow::newerAutosaveFor(const QString& runPath) {
  const QFileInfo run(runPath);
  const QFileInfo autosave(autosavePathFor(runPath));
  if (!autosave.exists() || run.fileName().endsWith(QStringLiteral(".autosave.") + QLatin1String(kCheckpointSuffix)))
    return {};
  return autosave.lastModified() > run.lastModified() ? autosave.absoluteFilePath() : QString();
}

void MainWindow::openCheckpointDialog() {
  auto* dialog = new QFileDialog(this, tr("Open Checkpoint"), QFileInfo(runPath_).absolutePath(), checkpointFilter());
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setFileMode(QFileDialog::ExistingFile);
  connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::openCheckpoint);
  dialog->open();
}

void MainWindow::openCheckpoint(const QString& path) {
  if (runActive_) {
    statusBar()->showMessage(tr("Stop training before opening another run"), kStatusTimeoutMs);
    return;
  }
  if (checkpointLoader_) return;
  stopWatching();  // the opened run replaces the watched one
  if (QFileInfo(path) == QFileInfo(unsavedAutosavePath())) {
    loadCheckpointFile(path, QString(), /*modified=*/true);  // still unsaved work: Save asks for a path
    return;
  }
  const QString autosave = newerAutosaveFor(path);
  if (autosave.isEmpty() || !showErrorDialogs_) {
    loadCheckpointFile(path, path, /*modified=*/false);
    return;
  }
  auto* box = new QMessageBox(QMessageBox::Question, tr("Open Newer Autosave?"),
                              tr("%1 has an autosave that is newer than the file itself.")
                                  .arg(QFileInfo(path).fileName()),
                              QMessageBox::NoButton, this);
  box->setInformativeText(tr("VAE Studio probably stopped after its last save. Open the autosave (%1) to "
                             "continue from there, or the saved file?")
                              .arg(QLocale().toString(QFileInfo(autosave).lastModified(), QLocale::ShortFormat)));
  QPushButton* useAutosave = box->addButton(tr("Open Autosave"), QMessageBox::AcceptRole);
  box->addButton(tr("Open Saved File"), QMessageBox::RejectRole);
  box->setDefaultButton(useAutosave);
  box->setAttribute(Qt::WA_DeleteOnClose);
  connect(box, &QMessageBox::finished, this, [this, box, useAutosave, path, autosave] {
    if (box->clickedButton() == useAutosave)
      loadCheckpointFile(autosave, path, /*modified=*/true);
    else
      loadCheckpointFile(path, path, /*modified=*/false);
  });
  box->open();  // window-modal, no nested event loop
}

void MainWindow::loadCheckpointFile(const QString& file, const QString& runPath, bool modified) {
  if (checkpointLoader_) return;
  auto result = std::make_shared<CheckpointResult>();
  result->path = file;
  result->runPath = runPath;
  result->modified = modified;
  checkpointLoader_ = createCheckpointReader(result);
  connect(checkpointLoader_, &QThread::finished, this, [this, result] { finishCheckpointLoad(result); });
  setBusy(true, tr("Opening %1…").arg(QFileInfo(file).fileName()));
  updateTrainingActions();
  checkpointLoader_->start();
}

QThread* MainWindow::createCheckpointReader(const std::shared_ptr<CheckpointResult>& result) {
  return QThread::create([result] {
    const std::string fileName = result->path.toStdString();
    result->fileTime = QFileInfo(result->path).lastModified();
    result->error = captureError([&] { result->checkpoint = std::make_shared<Checkpoint>(Checkpoint::load(fileName)); },
                                 QStringLiteral("%1: unknown error while loading").arg(result->path));
  });
}

void MainWindow::finishCheckpointLoad(const std::shared_ptr<CheckpointResult>& result) {
  checkpointLoader_->deleteLater();
  checkpointLoader_ = nullptr;
  setBusy(isLoading(), {});
  if (!result->checkpoint) {
    const QString message = firstLine(result->error.isEmpty() ? tr("%1: could not be read").arg(result->path)
                                                              : result->error);
    reportError(tr("Could Not Open Checkpoint"), tr("The checkpoint could not be opened."), message);
    updateTrainingActions();
    Q_EMIT checkpointFailed(message);
    return;
  }
  const Checkpoint& checkpoint = *result->checkpoint;
  shutdownTraining();  // the opened run replaces the one in memory
  resumeFrom_ = result->checkpoint;
  hasRun_ = true;
  // A restored autosave is unsaved work: it keeps its run's path (empty for an unsaved run).
  runPath_ = result->runPath;
  updateTitle();  // first: setWindowModified needs the title's [*] placeholder
  setWindowModified(result->modified);
  if (!runPath_.isEmpty()) addRecentFile(runPath_);

  showSettings(checkpoint);
  showHistory(checkpoint);
  explore_->setCheckpoint(checkpoint);
  tabs_->setCurrentIndex(1);
  const QString spec = QString::fromStdString(checkpoint.datasetSpec);
  if (!spec.isEmpty() && spec != datasetSpec_) loadDataset(spec);
  statusBar()->showMessage(tr("Opened %1 at step %2. Press Continue Training (F5) to train further.")
                               .arg(QFileInfo(result->path).fileName(), QLocale().toString(static_cast<qint64>(checkpoint.globalStep))),
                           kStatusTimeoutMs);
  updateTrainingActions();
  Q_EMIT checkpointLoaded(result->path);
}

void MainWindow::showSettings(const Checkpoint& checkpoint) {
  ModelSettings settings = toModelSettings(checkpoint.modelConfig, checkpoint.trainConfig);
  // The values the run trains with now: user overrides win over the schedules' base values.
  if (checkpoint.betaOverride) settings.beta = *checkpoint.betaOverride;
  if (checkpoint.lrOverride) settings.learningRate = *checkpoint.lrOverride;
  modelPanel_->setSettings(settings);
  batchSize_ = settings.batchSize;
}

void MainWindow::showHistory(const Checkpoint& checkpoint) {
  lossPlot_->clear();
  clearLiveViews();
  plotHistory(lossPlot_, checkpoint.history);
  showSavedPosition(checkpoint);
}

void MainWindow::showSavedPosition(const Checkpoint& checkpoint) {
  const qint64 epochs = checkpoint.trainConfig.epochs;
  const qint64 shownEpoch = std::clamp<qint64>(checkpoint.epoch + (checkpoint.stepInEpoch > 0 ? 1 : 0), 1, std::max<qint64>(epochs, 1));
  progressLabel_->setText(progressText(shownEpoch, epochs, checkpoint.globalStep));
  stateLabel_->setText(checkpoint.epoch >= epochs ? tr("✔ Finished") : tr("■ Stopped"));
  speedLabel_->clear();
  etaLabel_->clear();
  for (QWidget* w : std::initializer_list<QWidget*>{stateLabel_, progressLabel_, speedLabel_, etaLabel_}) w->setVisible(true);
  trainProgress_->setVisible(false);
  reconGrid_->setPlaceholderText(tr("Saved at step %1.\nPress Continue Training (F5)\nto see live reconstructions.")
                                     .arg(QLocale().toString(static_cast<qint64>(checkpoint.globalStep))));
}

void MainWindow::saveCheckpoint() {
  if (runPath_.isEmpty())
    saveCheckpointAsDialog();
  else
    saveCheckpointTo(runPath_);
}

void MainWindow::saveCheckpointAsDialog() {
  const QString start = runPath_.isEmpty()
                            ? QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                  .filePath(tr("run") + QLatin1Char('.') + QLatin1String(kCheckpointSuffix))
                            : runPath_;
  auto* dialog = new QFileDialog(this, tr("Save Checkpoint"), start, checkpointFilter());
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setAcceptMode(QFileDialog::AcceptSave);
  dialog->setDefaultSuffix(QLatin1String(kCheckpointSuffix));
  connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::saveCheckpointTo);
  connect(dialog, &QFileDialog::rejected, this, [this] { closeAfterSave_ = false; });
  dialog->open();
}

void MainWindow::saveCheckpointTo(const QString& path) {
  if (path.isEmpty()) return;
  const QString absolute = QFileInfo(path).absoluteFilePath();
  if (worker_) {
    pendingSavePath_ = absolute;
    statusBar()->showMessage(tr("Saving %1…").arg(QFileInfo(absolute).fileName()));
    worker_->requestCheckpoint(absolute);  // may report back before it returns (run already ended)
    return;
  }
  if (resumeFrom_ && !checkpointWriter_) {
    // An opened run that has not trained here: write the loaded checkpoint as it is.
    pendingSavePath_ = absolute;
    auto checkpoint = resumeFrom_;
    auto error = std::make_shared<QString>();
    checkpointWriter_ = QThread::create([checkpoint, absolute, error] {
      *error = captureError([&] { checkpoint->save(absolute.toStdString()); },
                            QStringLiteral("unknown error while saving"));
      if (!error->isEmpty() && !error->contains(absolute)) *error = absolute + QStringLiteral(": ") + *error;
    });
    connect(checkpointWriter_, &QThread::finished, this, [this, absolute, error] {
      checkpointWriter_->deleteLater();
      checkpointWriter_ = nullptr;
      if (error->isEmpty())
        onWorkerCheckpointSaved(absolute);
      else
        onWorkerFailed(*error);
      updateTrainingActions();
    });
    updateTrainingActions();
    checkpointWriter_->start();
    return;
  }
  statusBar()->showMessage(tr("Nothing to save yet: train a model or open a checkpoint first"), kStatusTimeoutMs);
}

void MainWindow::onWorkerCheckpointSaved(const QString& path) {
  if (path != pendingSavePath_) {
    // Quietly: a routine safety copy must not push away a message the user needs.
    if (statusBar()->currentMessage().isEmpty()) statusBar()->showMessage(tr("Autosaved"), kStatusTimeoutMs / 2);
    return;
  }
  pendingSavePath_.clear();
  const QString oldAutosave = autosavePath();
  runPath_ = path;
  // The run is safe in its own file now: autosaves of older states would only confuse a later restore.
  QFile::remove(oldAutosave);
  QFile::remove(autosavePath());
  setWindowModified(false);
  updateTitle();
  addRecentFile(path);
  statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), kStatusTimeoutMs);
  Q_EMIT checkpointSaved(path);
  if (closeAfterSave_) close();
}

void MainWindow::offerAutosaveRestore() {
  const QString autosave = unsavedAutosavePath();
  if (!showErrorDialogs_ || !QFileInfo::exists(autosave)) return;
  auto* box = new QMessageBox(QMessageBox::Question, tr("Restore Unsaved Run?"),
                              tr("A training run from an earlier session was not saved."),
                              QMessageBox::NoButton, this);
  box->setInformativeText(tr("It was autosaved %1. Restore it, or discard it for good?")
                              .arg(QLocale().toString(QFileInfo(autosave).lastModified(), QLocale::ShortFormat)));
  QPushButton* restore = box->addButton(tr("Restore"), QMessageBox::AcceptRole);
  box->addButton(tr("Discard"), QMessageBox::DestructiveRole);
  box->setDefaultButton(restore);
  box->setAttribute(Qt::WA_DeleteOnClose);
  connect(box, &QMessageBox::finished, this, [this, box, restore, autosave] {
    if (box->clickedButton() == restore)
      openCheckpoint(autosave);
    else
      QFile::remove(autosave);
  });
  box->open();  // window-modal, no nested event loop
}

QStringList MainWindow::recentFiles() { return QSettings().value(kRecentFilesKey).toStringList(); }

void MainWindow::addRecentFile(const QString& path) {
  QStringList files = recentFiles();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  files.removeAll(absolute);
  files.prepend(absolute);
  while (files.size() > kMaxRecentFiles) files.removeLast();
  QSettings().setValue(kRecentFilesKey, files);
  updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
  recentMenu_->clear();
  const QStringList files = recentFiles();
  for (int i = 0; i < files.size(); ++i) {
    const QString file = files.at(i);
    QAction* action = recentMenu_->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(file).fileName()), this,
                                             [this, file] { openCheckpoint(file); });
    action->setStatusTip(QDir::toNativeSeparators(file));
  }
  if (!files.isEmpty()) {
    recentMenu_->addSeparator();
    recentMenu_->addAction(tr("&Clear List"), this, [this] {
      QSettings().remove(kRecentFilesKey);
      updateRecentMenu();
    });
  }
  recentMenu_->setEnabled(!files.isEmpty());
}

void MainWindow::reportError(const QString& title, const QString& text, const QString& details) {
  statusBar()->showMessage(QStringLiteral("%1: %2").arg(text, firstLine(details)));
  if (!showErrorDialogs_) return;
  auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
  box->setInformativeText(details);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

// --- watching a run written by another process ----------------------------------------------

namespace {
// "12:03:04" today, else with the date: a run that stopped writing yesterday must not look alive.
QString updateTime(const QDateTime& time) {
  if (!time.isValid()) return MainWindow::tr("unknown");
  return time.date() == QDate::currentDate() ? time.toString(QStringLiteral("HH:mm:ss"))
                                             : time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}
}  // namespace

bool MainWindow::isWatching() const { return runWatcher_ && runWatcher_->isWatching(); }
QString MainWindow::watchedPath() const { return runWatcher_ ? runWatcher_->path() : QString(); }
QString MainWindow::watchStatus() const { return isWatching() ? watchLabel_->text() : QString(); }

void MainWindow::watchRunDialog() {
  const QString start = isWatching() ? watchedPath() : QFileInfo(runPath_).absolutePath();
  auto* dialog = new QFileDialog(this, tr("Watch Run"), start, checkpointFilter());
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  // Any file name: the run may not have written its first checkpoint yet.
  dialog->setFileMode(QFileDialog::AnyFile);
  dialog->setAcceptMode(QFileDialog::AcceptOpen);
  dialog->setLabelText(QFileDialog::Accept, tr("Watch"));
  connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::watchRun);
  dialog->open();
}

void MainWindow::watchRun(const QString& path) {
  if (path.isEmpty()) return;
  if (runActive_) {
    statusBar()->showMessage(tr("Stop training before watching another run"), kStatusTimeoutMs);
    return;
  }
  if (checkpointLoader_) {
    statusBar()->showMessage(tr("Wait until the checkpoint being opened is shown"), kStatusTimeoutMs);
    return;
  }
  stopWatching();
  ++watchGeneration_;
  runWatcher_->watch(path);
  plotted_ = PlottedHistory();  // the first version read redraws the plot
  watchDatasetSpec_.clear();
  // The window's run is replaced when the first readable version arrives, as with Open Checkpoint.
  watchLabel_->setToolTip(QDir::toNativeSeparators(watchedPath()));
  setWatchStatus(tr("Watching %1: reading…").arg(QFileInfo(watchedPath()).fileName()));
  updateTitle();
  updateTrainingActions();
  reloadWatchedRun();
}

void MainWindow::stopWatching() {
  if (!isWatching()) return;
  const QString name = QFileInfo(watchedPath()).fileName();
  runWatcher_->stop();
  ++watchGeneration_;  // a read still running is dropped when it ends
  watchReloadPending_ = false;
  watchLabel_->clear();
  watchLabel_->setVisible(false);
  // The last version shown stays open like an opened run (before one was shown, the old run still is).
  if (plotted_.drawn && resumeFrom_) showSavedPosition(*resumeFrom_);
  updateTitle();
  updateTrainingActions();
  statusBar()->showMessage(tr("Stopped watching %1").arg(name), kStatusTimeoutMs);
}

void MainWindow::reloadWatchedRun() {
  if (!isWatching()) return;
  if (watchLoader_) {
    // Never two reads at once: the file is read again when this one ends, so the newest version wins.
    watchReloadPending_ = true;
    return;
  }
  watchReloadPending_ = false;
  auto result = std::make_shared<CheckpointResult>();
  result->path = watchedPath();
  result->runPath = result->path;
  const quint64 generation = watchGeneration_;
  watchLoader_ = createCheckpointReader(result);
  connect(watchLoader_, &QThread::finished, this,
          [this, result, generation] { finishWatchLoad(result, generation); });
  watchLoader_->start();
}

void MainWindow::finishWatchLoad(const std::shared_ptr<CheckpointResult>& result, quint64 generation) {
  watchLoader_->deleteLater();
  watchLoader_ = nullptr;
  // A read for a watch that has ended (or was restarted on another file) shows nothing.
  if (generation == watchGeneration_ && isWatching()) {
    if (result->checkpoint)
      showWatchedCheckpoint(*result);
    else
      showWatchWaiting(result->error.isEmpty() ? tr("%1: could not be read").arg(result->path) : result->error);
  }
  if (watchReloadPending_) reloadWatchedRun();
}

void MainWindow::showWatchedCheckpoint(const CheckpointResult& result) {
  const Checkpoint& checkpoint = *result.checkpoint;
  const bool first = !plotted_.drawn;
  if (first) {
    shutdownTraining();  // a finished run trained here is replaced, as by Open Checkpoint
    clearLiveViews();
    // The watch line says where the run is; a saved run's "■ Stopped" would be wrong.
    for (QWidget* w : std::initializer_list<QWidget*>{stateLabel_, progressLabel_, speedLabel_, etaLabel_, trainProgress_})
      w->setVisible(false);
    reconGrid_->setPlaceholderText(tr("Reconstructions are shown for runs trained in this window.\n"
                                      "New images show the watched run's samples after its last epoch."));
    tabs_->setCurrentIndex(1);
  }
  resumeFrom_ = result.checkpoint;  // Export and, after Stop Watching, Continue Training use it
  hasRun_ = true;
  runPath_ = result.path;
  setWindowModified(false);
  updateTitle();

  showSettings(checkpoint);
  // Only the new part is appended when this version continues the one shown: the user's zoom stays.
  plotted_ = updateHistoryPlot(lossPlot_, checkpoint.history, plotted_);
  // Same shape: new weights, the sliders keep z. Another architecture or latent size: a new model.
  explore_->setCheckpoint(checkpoint);
  if (!checkpoint.history.epochImages.empty())
    samplesGrid_->setImages(tensorToImages(checkpoint.history.epochImages.back().to(torch::kFloat32).div(255.0)));

  // The scatter and PCA axes need the run's test images: its dataset is loaded once (a spec that does
  // not exist here, say a cluster path, fails once instead of after every epoch).
  const QString spec = QString::fromStdString(checkpoint.datasetSpec);
  if (!spec.isEmpty() && spec != datasetSpec_ && spec != watchDatasetSpec_) {
    watchDatasetSpec_ = spec;
    requestDataset(spec);
  }

  const qint64 epochs = checkpoint.trainConfig.epochs;
  const qint64 shownEpoch =
      std::clamp<qint64>(checkpoint.epoch + (checkpoint.stepInEpoch > 0 ? 1 : 0), 1, std::max<qint64>(epochs, 1));
  const QLocale locale;
  setWatchStatus(tr("Watching %1: step %2, epoch %3/%4%5 — updated %6")
                     .arg(QFileInfo(result.path).fileName(), locale.toString(static_cast<qint64>(checkpoint.globalStep)),
                          locale.toString(shownEpoch), locale.toString(epochs),
                          checkpoint.epoch >= epochs ? tr(" (finished)") : QString(), updateTime(result.fileTime)));
  updateTrainingActions();
  Q_EMIT watchedRunUpdated(result.path);
}

void MainWindow::showWatchWaiting(const QString& error) {
  // "PATH: reason": the label already names the file.
  QString reason = firstLine(error);
  const QString prefix = watchedPath() + QStringLiteral(": ");
  if (reason.startsWith(prefix)) reason = reason.mid(prefix.size());
  setWatchStatus(tr("Watching %1: waiting for a readable checkpoint (%2)").arg(QFileInfo(watchedPath()).fileName(), reason));
  Q_EMIT watchedRunWaiting(reason);
}

void MainWindow::setWatchStatus(const QString& text) {
  // A permanent status-bar widget: menu status tips and transient messages do not wipe it.
  watchLabel_->setText(text);
  watchLabel_->setVisible(true);
}

// --- encoding a user's image ----------------------------------------------------------------

namespace {
// The first local file among the drag's URLs that Qt can read as an image, else empty.
QString droppedImageFile(const QMimeData* mime) {
  if (!mime || !mime->hasUrls()) return {};
  const QList<QByteArray> formats = QImageReader::supportedImageFormats();
  for (const QUrl& url : mime->urls()) {
    if (!url.isLocalFile()) continue;
    const QString path = url.toLocalFile();
    if (formats.contains(QFileInfo(path).suffix().toLower().toLatin1())) return path;
  }
  return {};
}
}  // namespace

bool MainWindow::encodeImageFile(const QString& path) {
  QImageReader reader(path);
  QImage image;
  if (explore_->decoder()->hasModel()) image = reader.read();  // no model: say so, don't read
  if (encodeIntoExplorer(image, QFileInfo(path).fileName(), path, reader.errorString())) {
    Q_EMIT imageEncoded(path);
    return true;
  }
  return false;
}

bool MainWindow::encodeDatasetImage(int64_t index) {
  if (!dataset_ || index < 0 || index >= dataset_->train.size()) return false;
  const Dataset& train = dataset_->train;
  const QString label = QString::fromStdString(train.labelName(index));
  const QString number = QLocale().toString(static_cast<qint64>(index + 1));
  const QString name = label.isEmpty() ? tr("training image %1").arg(number) : tr("training image %1 (%2)").arg(number, label);
  return encodeIntoExplorer(tensorToImage(train.images[index]), name, name, {});
}

bool MainWindow::encodeIntoExplorer(const QImage& image, const QString& name, const QString& source,
                                    const QString& readError) {
  auto fail = [&](const QString& text, const QString& details) {
    reportError(tr("Could Not Encode Image"), text, details);
    Q_EMIT imageEncodeFailed(details);
    return false;
  };
  if (!explore_->decoder()->hasModel())
    return fail(tr("Train a model or open a checkpoint first"),
                tr("%1: encoding needs a model to map the image into its latent space").arg(source));
  if (image.isNull()) return fail(tr("The image could not be read"), QStringLiteral("%1: %2").arg(source, readError));
  if (!explore_->encodeImage(image, name))
    return fail(tr("The image could not be encoded"), QStringLiteral("%1: %2").arg(source, explore_->lastError()));
  tabs_->setCurrentWidget(explore_);
  statusBar()->showMessage(tr("Encoded %1: its latent code is in the sliders").arg(name), kStatusTimeoutMs);
  return true;
}

void MainWindow::showDatasetImageMenu(const QPoint& pos) {
  const int onPage = grid_->indexAt(pos);
  QMenu menu(this);
  if (dataset_ && onPage >= 0) {
    const int64_t index = static_cast<int64_t>(page_) * kPageSize + onPage;
    QAction* encode = menu.addAction(tr("Encode in Explorer"), this, [this, index] { encodeDatasetImage(index); });
    encode->setEnabled(explore_->decoder()->hasModel());
    if (!encode->isEnabled()) encode->setText(tr("Encode in Explorer (train or open a model first)"));
    menu.addSeparator();
  }
  // The whole page, wherever the click was.
  if (grid_->count() > 0) menu.addAction(SaveImageAction::of(grid_)->action());
  if (!menu.isEmpty()) menu.exec(grid_->mapToGlobal(pos));
}

void MainWindow::encodeImageDialog() {
  QStringList patterns;
  for (const QByteArray& format : QImageReader::supportedImageFormats())
    patterns << QStringLiteral("*.%1").arg(QString::fromLatin1(format));
  const QString path = QFileDialog::getOpenFileName(this, tr("Encode Image"), QString(),
                                                    tr("Images (%1);;All files (*)").arg(patterns.join(' ')));
  if (!path.isEmpty()) encodeImageFile(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!droppedImageFile(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = droppedImageFile(event->mimeData());
  if (path.isEmpty()) return;
  event->acceptProposedAction();
  encodeImageFile(path);
}

// --- window state --------------------------------------------------------------------------

void MainWindow::readSettings() {
  const QSettings settings;
  restoreGeometry(settings.value(kGeometryKey).toByteArray());
  restoreState(settings.value(kStateKey).toByteArray());
}

void MainWindow::writeSettings() {
  QSettings settings;
  settings.setValue(kGeometryKey, saveGeometry());
  settings.setValue(kStateKey, saveState());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (closeAfterSave_ && !pendingSavePath_.isEmpty()) {
    event->ignore();  // the save that this close waits for is still being written
    return;
  }
  if (!closeAfterSave_ && hasRun_ && isWindowModified() && showErrorDialogs_) {
    QMessageBox box(QMessageBox::Warning, tr("Save the Run?"), tr("The trained model has not been saved."),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setInformativeText(tr("Save it before closing? Discarding loses the training since the last save."));
    box.setDefaultButton(QMessageBox::Save);
    // Closing is a decision the user has to make now; a nested loop is fine here.
    const int answer = box.exec();
    if (answer == QMessageBox::Cancel) {
      event->ignore();
      return;
    }
    if (answer == QMessageBox::Save) {
      closeAfterSave_ = true;
      // Stop first: the save then holds the final model, and no new steps mark the run modified again.
      if (worker_) worker_->stop();
      saveCheckpoint();
      event->ignore();
      return;
    }
  }
  writeSettings();
  const bool discarding = hasRun_ && isWindowModified() && !closeAfterSave_;
  shutdownTraining();
  // A discarded run's crash-insurance copy would otherwise be offered at the next start.
  if (discarding && runPath_.isEmpty()) QFile::remove(unsavedAutosavePath());
  event->accept();
}

}  // namespace vae
