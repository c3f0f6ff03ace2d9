#include "app/gui/mainmenus.h"

#include "app/gui/aboutbox.h"
#include "app/gui/helpdialog.h"
#include "app/gui/mainwindow.h"
#include "model/datasetloaders.h"
#include "widgets/lossplot.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>

namespace vae {

namespace {
// A toolbar button shows the action's text without its mnemonic. Qt drops the '&' itself, but the
// "(&S)" that CJK translations append would stay as "(S)": the whole bracket goes, now and whenever the text
// changes (Start/Pause/Resume).
void keepToolbarTextWithoutMnemonic(QAction* action) {
  const auto strip = [action] {
    static const QRegularExpression cjkMnemonic(QStringLiteral("\\(&[^)]\\)"));
    QString text = action->text();
    text.remove(cjkMnemonic);
    text.remove(QStringLiteral("..."));
    text.remove(QChar(0x2026));  // …
    text.remove(QLatin1Char('&'));
    if (action->iconText() != text) action->setIconText(text);
  };
  strip();
  QObject::connect(action, &QAction::changed, action, strip);
}
}  // namespace

namespace {
// The platform's keys for a standard action (all of them: macOS and KDE list several), or `fallback` where the
// platform defines none (QKeySequence::Quit and SaveAs are empty on some), so every entry has a key everywhere.
void setStandardShortcut(QAction* action, QKeySequence::StandardKey key, const QKeySequence& fallback) {
  action->setShortcuts(key);
  if (action->shortcuts().isEmpty()) action->setShortcut(fallback);
}
}  // namespace

MainMenus::MainMenus(MainWindow* window, LossPlot* plot) : QObject(window), window_(window) {
  createFileMenu();
  createTrainingMenu();
  // A menu of its own between Training and View: eleven entries would bury File's document actions.
  exportMenu_ = window_->menuBar()->addMenu(tr("E&xport"));
  createViewMenu(plot);
  QMenu* help = window_->menuBar()->addMenu(tr("&Help"));
  QAction* contents =
      help->addAction(QIcon::fromTheme("help-contents"), tr("VAE Studio &Help"), window_, [this] { showHelp(window_); });
  setStandardShortcut(contents, QKeySequence::HelpContents, QKeySequence(Qt::Key_F1));
  contents->setStatusTip(tr("How to use the window, datasets, the command line and export (the README, offline)"));
  help->addSeparator();
  help->addAction(tr("&About VAE Studio"), window_, [this] { showAboutBox(window_); });
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainMenus::createFileMenu() {
  QStyle* style = window_->style();
  QMenu* file = window_->menuBar()->addMenu(tr("&File"));
  openAction_ = file->addAction(QIcon::fromTheme("folder-open", style->standardIcon(QStyle::SP_DirOpenIcon)),
                                tr("&Open Dataset…"), window_, &MainWindow::openDatasetDialog);
  // Ctrl+O belongs to checkpoints (the documents of this app); datasets get D.
  openAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
  openAction_->setStatusTip(tr("Open an IDX or NumPy file, a CIFAR-10 or CIFAR-100 folder or a folder of images"));
  QMenu* builtin = file->addMenu(tr("&Built-in Datasets"));
  if (fashionMnistInstalled()) {
    QAction* fashion = builtin->addAction(tr("&Fashion-MNIST"), window_, [this] { window_->loadDataset("fashion-mnist"); });
    fashion->setStatusTip(tr("70,000 clothing images, 28×28 gray, 10 classes"));
  }
  QAction* shapes = builtin->addAction(tr("&Shapes"), window_, [this] { window_->loadDataset("shapes"); });
  shapes->setStatusTip(tr("Generated squares, ellipses and hearts with known factors, 28×28 gray"));

  file->addSeparator();
  openCheckpointAction_ =
      file->addAction(QIcon::fromTheme("document-open", style->standardIcon(QStyle::SP_DialogOpenButton)),
                      tr("Open &Checkpoint…"), window_, &MainWindow::openCheckpointDialog);
  setStandardShortcut(openCheckpointAction_, QKeySequence::Open, QKeySequence(Qt::CTRL | Qt::Key_O));
  openCheckpointAction_->setStatusTip(tr("Open a saved run (.vaestudio) to look at it or continue training"));
  recentMenu_ = file->addMenu(tr("&Recent Checkpoints"));
  watchAction_ = file->addAction(QIcon::fromTheme("view-refresh"), tr("&Watch Run…"), window_, &MainWindow::watchRunDialog);
  // Next to Open (Ctrl+O): watching is opening a checkpoint that keeps changing.
  watchAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  watchAction_->setStatusTip(tr("Follow a checkpoint that a headless or cluster run rewrites after every epoch"));
  stopWatchAction_ = file->addAction(tr("Stop &Watching"), window_, &MainWindow::stopWatching);
  stopWatchAction_->setStatusTip(tr("Stop following the run; its last version stays open, untitled"));
  saveAction_ = file->addAction(QIcon::fromTheme("document-save", style->standardIcon(QStyle::SP_DialogSaveButton)),
                                tr("&Save Checkpoint"), window_, &MainWindow::saveCheckpoint);
  setStandardShortcut(saveAction_, QKeySequence::Save, QKeySequence(Qt::CTRL | Qt::Key_S));
  saveAction_->setStatusTip(tr("Save the model, optimizer state and loss history"));
  saveAsAction_ = file->addAction(QIcon::fromTheme("document-save-as"), tr("Save Checkpoint &As…"), window_,
                                  &MainWindow::saveCheckpointAsDialog);
  setStandardShortcut(saveAsAction_, QKeySequence::SaveAs, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));

  QAction* compare = file->addAction(tr("Add Run to Co&mpare…"), window_, &MainWindow::addCompareRunDialog);
  compare->setStatusTip(tr("Compare saved runs (.vaestudio) with this one in the Compare tab"));

  file->addSeparator();
  QAction* encode = file->addAction(QIcon::fromTheme("document-import"), tr("&Encode Image…"), window_,
                                    &MainWindow::encodeImageDialog);
  encode->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  encode->setStatusTip(tr("Map your own image into the latent space: its code goes into the Explore sliders"));

  file->addSeparator();
  QAction* quit = file->addAction(QIcon::fromTheme("application-exit"), tr("&Quit"), window_, &QWidget::close);
  // QKeySequence::Quit is empty on some platforms; Ctrl+Q is what users expect everywhere.
  setStandardShortcut(quit, QKeySequence::Quit, QKeySequence(Qt::CTRL | Qt::Key_Q));
}

void MainMenus::createTrainingMenu() {
  QStyle* style = window_->style();
  QMenu* training = window_->menuBar()->addMenu(tr("&Training"));
  toggleAction_ = training->addAction(style->standardIcon(QStyle::SP_MediaPlay), tr("&Start Training"), window_,
                                      &MainWindow::toggleTraining);
  toggleAction_->setShortcut(QKeySequence(Qt::Key_F5));
  newRunAction_ = training->addAction(QIcon::fromTheme("document-new", style->standardIcon(QStyle::SP_FileIcon)),
                                      tr("&New Run"), window_, &MainWindow::startNewRun);
  setStandardShortcut(newRunAction_, QKeySequence::New, QKeySequence(Qt::CTRL | Qt::Key_N));
  newRunAction_->setStatusTip(tr("Train a new model with the settings on the left; the current run is kept only if "
                                 "saved"));
  stopAction_ = training->addAction(style->standardIcon(QStyle::SP_MediaStop), tr("S&top"), window_,
                                    &MainWindow::stopTraining);
  stopAction_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
  stopAction_->setStatusTip(tr("End the run after the current batch; the model is kept and can be saved"));
  stepAction_ = training->addAction(style->standardIcon(QStyle::SP_MediaSkipForward), tr("Step &One Batch"), window_,
                                    &MainWindow::stepTraining);
  stepAction_->setShortcut(QKeySequence(Qt::Key_F10));
  stepAction_->setStatusTip(tr("While paused: train on exactly one more batch"));
}

void MainMenus::createViewMenu(LossPlot* plot) {
  QMenu* view = window_->menuBar()->addMenu(tr("&View"));
  const char* tabNames[] = {QT_TR_NOOP("&Dataset Tab"), QT_TR_NOOP("&Training Tab"), QT_TR_NOOP("&Explore Tab"),
                            QT_TR_NOOP("&Compare Tab")};
  for (int tab = 0; tab < static_cast<int>(std::size(tabNames)); ++tab) {
    QAction* action = view->addAction(tr(tabNames[tab]), window_, [this, tab] { window_->tabs()->setCurrentIndex(tab); });
    action->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + tab)));
  }
  // Ctrl+Tab / Ctrl+Shift+Tab go round the tabs, as in browsers and most tabbed desktop tools.
  const auto stepTab = [this](int step) {
    QTabWidget* tabs = window_->tabs();
    tabs->setCurrentIndex((tabs->currentIndex() + step + tabs->count()) % tabs->count());
  };
  QAction* nextTab = view->addAction(tr("Ne&xt Tab"), window_, [stepTab] { stepTab(1); });
  nextTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Tab));
  QAction* previousTab = view->addAction(tr("Pre&vious Tab"), window_, [stepTab] { stepTab(-1); });
  previousTab->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab));
  view->addSeparator();
  previousAction_ = view->addAction(tr("&Previous Page"), window_, &MainWindow::previousPage);
  previousAction_->setShortcut(QKeySequence(Qt::Key_PageUp));
  nextAction_ = view->addAction(tr("&Next Page"), window_, &MainWindow::nextPage);
  nextAction_->setShortcut(QKeySequence(Qt::Key_PageDown));
  view->addSeparator();
  QAction* logScale = view->addAction(tr("&Logarithmic Loss Axis"));
  logScale->setCheckable(true);
  logScale->setChecked(plot->logScale());
  connect(logScale, &QAction::toggled, plot, &LossPlot::setLogScale);
  QAction* follow = view->addAction(tr("&Follow Loss Curves"), plot, &LossPlot::resetView);
  follow->setStatusTip(tr("Undo zoom and pan of the loss plot (also: double-click it)"));

  // Training toolbar: the one thing a newcomer must find.
  // Its title is the View menu's entry that shows or hides it.
  QToolBar* bar = window_->addToolBar(tr("Training Toolbar"));
  bar->setObjectName("trainingToolbar");  // for saveState / restoreState
  bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  for (QAction* action : {openAction_, openCheckpointAction_, saveAction_}) bar->addAction(action);
  bar->addSeparator();
  for (QAction* action : {toggleAction_, newRunAction_, stopAction_, stepAction_}) bar->addAction(action);
  for (QAction* action : bar->actions()) keepToolbarTextWithoutMnemonic(action);
  view->addSeparator();
  view->addAction(bar->toggleViewAction());
}

