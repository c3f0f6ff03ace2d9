#include "app/gui/mainwindow.h"

#include "app/core/datasetloader.h"
#include "app/core/datasetspec.h"
#include "app/core/rundocument.h"
#include "app/core/trainingcontroller.h"
#include "app/gui/comparepanel.h"
#include "app/gui/likelihoodaction.h"
#include "app/gui/datasetpanel.h"
#include "app/gui/datasetsummary.h"
#include "app/gui/explorepanel.h"
#include "app/gui/exportdialog.h"
#include "app/gui/exportmenu.h"
#include "app/gui/imageencoder.h"
#include "app/gui/latentplanepanel.h"
#include "app/gui/mainmenus.h"
#include "app/gui/opendatasetdialog.h"
#include "app/gui/runcontrol.h"
#include "app/gui/saveimageaction.h"
#include "app/gui/trainingstatus.h"
#include "app/gui/trainingview.h"
#include "app/gui/windowmessages.h"
#include "widgets/elidingstatusbar.h"
#include "widgets/modelpanel.h"
#include "widgets/wheelguard.h"

#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QLocale>
#include <QScreen>
#include <QApplication>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <mutex>

// Resources live in the static vae_app_gui library; nothing references them, so the linker would drop them
// unless initialised explicitly. Q_INIT_RESOURCE must be called outside any namespace.
static void initAppResources() {
  static std::once_flag once;
  std::call_once(once, [] { Q_INIT_RESOURCE(app); });
}

namespace vae {

namespace {
// Width of the dataset + model panel; wide enough for "T-shirt/top  6,000", long folder names and the model
// form's labels next to their fields, no wider (the training views need the room).
constexpr int kSidePanelWidth = 280;
constexpr char kGeometryKey[] = "window/geometry";
constexpr char kStateKey[] = "window/state";
// The Open Dataset dialog starts from the last spec opened with it.
constexpr char kLastOpenedDatasetKey[] = "openDataset/lastSpec";

// The Explore page's scroll area: tells the explorer how wide it may be, so its columns stack instead of
// scrolling sideways in a narrow window.
class ExploreScrollArea : public QScrollArea {
 public:
  explicit ExploreScrollArea(ExplorePanel* explore) : explore_(explore) {}

 protected:
  void resizeEvent(QResizeEvent* event) override {
    QScrollArea::resizeEvent(event);
    // The vertical scroll bar a stacked page brings must not flip it back: its width is allowed for.
    explore_->fitColumnsTo(viewport()->width() + (verticalScrollBar()->isVisible() ? verticalScrollBar()->width() : 0) -
                           style()->pixelMetric(QStyle::PM_ScrollBarExtent));
  }

 private:
  ExplorePanel* explore_;
};
// Default window size: a full page of 28-pixel images at 3x next to the side panel. Smaller screens get
// kScreenShare of their available area instead.
constexpr QSize kDefaultWindowSize(1400, 900);
constexpr double kScreenShare = 0.9;
enum Tab { kDatasetTab = 0, kTrainingTab = 1, kExploreTab = 2, kCompareTab = 3 };

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowIcon(appIcon());
  messages_ = new WindowMessages(this);
  training_ = new TrainingController(this);
  document_ = new RunDocument(training_, this);
  loader_ = new DatasetLoader(this);
  // Its messages are elided before the run's fields, not cut against them.
  setStatusBar(new ElidingStatusBar);
  // The wheel scrolls pages; a setting under the pointer changes only once it has focus.
  qApp->installEventFilter(new WheelGuard(this));
  createCentralWidgets();
  encoder_ = new ImageEncoder(explore_, this);
  status_ = new TrainingStatus(statusBar());
  run_ = new RunControl(training_, document_, loader_,
                        {this, tabs_, modelPanel_, trainingView_, status_, explore_, messages_}, this);
  createActions();
  connectDataset();
  connectRun();
  connectExplorer();
  connectCompare();
  for (SaveImageAction* saver : findChildren<SaveImageAction*>()) {
    connect(saver, &SaveImageAction::saved, this,
            [this](const QString& path) { showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path))); });
    connect(saver, &SaveImageAction::failed, this, [this](const QString& message) {
      messages_->report(tr("Could Not Save Image"), tr("The image could not be saved."), message);
    });
  }
  statusBar()->showMessage(tr("Ready"));
  QSize size = kDefaultWindowSize;
  if (const QScreen* screen = QGuiApplication::primaryScreen())
    size = size.boundedTo(screen->availableGeometry().size() * kScreenShare);
  resize(size);
  readSettings();
  updateTitle();
  updateActions();
  updateRecentMenu();
  setAcceptDrops(true);  // an image file dropped anywhere is encoded into the Explore tab's sliders
}