void MainMenus::update(const MenuState& s) {
  QStyle* style = window_->style();
  if (s.trainingActive && s.paused) {
    toggleAction_->setText(tr("&Resume"));
    toggleAction_->setIcon(style->standardIcon(QStyle::SP_MediaPlay));
    toggleAction_->setStatusTip(tr("Continue training"));
  } else if (s.trainingActive) {
    toggleAction_->setText(tr("&Pause"));
    toggleAction_->setIcon(style->standardIcon(QStyle::SP_MediaPause));
    toggleAction_->setStatusTip(tr("Pause after the current batch"));
  } else {
    toggleAction_->setText(s.continuesOpenedRun ? tr("&Continue Training") : tr("&Start Training"));
    toggleAction_->setIcon(style->standardIcon(QStyle::SP_MediaPlay));
    toggleAction_->setStatusTip(s.watching             ? tr("Stop watching to continue this run here")
                                : s.continuesOpenedRun ? tr("Continue this run for the epochs set on the left")
                                                       : tr("Train a new model with the settings on the left"));
  }
  // Without the mnemonic, also in the "开始(&S)" form translations use.
  const QString plain = toggleAction_->text().remove(QRegularExpression(QStringLiteral("\\(&\\w\\)$"))).remove('&');
  toggleAction_->setToolTip(plain + QStringLiteral(" (F5)"));
  toggleAction_->setEnabled(s.trainingActive || s.canStart);
  newRunAction_->setEnabled(s.canStart);
  stopAction_->setEnabled(s.trainingActive);
  stepAction_->setEnabled(s.trainingActive && s.paused);
  saveAction_->setEnabled(s.canSave);
  saveAsAction_->setEnabled(s.canSave);
  openCheckpointAction_->setEnabled(true);  // replacing a run asks first
  watchAction_->setEnabled(!s.trainingActive);
  stopWatchAction_->setEnabled(s.watching);
}

void MainMenus::updatePages(bool onDatasetTab, bool hasPrevious, bool hasNext) {
  previousAction_->setEnabled(onDatasetTab && hasPrevious);
  nextAction_->setEnabled(onDatasetTab && hasNext);
}

void MainMenus::updateRecent(const QStringList& files, const std::function<void(const QString&)>& open,
                             const std::function<void()>& clear) {
  recentMenu_->clear();
  for (int i = 0; i < files.size(); ++i) {
    const QString file = files.at(i);
    QAction* action = recentMenu_->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(file).fileName()),
                                             window_, [open, file] { open(file); });
    action->setStatusTip(QDir::toNativeSeparators(file));
  }
  if (!files.isEmpty()) {
    recentMenu_->addSeparator();
    recentMenu_->addAction(tr("&Clear List"), window_, clear);
  }
  recentMenu_->setEnabled(!files.isEmpty());
}

}  // namespace vae