MainWindow::~MainWindow() { training_->shutdown(); }

QIcon MainWindow::appIcon() {
  initAppResources();
  QIcon icon;
  for (int size : {32, 64, 128, 256}) icon.addFile(QString(":/icons/vae-studio-%1.png").arg(size), QSize(size, size));
  return icon;
}

void MainWindow::setShowErrorDialogs(bool show) {
  messages_->setDialogsShown(show);
  exportMenu_->setShowErrorDialogs(show);
}

bool MainWindow::showErrorDialogs() const { return messages_->dialogsShown(); }

LossPlot* MainWindow::lossPlot() const { return trainingView_->lossPlot(); }
KlBars* MainWindow::klBars() const { return trainingView_->klBars(); }
ImageGridView* MainWindow::reconstructionGrid() const { return trainingView_->reconstructionGrid(); }
ImageGridView* MainWindow::sampleGrid() const { return trainingView_->sampleGrid(); }
ImageGridView* MainWindow::imageGrid() const { return datasetPanel_->grid(); }
bool MainWindow::isLoading() const { return loader_->isLoading(); }
int MainWindow::currentPage() const { return datasetPanel_->page(); }
int MainWindow::pageCount() const { return datasetPanel_->pageCount(); }
TrainingWorker* MainWindow::trainingWorker() const { return training_->worker(); }
TrainingState MainWindow::trainingState() const { return training_->state(); }
bool MainWindow::isTraining() const { return training_->isActive(); }
QString MainWindow::runPath() const { return document_->path(); }
bool MainWindow::isWatching() const { return document_->isWatching(); }
QString MainWindow::watchedPath() const { return document_->watchedPath(); }
QString MainWindow::watchStatus() const { return isWatching() ? status_->watchText() : QString(); }

void MainWindow::createCentralWidgets() {
  summary_ = new DatasetSummary;
  modelPanel_ = new ModelPanel;
  auto* side = new QWidget;
  auto* sideLayout = new QVBoxLayout(side);
  sideLayout->setContentsMargins(0, 0, 0, 0);
  sideLayout->addWidget(summary_, 1);
  sideLayout->addWidget(modelPanel_);
  // Small screens: the side scrolls instead of squeezing the forms.
  auto* sideScroll = new QScrollArea;
  sideScroll->setWidget(side);
  sideScroll->setWidgetResizable(true);
  sideScroll->setFrameShape(QFrame::NoFrame);
  sideScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  sideScroll->setFixedWidth(kSidePanelWidth);
  // A field reached by Tab or a click at the panel's cut-off bottom scrolls into view.
  connect(qApp, &QApplication::focusChanged, sideScroll, [sideScroll](QWidget*, QWidget* now) {
    if (now && sideScroll->widget()->isAncestorOf(now)) sideScroll->ensureWidgetVisible(now);
  });

  datasetPanel_ = new DatasetPanel;
  trainingView_ = new TrainingView;
  explore_ = new ExplorePanel;
  explore_->setObjectName("explorePanel");
  tabs_ = new QTabWidget;
  tabs_->setDocumentMode(true);
  tabs_->addTab(datasetPanel_, tr("Dataset"));
  tabs_->addTab(trainingView_, tr("Training"));
  // The explorer's two columns need ~1040 x 700 px: in a smaller window (1000 x 700 and less) its page scrolls
  // instead of forcing the window wider or squeezing images over their captions.
  auto* exploreScroll = new ExploreScrollArea(explore_);
  exploreScroll->setObjectName("exploreScroll");
  exploreScroll->setWidget(explore_);
  exploreScroll->setWidgetResizable(true);
  exploreScroll->setFrameShape(QFrame::NoFrame);
  tabs_->addTab(exploreScroll, tr("Explore"));
  compare_ = new ComparePanel(training_, document_);
  compare_->setObjectName("comparePanel");
  tabs_->addTab(compare_, tr("Compare"));
  connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::updatePageActions);

  auto* central = new QWidget;
  auto* layout = new QHBoxLayout(central);
  // Thin margins: at the default 1400 px width the twelve reconstruction pairs then fit at 2x.
  layout->setContentsMargins(4, 4, 4, 0);
  layout->addWidget(sideScroll);
  layout->addWidget(tabs_, 1);
  setCentralWidget(central);
}

// --- dataset ---------------------------------------------------------------------------------

void MainWindow::connectDataset() {
  connect(loader_, &DatasetLoader::loading, this, [this](const QString& spec, const QString& after) {
    const QString name = describeDatasetSpec(spec);
    const QString text = after.isEmpty() ? tr("Loading %1…").arg(name)
                                         : tr("Loading %1… (after %2)").arg(name, describeDatasetSpec(after));
    status_->setBusy(true);
    messages_->showUntilReplaced(text);
    if (!dataset_) datasetPanel_->setPlaceholderText(text);
    updateActions();
  });
  connect(loader_, &DatasetLoader::loaded, this, &MainWindow::onDatasetLoaded);
  connect(loader_, &DatasetLoader::failed, this, [this](const QString&, const QString& m) { onDatasetFailed(m); });
  connect(datasetPanel_, &DatasetPanel::pageChanged, this, &MainWindow::updatePageActions);
  connect(datasetPanel_, &DatasetPanel::imageClicked, this, [this](qint64 index) {
    const QString label = QString::fromStdString(dataset_->train.labelName(index));
    const QString number = QLocale().toString(index + 1);
    const QString text =
        label.isEmpty() ? tr("Training image %1").arg(number) : tr("Training image %1: %2").arg(number, label);
    showMessage(text + tr("  ·  right-click it to encode it in the Explorer"));
  });
  connect(datasetPanel_, &DatasetPanel::encodeRequested, this, &MainWindow::encodeDatasetImage);
  datasetPanel_->setEncodeAvailable([this] { return encoder_->canEncode(); });
}

void MainWindow::loadDataset(const QString& spec) {
  if (spec == document_->datasetSpec()) {  // the run's own dataset again: the run stays
    loader_->load(spec);
    return;
  }
  run_->replaceRunThen(tr("Loading %1 ends the current run, which was trained on %2.")
                           .arg(describeDatasetSpec(spec), describeDatasetSpec(document_->datasetSpec())),
                       [this, spec] { loader_->load(spec); });
}

void MainWindow::onDatasetLoaded(const QString& spec, const std::shared_ptr<const DatasetSplit>& data) {
  status_->setBusy(document_->isOpening());
  dataset_ = data;
  datasetSpec_ = spec;
  rememberDatasetSpec(spec);
  summary_->setDataset(data);
  datasetPanel_->setDataset(data);
  explore_->setDataset(data->test);
  compare_->setDataset(data);
  encoder_->setDataset(data);
  exportMenu_->setDataset(spec, data);
  likelihood_->setDataset(spec, data);
  run_->setDataset(spec, data);
  QString loaded = tr("Loaded %1: %2 training and %3 test images")
                       .arg(summary_->datasetName(), QLocale().toString(static_cast<qint64>(data->train.size())),
                            QLocale().toString(static_cast<qint64>(data->test.size())));
  // The loader's first warning (files skipped) beside it; the Dataset tab lists them all.
  if (!data->warnings.empty()) loaded = tr("%1 · warning: %2").arg(loaded, QString::fromStdString(data->warnings.front()));
  messages_->showUntilReplaced(loaded);
  updateActions();
  Q_EMIT datasetLoaded(summary_->datasetName());
}

void MainWindow::onDatasetFailed(const QString& message) {
  status_->setBusy(document_->isOpening());
  updateActions();
  if (!dataset_)
    datasetPanel_->setPlaceholderText(tr("Could not load the dataset.\nUse File → Open Dataset… or a built-in dataset."));
  messages_->report(tr("Could Not Load Dataset"), tr("Could not load dataset"), message);
  Q_EMIT datasetFailed(message);
}

void MainWindow::openDatasetDialog() {
  auto* dialog = new OpenDatasetDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  // It opens where the user left it: the last kind, place, size and colour chosen.
  dialog->setSpec(QSettings().value(kLastOpenedDatasetKey).toString());
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    if (dialog->spec().isEmpty()) return;
    QSettings().setValue(kLastOpenedDatasetKey, dialog->spec());
    loadDataset(dialog->spec());
  });
  dialog->open();
}

void MainWindow::setPage(int page) { datasetPanel_->setPage(page); }
void MainWindow::nextPage() { datasetPanel_->nextPage(); }
void MainWindow::previousPage() { datasetPanel_->previousPage(); }

// --- the run (RunControl) ----------------------------------------------------------------------

void MainWindow::toggleTraining() { run_->toggle(); }
void MainWindow::startTraining() { run_->start(); }
void MainWindow::startNewRun() { run_->startNewRun(); }
void MainWindow::pauseTraining() { training_->pause(); }
void MainWindow::resumeTraining() { training_->resume(); }
void MainWindow::stopTraining() { run_->stop(); }
void MainWindow::stepTraining() { training_->stepOnce(); }
void MainWindow::openCheckpoint(const QString& path) { run_->open(path); }
void MainWindow::openCheckpointDialog() { run_->openDialog(); }
void MainWindow::saveCheckpoint() { run_->save(); }
void MainWindow::saveCheckpointAsDialog() { run_->saveAsDialog(); }
void MainWindow::saveCheckpointTo(const QString& path) { run_->saveTo(path); }
void MainWindow::offerAutosaveRestore() { run_->offerAutosaveRestore(); }
void MainWindow::watchRun(const QString& path) { run_->watch(path); }
void MainWindow::watchRunDialog() { run_->watchDialog(); }
void MainWindow::stopWatching() { run_->stopWatching(); }

void MainWindow::connectRun() {
  connect(run_, &RunControl::changed, this, [this] {
    updateTitle();
    updateActions();
  });
  connect(run_, &RunControl::closeRequested, this, &QWidget::close);
  connect(document_, &RunDocument::recentFilesChanged, this, &MainWindow::updateRecentMenu);
  // The window's signals, for tests and benchmarks.
  connect(run_, &RunControl::trainingStarted, this, &MainWindow::trainingStarted);
  connect(run_, &RunControl::trainingEnded, this, &MainWindow::trainingEnded);
  connect(run_, &RunControl::checkpointSaved, this, &MainWindow::checkpointSaved);
  connect(run_, &RunControl::checkpointLoaded, this, &MainWindow::checkpointLoaded);
  connect(run_, &RunControl::checkpointFailed, this, &MainWindow::checkpointFailed);
  connect(run_, &RunControl::watchedRunUpdated, this, &MainWindow::watchedRunUpdated);
  connect(run_, &RunControl::watchedRunWaiting, this, &MainWindow::watchedRunWaiting);
  connect(run_, &RunControl::modelPreviewed, this, &MainWindow::modelPreviewed);
}

// --- explorer --------------------------------------------------------------------------------

void MainWindow::connectExplorer() {
  connect(explore_, &ExplorePanel::errorOccurred, this,
          [this](const QString& title, const QString& details) { messages_->report(title, title, details); });
  connect(encoder_, &ImageEncoder::encoded, this, [this](const QString& name, const QString& path) {
    tabs_->setCurrentIndex(kExploreTab);
    showMessage(tr("Encoded %1: its latent code is in the sliders").arg(name));
    if (!path.isEmpty()) Q_EMIT imageEncoded(path);
  });
  connect(encoder_, &ImageEncoder::failed, this, [this](const QString& text, const QString& details) {
    messages_->report(tr("Could Not Encode Image"), text, details);
    Q_EMIT imageEncodeFailed(details);
  });
}

bool MainWindow::encodeImageFile(const QString& path) { return encoder_->encodeFile(path); }
bool MainWindow::encodeDatasetImage(int64_t index) { return encoder_->encodeDatasetImage(index); }
void MainWindow::encodeImageDialog() { encoder_->openFileDialog(); }
void MainWindow::openExportDialog(ExportKind kind) { exportMenu_->open(kind); }

// --- compare -----------------------------------------------------------------------------------

void MainWindow::connectCompare() {
  connect(compare_, &ComparePanel::message, this, &MainWindow::showMessage);
  connect(compare_, &ComparePanel::failed, messages_, &WindowMessages::report);
}

void MainWindow::addCompareRunDialog() {
  tabs_->setCurrentIndex(kCompareTab);
  compare_->addRunDialog();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!ImageEncoder::droppedImageFile(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = ImageEncoder::droppedImageFile(event->mimeData());
  if (path.isEmpty()) return;
  event->acceptProposedAction();
  encodeImageFile(path);
}

// --- window ------------------------------------------------------------------------------------

void MainWindow::createActions() {
  menus_ = new MainMenus(this, lossPlot());
  exportMenu_ = new ExportMenu(menus_->exportMenu(), training_, document_, explore_, this);
  connect(exportMenu_, &ExportMenu::message, this, &MainWindow::showMessage);
  connect(exportMenu_, &ExportMenu::dialogOpened, this, &MainWindow::exportDialogOpened);
  connect(exportMenu_, &ExportMenu::failed, messages_, &WindowMessages::report);
  likelihood_ = new LikelihoodAction(training_, document_, this);
  trainingView_->addRunAction(likelihood_->action());
  connect(likelihood_, &LikelihoodAction::message, this, &MainWindow::showMessage);
}

void MainWindow::updateActions() {
  // A watched run belongs to the process writing it: continuing or saving it here would fork it or overwrite
  // that process's file. Stop Watching first makes that a deliberate choice.
  MenuState state;
  state.trainingActive = training_->isActive();
  state.paused = training_->state() == TrainingState::Paused;
  state.continuesOpenedRun = document_->openedRun() != nullptr;
  state.watching = isWatching();
  state.canStart = run_->canStart();
  state.canSave = run_->canSave();
  menus_->update(state);
  modelPanel_->setTrainingLocked(state.trainingActive);
  modelPanel_->setEnabled(!state.watching);  // read-only while watching: every new version would overwrite an edit
  exportMenu_->updateActions();
  if (likelihood_) likelihood_->updateAction();
}

void MainWindow::updatePageActions() {
  if (!menus_) return;  // still being built
  menus_->updatePages(tabs_->currentIndex() == kDatasetTab, datasetPanel_->page() > 0,
                      datasetPanel_->page() + 1 < datasetPanel_->pageCount());
}

void MainWindow::updateRecentMenu() {
  menus_->updateRecent(
      RunDocument::recentFiles(), [this](const QString& file) { openCheckpoint(file); },
      [this] {
        RunDocument::clearRecentFiles();
        updateRecentMenu();
      });
}

void MainWindow::showMessage(const QString& text) { messages_->show(text); }

void MainWindow::updateTitle() {
  setWindowTitle(document_->title());  // first: setWindowModified needs the title's [*] placeholder
  setWindowModified(document_->isModified());
}

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
  if (!run_->readyToClose()) {
    event->ignore();
    return;
  }
  writeSettings();
  event->accept();
}

}  // namespace vae
