#include "app/core/datasetspec.h"
#include "app/core/rundocument.h"
#include "app/gui/datasetpanel.h"
#include "app/gui/mainwindow.h"
#include "app/core/defaults.h"
#include "app/gui/explorepanel.h"
#include "app/gui/exportdialog.h"
#include "app/export/imagesheet.h"
#include "app/gui/latentplanepanel.h"
#include "app/gui/saveimageaction.h"
#include "app/core/imageconversion.h"
#include "app/core/latentdecoder.h"
#include "app/gui/opendatasetdialog.h"
#include "app/core/runwatcher.h"
#include "app/core/trainingworker.h"
#include "model/checkpoint.h"
#include "model/dataset.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"
#include "widgets/imagegridview.h"
#include "widgets/klbars.h"
#include "widgets/latentgridview.h"
#include "widgets/latentscatter.h"
#include "widgets/latentsliders.h"
#include "widgets/lossplot.h"
#include "widgets/modelpanel.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QImage>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QMenuBar>
#include <QMenu>
#include <QMessageBox>
#include <QTimer>
#include <QStatusBar>
#include <QWheelEvent>
#include <QSignalSpy>
#include <QtTest>

#include <cstdio>
#include <functional>
#include <memory>
#include <set>
#include "tests/support/smallrun.h"
#include "tests/support/windowtest.h"

using vae::MainWindow;
using vae::RunDocument;
using vae::OpenDatasetDialog;

using vae::test::clearUnsavedAutosaves;
using vae::test::findAction;
using vae::test::useSmallModel;

namespace {
// Generous: the loader thread competes with other processes on a small CI machine.
constexpr int kLoadTimeoutMs = 30000;
const char* kShapesSpec = "shapes:28:600";

// A live run must show its first steps well within this, even on a busy 2-core machine.
constexpr int kTrainTimeoutMs = 20000;
// Closing mid-training stops the worker at its next step. The run below is 10 000 epochs (100 000 steps,
// many minutes), so this catches a close that lets the run finish, or hangs; how fast a close is belongs to
// no unit test on a shared machine.
constexpr int kEndlessEpochs = 10000;
constexpr qint64 kCloseHangGuardMs = 30000;

bool loadShapes(MainWindow& w) { return vae::test::loadDatasetAndWait(w, kShapesSpec); }
// A model without a window run: a few steps on shapes, handed to the explorer as a snapshot.
vae::DecoderSnapshotPtr smallSnapshot(int latent) {
  vae::ShapesOptions shapes;
  shapes.count = 300;
  vae::VaeConfig model;
  model.latentDim = latent;
  model.hiddenSizes = {32};
  vae::TrainConfig training;
  training.batchSize = 50;
  vae::Trainer trainer(model, training, vae::makeShapes(shapes));
  trainer.runEpoch();
  return vae::captureDecoderSnapshot(trainer);
}

// A 40x32 colour PNG (not the model's 28x28 gray, so the conversion is exercised): a white disc.
QString writeDiscPng(const QTemporaryDir& dir) {
  QImage image(40, 32, QImage::Format_RGB32);
  image.fill(Qt::black);
  QPainter painter(&image);
  painter.setBrush(QColor(250, 240, 230));
  painter.drawEllipse(QPoint(20, 16), 10, 9);
  painter.end();
  const QString path = dir.filePath("disc.png");
  return image.save(path) ? path : QString();
}

// A 4-dim model trained one epoch on the test shapes, saved where the window can open it.
bool writeTrainedCheckpoint(const QString& path) {
  vae::test::trainedCheckpoint(kShapesSpec).save(path.toStdString());
  return QFileInfo::exists(path);
}

// A watched run picks up a new version within the watcher's debounce plus one read; generous for CI.
constexpr int kWatchTimeoutMs = 10000;
// How long a stopped watch must stay deaf to a new version (longer than debounce + read).
constexpr int kNoUpdateWaitMs = 1500;

// The trainer of a "headless run" that the window watches: the small test model on the test shapes.
std::unique_ptr<vae::Trainer> headlessTrainer(int latent = 4) {
  vae::VaeConfig model;
  model.latentDim = latent;
  model.hiddenSizes = {32};
  vae::TrainConfig training;
  training.batchSize = 50;
  training.epochs = 10;
  return std::make_unique<vae::Trainer>(model, training, vae::loadDatasetSpec(kShapesSpec));
}

// One more epoch of the headless run, written atomically over path as `train --out` does.
vae::Checkpoint trainAndSave(vae::Trainer& trainer, const QString& path) {
  trainer.runEpoch();
  vae::Checkpoint checkpoint = vae::Checkpoint::capture(trainer, kShapesSpec);
  checkpoint.save(path.toStdString());
  return checkpoint;
}

// A broken writer: garbage in a temp file renamed over path (so the watcher sees a replacement).
bool replaceWithGarbage(const QString& path) {
  const QString temp = path + QStringLiteral(".tmp");
  QFile file(temp);
  if (!file.open(QIODevice::WriteOnly)) return false;
  file.write("not a checkpoint at all");
  file.close();
  return std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) == 0;
}

QWidget* customPlotOf(vae::LossPlot* plot) {
  for (QWidget* child : plot->findChildren<QWidget*>())
    if (QByteArray(child->metaObject()->className()) == "QCustomPlot") return child;
  return nullptr;
}

QMenu* exportMenu(MainWindow& w) {
  for (QAction* action : w.menuBar()->actions())
    if (action->text().remove('&') == "Export") return action->menu();
  return nullptr;
}

// The texts of the context menu that trigger() pops up (closed again at once); empty when none appears.
QStringList popupMenuTexts(const std::function<void()>& trigger) {
  QStringList texts;
  QTimer poll;
  poll.setInterval(10);
  QObject::connect(&poll, &QTimer::timeout, [&] {
    auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    if (!menu) return;
    for (QAction* action : menu->actions())
      if (!action->isSeparator()) texts << action->text();
    poll.stop();
    menu->close();  // ends the menu's exec()
  });
  poll.start();
  trigger();
  return texts;
}

QStringList contextMenuTexts(QWidget* view, QPoint pos) {
  return popupMenuTexts([&] {
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, view->mapToGlobal(pos));
    QApplication::sendEvent(view, &event);
  });
}

bool samePixels(const QImage& a, const QImage& b) {
  return a.convertToFormat(QImage::Format_RGB32) == b.convertToFormat(QImage::Format_RGB32);
}

bool closeTo(const QVector<double>& a, const QVector<double>& b, double tolerance) {
  if (a.size() != b.size()) return false;
  for (int i = 0; i < a.size(); ++i)
    if (std::abs(a[i] - b[i]) > tolerance) return false;
  return true;
}
}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    // Settings, recent files and autosaves go to throw-away test locations.
    QStandardPaths::setTestModeEnabled(true);
  }

  void titleIconAndMenus() {
    MainWindow w;
    QCOMPARE(w.windowTitle(), QString("VAE Studio"));
    QVERIFY(!w.windowIcon().isNull());
    QAction* open = findAction(&w, "Open Dataset…");
    QVERIFY(open);
    QCOMPARE(open->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));
    QAction* openCheckpoint = findAction(&w, "Open Checkpoint…");
    QVERIFY(openCheckpoint);
    QCOMPARE(openCheckpoint->shortcut(), QKeySequence(QKeySequence::Open));
    QCOMPARE(findAction(&w, "Save Checkpoint")->shortcut(), QKeySequence(QKeySequence::Save));
    QVERIFY(!findAction(&w, "Save Checkpoint")->isEnabled());  // nothing to save yet
    QCOMPARE(findAction(&w, "Save Checkpoint As…")->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    QAction* watch = findAction(&w, "Watch Run…");
    QVERIFY(watch);
    QCOMPARE(watch->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QVERIFY(watch->isEnabled());
    QVERIFY(!findAction(&w, "Stop Watching")->isEnabled());  // nothing watched
    QAction* start = findAction(&w, "Start Training");
    QVERIFY(start);
    QCOMPARE(start->shortcut(), QKeySequence(Qt::Key_F5));
    QVERIFY(!start->isEnabled());  // no dataset yet
    QCOMPARE(findAction(&w, "Stop")->shortcut(), QKeySequence(Qt::SHIFT | Qt::Key_F5));
    QCOMPARE(findAction(&w, "Step One Batch")->shortcut(), QKeySequence(Qt::Key_F10));
    QAction* quit = findAction(&w, "Quit");
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
    QVERIFY(findAction(&w, "Shapes"));
    QVERIFY(findAction(&w, "About VAE Studio"));
    QCOMPARE(w.dataset(), nullptr);
    QCOMPARE(w.imageGrid()->count(), 0);
  }

  void loadingShapesShowsLabelledImages() {
    MainWindow w;
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.loadDataset(kShapesSpec);
    QVERIFY(w.isLoading());
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    QVERIFY(!w.isLoading());
    QVERIFY(!loaded.at(0).at(0).toString().isEmpty());
    QVERIFY(w.dataset());
    QCOMPARE(w.dataset()->train.size() + w.dataset()->test.size(), int64_t(600));

    vae::ImageGridView* grid = w.imageGrid();
    QCOMPARE(grid->count(), vae::DatasetPanel::kPageSize);
    QCOMPARE(grid->image(0).size(), QSize(28, 28));
    std::set<QString> labels;
    for (int i = 0; i < grid->count(); ++i) labels.insert(grid->caption(i));
    QCOMPARE(labels, (std::set<QString>{"square", "ellipse", "heart"}));
    QCOMPARE(grid->caption(5), QString::fromStdString(w.dataset()->train.labelName(5)));
  }

  void pagesStepThroughTheTrainingSet() {
    MainWindow w;
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.loadDataset(kShapesSpec);
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    const int64_t n = w.dataset()->train.size();
    QCOMPARE(w.pageCount(), static_cast<int>((n + vae::DatasetPanel::kPageSize - 1) / vae::DatasetPanel::kPageSize));
    QCOMPARE(w.currentPage(), 0);
    w.previousPage();
    QCOMPARE(w.currentPage(), 0);  // clamped at the first page

    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QTest::keyClick(&w, Qt::Key_PageDown);
    QCOMPARE(w.currentPage(), 1);
    QCOMPARE(w.imageGrid()->caption(0),
             QString::fromStdString(w.dataset()->train.labelName(vae::DatasetPanel::kPageSize)));
    QTest::keyClick(&w, Qt::Key_PageUp);
    QCOMPARE(w.currentPage(), 0);

    w.setPage(w.pageCount() + 5);
    QCOMPARE(w.currentPage(), w.pageCount() - 1);
    QCOMPARE(w.imageGrid()->count(), static_cast<int>(n - int64_t(w.pageCount() - 1) * vae::DatasetPanel::kPageSize));
  }

  // PageUp/PageDown page the dataset only on its tab; elsewhere they belong to the focused widget
  // (a latent slider on the Explore tab).
  void pageKeysOnlyPageOnTheDatasetTab() {
    MainWindow w;
    QVERIFY(loadShapes(w));
    QAction* next = findAction(&w, "Next Page");
    QVERIFY(next);
    QVERIFY(next->isEnabled());
    w.tabs()->setCurrentIndex(2);
    QVERIFY(!next->isEnabled());
    QVERIFY(!findAction(&w, "Previous Page")->isEnabled());
    w.tabs()->setCurrentIndex(0);
    QVERIFY(next->isEnabled());
  }

  // Ctrl+Tab and Ctrl+Shift+Tab go round the tabs (a GUI walk found no key for it but Ctrl+1..4), wrapping at
  // both ends; the toolbar's View entry is named for what it shows.
  void ctrlTabGoesRoundTheTabs() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.tabs()->setCurrentIndex(0);
    QTest::keyClick(&w, Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(w.tabs()->currentIndex(), 1);
    w.tabs()->setCurrentIndex(w.tabs()->count() - 1);
    QTest::keyClick(&w, Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(w.tabs()->currentIndex(), 0);
    QTest::keyClick(&w, Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w.tabs()->currentIndex(), w.tabs()->count() - 1);
    QVERIFY(findAction(&w, "Training Toolbar"));
  }

  void badSpecFailsAndWindowStaysUsable() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy failed(&w, &MainWindow::datasetFailed);
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.loadDataset("idx:/nonexistent.gz");
    QVERIFY(failed.wait(kLoadTimeoutMs));
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.contains("/nonexistent.gz"), qPrintable(message));
    QVERIFY(!message.contains('\n'));
    QVERIFY(w.statusBar()->currentMessage().contains("/nonexistent.gz"));
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(w.dataset(), nullptr);

    w.loadDataset(kShapesSpec);
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    QCOMPARE(w.imageGrid()->count(), vae::DatasetPanel::kPageSize);
  }

  // An image folder the test writes (one subfolder per class) loads through the window like any dataset.
  void imageFolderLoadsInTheWindow() {
    QTemporaryDir dir;
    const QStringList classes = {"circles", "squares"};
    for (const QString& name : classes) {
      QVERIFY(QDir(dir.path()).mkpath(name));
      for (int i = 0; i < 6; ++i) {
        QImage image(20, 20, QImage::Format_Grayscale8);
        image.fill(name == "circles" ? 40 * i : 255 - 40 * i);
        QVERIFY(image.save(dir.filePath(QString("%1/%2.png").arg(name).arg(i))));
      }
    }
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.loadDataset("folder:" + dir.path() + ":28:gray");
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    QVERIFY(w.dataset());
    QCOMPARE(w.dataset()->train.size() + w.dataset()->test.size(), 12);
    QCOMPARE(w.dataset()->train.height(), 28);
    QCOMPARE(w.imageGrid()->count(), static_cast<int>(w.dataset()->train.size()));
    std::set<QString> captions;
    for (int i = 0; i < w.imageGrid()->count(); ++i) captions.insert(w.imageGrid()->caption(i));
    QVERIFY(captions.count("circles") == 1 && captions.count("squares") == 1);
  }

  void sortKlCheckboxSortsTheBars() {
    MainWindow w;
    auto* sort = w.findChild<QCheckBox*>("sortKlBox");
    QVERIFY(sort);
    QVERIFY(!w.klBars()->sorted());
    sort->click();
    QVERIFY(w.klBars()->sorted());
  }

  void errorDialogDoesNotBlock() {
    MainWindow w;
    w.show();
    QSignalSpy failed(&w, &MainWindow::datasetFailed);
    w.loadDataset("folder:/nonexistent-folder");
    QVERIFY(failed.wait(kLoadTimeoutMs));
    // The warning is window-modal and open, yet control came back here without anyone clicking it.
    QTRY_VERIFY(w.findChild<QMessageBox*>() != nullptr);
    QVERIFY(w.findChild<QMessageBox*>()->informativeText().contains("/nonexistent-folder"));
  }

  void newestRequestWins() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    QSignalSpy failed(&w, &MainWindow::datasetFailed);
    w.loadDataset("idx:/nonexistent.gz");
    w.loadDataset("shapes:28:120");  // queued while the first still runs
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    QCOMPARE(failed.count(), 0);  // the superseded request's result is dropped
    QCOMPARE(w.dataset()->train.size() + w.dataset()->test.size(), int64_t(120));
  }

  void trainingShowsLiveCurvesAndImages() {
    MainWindow w;
    QVERIFY(loadShapes(w));
    useSmallModel(w, 200);
    QAction* start = findAction(&w, "Start Training");
    QVERIFY(start->isEnabled());
    QSignalSpy started(&w, &MainWindow::trainingStarted);
    start->trigger();
    QCOMPARE(started.count(), 1);
    QVERIFY(w.isTraining());
    QVERIFY(w.modelPanel()->trainingLocked());
    QCOMPARE(w.tabs()->currentIndex(), 1);  // the Training tab comes to the front
    QVERIFY(w.windowTitle().startsWith("Untitled"));
    QVERIFY(w.isWindowModified());
    QVERIFY(w.trainingWorker());
    // Not a QSignalSpy on the worker: its direct connection would append on the training thread while
    // this thread reads the spy (ThreadSanitizer reported exactly that). The plot is the GUI-side proof.
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->stepCount() > 0, kTrainTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(w.reconstructionGrid()->count(), 2 * vae::TrainingWorker::kReconstructionCount,
                              kTrainTimeoutMs);
    QCOMPARE(w.reconstructionGrid()->caption(0), QString("input"));
    QCOMPARE(w.reconstructionGrid()->caption(w.reconstructionGrid()->count() - 1), QString("recon"));
    QTRY_COMPARE_WITH_TIMEOUT(w.sampleGrid()->count(), vae::TrainingWorker::kSampleCount, kTrainTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(w.klBars()->kl().size(), 4, kTrainTimeoutMs);
    QVERIFY(findAction(&w, "Pause"));  // the start button became a pause button
  }

  void pauseHoldsTheStepCountAndStepRunsOneBatch() {
    MainWindow w;
    QVERIFY(loadShapes(w));
    useSmallModel(w, 1000);
    w.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->stepCount() > 0, kTrainTimeoutMs);
    w.toggleTraining();  // pause
    QTRY_VERIFY_WITH_TIMEOUT(w.trainingState() == vae::TrainingState::Paused, kTrainTimeoutMs);
    QTest::qWait(100);  // batches already queued before the pause arrive
    const int paused = w.lossPlot()->stepCount();
    QTest::qWait(400);
    QCOMPARE(w.lossPlot()->stepCount(), paused);
    QVERIFY(findAction(&w, "Resume"));
    QVERIFY(findAction(&w, "Step One Batch")->isEnabled());

    w.stepTraining();
    QTRY_COMPARE_WITH_TIMEOUT(w.lossPlot()->stepCount(), paused + 1, kTrainTimeoutMs);
    w.toggleTraining();  // resume
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->stepCount() > paused + 1, kTrainTimeoutMs);
  }

  void betaChangeMidRunAddsAMarker() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(loadShapes(w));
    useSmallModel(w, 1000);
    w.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->stepCount() > 0, kTrainTimeoutMs);
    const int markers = w.lossPlot()->markerCount();
    // The user types a new beta and presses Enter, as in the real panel.
    auto* beta = w.modelPanel()->findChild<QDoubleSpinBox*>("beta");
    QVERIFY(beta->isEnabled());
    beta->setFocus();
    QLineEdit* edit = beta->findChild<QLineEdit*>();
    edit->selectAll();
    QTest::keyClicks(edit, "0.5");
    QTest::keyClick(edit, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->markerCount() > markers, kTrainTimeoutMs);
  }

  void stopSaveAndReopenKeepsTheHistory() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    int savedSteps = 0;
    {
      MainWindow w;
      w.setShowErrorDialogs(false);
      QVERIFY(loadShapes(w));
      useSmallModel(w, 3);
      QSignalSpy ended(&w, &MainWindow::trainingEnded);
      w.startTraining();
      QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->stepCount() > 0, kTrainTimeoutMs);
      w.stopTraining();
      QVERIFY(ended.count() == 1 || ended.wait(kTrainTimeoutMs));
      QVERIFY(!w.isTraining());
      QVERIFY(!w.modelPanel()->trainingLocked());

      QSignalSpy saved(&w, &MainWindow::checkpointSaved);
      QVERIFY(findAction(&w, "Save Checkpoint")->isEnabled());
      w.saveCheckpointTo(path);
      QVERIFY(saved.count() == 1 || saved.wait(kTrainTimeoutMs));
      QVERIFY(QFileInfo::exists(path));
      QCOMPARE(w.runPath(), QFileInfo(path).absoluteFilePath());
      QCOMPARE(w.windowTitle(), QString("run[*] — VAE Studio"));
      QVERIFY(!w.isWindowModified());
      QCOMPARE(RunDocument::recentFiles().value(0), QFileInfo(path).absoluteFilePath());
      savedSteps = w.lossPlot()->stepCount();
      QVERIFY(savedSteps > 0);
    }

    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.openCheckpoint(path);
    QVERIFY(opened.wait(kLoadTimeoutMs));
    QCOMPARE(w.lossPlot()->stepCount(), savedSteps);
    QCOMPARE(w.modelPanel()->settings().epochs, 3);
    QCOMPARE(w.modelPanel()->settings().latentDim, 4);
    QCOMPARE(w.modelPanel()->settings().batchSize, 50);
    QCOMPARE(w.windowTitle(), QString("run[*] — VAE Studio"));
    QVERIFY(!w.isWindowModified());
    // Its dataset comes back with it, and Start continues the same run.
    QVERIFY(loaded.count() == 1 || loaded.wait(kLoadTimeoutMs));
    QCOMPARE(w.datasetSpec(), QString(kShapesSpec));
    QAction* resume = findAction(&w, "Continue Training");
    QVERIFY(resume);
    QVERIFY(resume->isEnabled());
    // The run may have finished its 3 epochs before Stop arrived: ask for more.
    useSmallModel(w, 6);
    const int markers = w.lossPlot()->markerCount();
    resume->trigger();
    QVERIFY(w.isTraining());
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->stepCount() > savedSteps, kTrainTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->markerCount() > markers, kTrainTimeoutMs);  // "resumed" marker
    QVERIFY(w.isWindowModified());
  }

  void malformedCheckpointShowsAnError() {
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.vaestudio");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a checkpoint");
    file.close();
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy failed(&w, &MainWindow::checkpointFailed);
    w.openCheckpoint(path);
    QVERIFY(failed.wait(kLoadTimeoutMs));
    QVERIFY2(failed.at(0).at(0).toString().contains("broken.vaestudio"), qPrintable(failed.at(0).at(0).toString()));
    // One sentence in the status bar: "…could not be opened: PATH: reason", not "…opened.: …".
    QVERIFY2(w.statusBar()->currentMessage().startsWith("The checkpoint could not be opened: "),
             qPrintable(w.statusBar()->currentMessage()));
    QCOMPARE(w.windowTitle(), QString("VAE Studio"));
    QVERIFY(loadShapes(w));  // still usable
  }

  void closingMidTrainingStopsTheRun() {
    clearUnsavedAutosaves();
    MainWindow w;
    w.setShowErrorDialogs(false);  // the Save/Discard/Cancel question counts as Discard
    w.show();
    QVERIFY(loadShapes(w));
    useSmallModel(w, kEndlessEpochs);
    w.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->stepCount() > 0, kTrainTimeoutMs);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(w.close());
    QVERIFY2(timer.elapsed() < kCloseHangGuardMs, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!w.isTraining());
    QCOMPARE(w.trainingWorker(), nullptr);
    QVERIFY(RunDocument::unsavedAutosaves().isEmpty());  // discarded on purpose
  }

  void destroyingMidTrainingJoinsTheThread() {
    auto w = std::make_unique<MainWindow>();
    QVERIFY(loadShapes(*w));
    useSmallModel(*w, kEndlessEpochs);
    w->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(w->lossPlot()->stepCount() > 0, kTrainTimeoutMs);
    QElapsedTimer timer;
    timer.start();
    w.reset();
    QVERIFY2(timer.elapsed() < kCloseHangGuardMs, qPrintable(QString::number(timer.elapsed())));
  }

  // A run saved after epoch 1 whose autosave holds epoch 2: the app died after its last save.
  void newerAutosaveOfASavedRunIsOffered() {
    QTemporaryDir dir;
    const QString run = dir.filePath("run.vaestudio");
    const QString autosave = RunDocument::autosavePathFor(run);
    QCOMPARE(QFileInfo(autosave).fileName(), QString("run.autosave.vaestudio"));
    vae::ShapesOptions shapes;
    shapes.count = 600;
    vae::VaeConfig model;
    model.latentDim = 4;
    model.hiddenSizes = {32};
    vae::TrainConfig training;
    training.epochs = 2;
    training.batchSize = 100;
    vae::Trainer trainer(model, training, vae::makeShapes(shapes));
    trainer.runEpoch();
    vae::Checkpoint::capture(trainer, kShapesSpec).save(run.toStdString());
    const int savedSteps = static_cast<int>(trainer.history().steps.size());
    trainer.runEpoch();
    vae::Checkpoint::capture(trainer, kShapesSpec).save(autosave.toStdString());
    const int autosavedSteps = static_cast<int>(trainer.history().steps.size());
    QFile runFile(run);
    QVERIFY(runFile.open(QIODevice::ReadWrite));
    QVERIFY(runFile.setFileTime(QDateTime::currentDateTime().addSecs(-60), QFileDevice::FileModificationTime));
    runFile.close();
    QCOMPARE(RunDocument::newerAutosaveFor(run), QFileInfo(autosave).absoluteFilePath());

    {  // Without dialogs the file asked for is opened.
      MainWindow w;
      w.setShowErrorDialogs(false);
      QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
      w.openCheckpoint(run);
      QVERIFY(opened.wait(kLoadTimeoutMs));
      QCOMPARE(w.lossPlot()->stepCount(), savedSteps);
      QVERIFY(!w.isWindowModified());
    }

    MainWindow w;
    QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
    w.openCheckpoint(run);
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = w.findChild<QMessageBox*>()) != nullptr);
    QAbstractButton* useAutosave = vae::test::buttonOf(question, "Open Autosave");
    QVERIFY(useAutosave);
    QTest::mouseClick(useAutosave, Qt::LeftButton);
    QVERIFY(opened.wait(kLoadTimeoutMs));
    QCOMPARE(opened.at(0).at(0).toString(), QFileInfo(autosave).absoluteFilePath());
    QCOMPARE(w.lossPlot()->stepCount(), autosavedSteps);
    QCOMPARE(w.runPath(), run);  // saving goes to the run, not to the autosave
    QVERIFY(w.isWindowModified());

    // Once the run file is newer again, nothing is offered.
    QVERIFY(runFile.open(QIODevice::ReadWrite));
    QVERIFY(runFile.setFileTime(QDateTime::currentDateTime().addSecs(60), QFileDevice::FileModificationTime));
    runFile.close();
    QVERIFY(RunDocument::newerAutosaveFor(run).isEmpty());
  }

  // After a crash of an unsaved run, the next start offers its autosave; Restore brings the run back
  // as unsaved work.
  void unsavedAutosaveIsOfferedAtStart() {
    clearUnsavedAutosaves();
    const QString autosave = QDir(RunDocument::unsavedAutosaveDir()).filePath("run-crashed.autosave.vaestudio");
    QDir().mkpath(RunDocument::unsavedAutosaveDir());
    vae::ShapesOptions shapes;
    shapes.count = 600;
    vae::VaeConfig model;
    model.latentDim = 4;
    model.hiddenSizes = {32};
    vae::TrainConfig training;
    training.batchSize = 100;
    vae::Trainer trainer(model, training, vae::makeShapes(shapes));
    trainer.runEpoch();
    vae::Checkpoint::capture(trainer, kShapesSpec).save(autosave.toStdString());

    MainWindow w;  // dialogs on, as in a real session
    QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
    w.offerAutosaveRestore();
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = w.findChild<QMessageBox*>()) != nullptr);
    QAbstractButton* restore = vae::test::buttonOf(question, "Restore");
    QVERIFY(restore);
    QTest::mouseClick(restore, Qt::LeftButton);
    QVERIFY(opened.wait(kLoadTimeoutMs));
    QCOMPARE(w.lossPlot()->stepCount(), static_cast<int>(trainer.history().steps.size()));
    QVERIFY(w.runPath().isEmpty());  // Save will ask where to put it
    QVERIFY(w.isWindowModified());
    QFile::remove(autosave);
  }

  void autosaveAfterEachEpoch() {
    clearUnsavedAutosaves();
    MainWindow w;
    w.setShowErrorDialogs(false);
    QVERIFY(loadShapes(w));
    useSmallModel(w, 2);
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    w.startTraining();
    QVERIFY(ended.wait(kTrainTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(RunDocument::unsavedAutosaves().size() == 1, kTrainTimeoutMs);
    QCOMPARE(w.lossPlot()->testPointCount(), 2);
    QVERIFY(w.trainingState() == vae::TrainingState::Finished);
    QVERIFY(w.isWindowModified());  // an autosave is not a save
    clearUnsavedAutosaves();
  }

  void encodeImageFileLoadsMuIntoTheSliders() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    w.explorePanel()->setSnapshot(smallSnapshot(4));
    QTemporaryDir dir;
    const QString path = writeDiscPng(dir);
    QVERIFY(!path.isEmpty());
    QVERIFY(findAction(&w, "Encode Image…"));
    QCOMPARE(findAction(&w, "Encode Image…")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));

    QSignalSpy encoded(&w, &MainWindow::imageEncoded);
    QVERIFY(w.encodeImageFile(path));
    QCOMPARE(encoded.count(), 1);
    const QVector<double> mu = w.explorePanel()->decoder()->encode(QImage(path));
    double maxAbs = 0;
    for (double v : mu) maxAbs = std::max(maxAbs, std::abs(v));
    QVERIFY2(maxAbs < vae::LatentSliders::kMaxRange, "mu beyond the sliders' maximum: clamping would apply");
    QVERIFY(closeTo(w.explorePanel()->sliders()->z(), mu, 1e-4));
    QVERIFY(w.explorePanel()->sliders()->range() >= maxAbs);
    QCOMPARE(w.tabs()->currentIndex(), 2);  // Explore
    // The thumbnail shows the image as the model saw it.
    QCOMPARE(w.explorePanel()->encodedImage().size(), QSize(28, 28));
  }

  // A dataset image from the preview goes through the same path: its mu lands in the sliders and the
  // Explorer shows the image; the test split feeds the Explorer's scatter.
  void encodingADatasetImageLoadsItsMu() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.loadDataset(kShapesSpec);
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    QVERIFY(!w.encodeDatasetImage(3));  // no model yet: refused with a reason
    QVERIFY(w.statusBar()->currentMessage().contains("Train a model or open a checkpoint first"));
    w.explorePanel()->setSnapshot(smallSnapshot(4));
    QVERIFY(w.encodeDatasetImage(3));
    const QImage image = vae::tensorToImage(w.dataset()->train.floatImage(3));
    QVERIFY(closeTo(w.explorePanel()->sliders()->z(), w.explorePanel()->decoder()->encode(image), 1e-4));
    QCOMPARE(w.explorePanel()->encodedImage(), image.convertToFormat(w.explorePanel()->encodedImage().format()));
    QCOMPARE(w.tabs()->currentIndex(), 2);  // Explore
    QVERIFY(!w.encodeDatasetImage(w.dataset()->train.size()));  // out of range
  }

  // A folder with a bad file among good ones loads; the loader's summary line is in the status bar and above the
  // Dataset tab's images, the same words the CLI prints.
  void skippedFilesAreShownAsAWarning() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    w.show();
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath("cat"));
    for (int i = 0; i < 3; ++i) {
      QImage image(8, 8, QImage::Format_RGB32);
      image.fill(Qt::gray);
      QVERIFY(image.save(dir.filePath(QString("cat/%1.png").arg(i))));
    }
    QFile empty(dir.filePath("cat/empty.png"));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.loadDataset("folder:" + dir.path() + ":8");
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    const QString line = QString("skipped 1 of 4 files in %1: first: %1/cat/empty.png: empty file").arg(dir.path());
    QVERIFY2(w.statusBar()->currentMessage().endsWith(line), qPrintable(w.statusBar()->currentMessage()));
    w.tabs()->setCurrentIndex(0);  // the Dataset tab
    auto* warning = w.findChild<QLabel*>("datasetWarning");
    QVERIFY(warning);
    QVERIFY(warning->isVisibleTo(&w));
    QVERIFY2(warning->text().contains(line), qPrintable(warning->text()));
    // A dataset without warnings hides it again.
    w.loadDataset(kShapesSpec);
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    QVERIFY(!warning->isVisibleTo(&w));
  }

  void encodingACorruptFileReportsAnError() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    w.explorePanel()->setSnapshot(smallSnapshot(4));
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.png");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("\x89PNG\r\n\x1a\n this is not really a PNG");
    file.close();
    const QVector<double> before = w.explorePanel()->sliders()->z();

    QSignalSpy failed(&w, &MainWindow::imageEncodeFailed);
    QVERIFY(!w.encodeImageFile(path));
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.first().first().toString().startsWith(path + ": "), qPrintable(failed.first().first().toString()));
    QVERIFY(w.statusBar()->currentMessage().contains("broken.png"));
    QCOMPARE(w.explorePanel()->sliders()->z(), before);
  }

  void encodingWithoutAModelAsksForOne() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    QTemporaryDir dir;
    QSignalSpy failed(&w, &MainWindow::imageEncodeFailed);
    QVERIFY(!w.encodeImageFile(writeDiscPng(dir)));
    QCOMPARE(failed.count(), 1);
    QVERIFY(w.statusBar()->currentMessage().contains("Train a model or open a checkpoint first"));
  }

  void droppingAnImageFileEncodesIt() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    w.explorePanel()->setSnapshot(smallSnapshot(4));
    QTemporaryDir dir;
    const QString path = writeDiscPng(dir);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPoint pos(w.width() / 2, w.height() / 2);

    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy encoded(&w, &MainWindow::imageEncoded);
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &drop);
    QCOMPARE(encoded.count(), 1);
    QVERIFY(closeTo(w.explorePanel()->sliders()->z(), w.explorePanel()->decoder()->encode(QImage(path)), 1e-4));

    // Something that is not an image is refused at the door.
    QMimeData text;
    text.setUrls({QUrl::fromLocalFile(dir.filePath("notes.txt"))});
    QDragEnterEvent refused(pos, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QApplication::sendEvent(&w, &refused);
    QVERIFY(!refused.isAccepted());
  }

  // --- export ---------------------------------------------------------------------------------

  // A top-level Export menu between Training and View, one entry per kind, all disabled without a model.
  void exportMenuListsEveryKindAndNeedsAModel() {
    MainWindow w;
    QStringList menus;
    for (QAction* action : w.menuBar()->actions()) menus << action->text().remove('&');
    QCOMPARE(menus.indexOf("Export"), menus.indexOf("Training") + 1);
    QCOMPARE(menus.indexOf("View"), menus.indexOf("Export") + 1);
    QMenu* menu = exportMenu(w);
    QVERIFY(menu);
    QStringList entries;
    for (QAction* action : menu->actions()) {
      if (action->isSeparator()) continue;
      entries << action->text().remove('&');
      QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
      QVERIFY(action->toolTip().contains("Train a model or open a checkpoint first"));
    }
    QCOMPARE(entries, QStringList({"Image…", "Latent Grid…", "Prior Samples…", "Traversal…", "Interpolation…",
                                   "Class Grid…", "Training GIF…", "Loss History (CSV)…", "Latent Codes (CSV)…", "Loss Plot…",
                                   "PyTorch Weights…", "Slider Presets…",
                                   "Mutual Information (CSV)…"}));
  }

  // An opened checkpoint enables the menu; Image… opens the dialog on the sliders' z, and Export writes.
  void exportingAnOpenedCheckpoint() {
    QTemporaryDir dir;
    const QString run = dir.filePath("run.vaestudio");
    QVERIFY(writeTrainedCheckpoint(run));
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
    w.openCheckpoint(run);
    QVERIFY(opened.wait(kLoadTimeoutMs));
    // Its dataset loads next; that load's own status message must not race the export's below.
    QTRY_VERIFY_WITH_TIMEOUT(w.dataset() != nullptr && !w.isLoading(), kLoadTimeoutMs);
    // Everything but the class grid, which only a conditional VAE has (and says so).
    for (QAction* action : exportMenu(w)->actions()) {
      if (action->text().remove('&') == QStringLiteral("Class Grid…")) {
        QVERIFY(!action->isEnabled());
        QVERIFY2(action->toolTip().contains("conditional VAE"), qPrintable(action->toolTip()));
        continue;
      }
      QVERIFY(action->isSeparator() || action->isEnabled());
    }
    const QVector<double> z{0.25, -0.5, 1.0, 0.0};
    w.explorePanel()->sliders()->setZ(z);

    QSignalSpy dialogs(&w, &MainWindow::exportDialogOpened);
    findAction(&w, "Image…")->trigger();
    QCOMPARE(dialogs.count(), 1);  // an opened run needs no capture: at once
    auto* dialog = dialogs.at(0).at(0).value<vae::ExportDialog*>();
    QVERIFY(dialog);
    QCOMPARE(dialog->kind(), vae::ExportKind::Image);
    QCOMPARE(dialog->options().z, z);
    const QString out = dir.filePath("z.png");
    dialog->setOutputPath(out);
    QSignalSpy exported(dialog, &vae::ExportDialog::exported);
    dialog->startExport();
    QVERIFY(exported.wait(kLoadTimeoutMs));
    QCOMPARE(QImage(out).size(), QSize(112, 112));
    QVERIFY(w.statusBar()->currentMessage().startsWith("Exported " + out));
  }

  // While training, the export captures the live run at a step boundary and then opens the dialog.
  void exportingDuringTrainingCapturesTheRun() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    QVERIFY(loadShapes(w));
    QVERIFY(!findAction(&w, "Prior Samples…")->isEnabled());
    useSmallModel(w, 200);
    w.startTraining();
    QVERIFY(findAction(&w, "Prior Samples…")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->stepCount() > 0, kTrainTimeoutMs);
    QSignalSpy dialogs(&w, &MainWindow::exportDialogOpened);
    findAction(&w, "Prior Samples…")->trigger();
    QVERIFY(dialogs.count() == 1 || dialogs.wait(kTrainTimeoutMs));
    auto* dialog = dialogs.at(0).at(0).value<vae::ExportDialog*>();
    QCOMPARE(dialog->kind(), vae::ExportKind::Samples);
    QSignalSpy preview(dialog, &vae::ExportDialog::previewUpdated);
    QVERIFY(preview.wait(kTrainTimeoutMs));
    QVERIFY(!dialog->previewImage().isNull());  // rendered from the captured weights
    QVERIFY(w.isTraining());                     // the run goes on meanwhile
  }

  // Every image view has "Save Image As…"; saving writes what the view shows (its grab), atomically.
  void everyImageViewSavesWhatItShows() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    QVERIFY(loadShapes(w));
    w.explorePanel()->setSnapshot(smallSnapshot(4));
    w.explorePanel()->setEndpointA({1.0, 0.0, 0.0, 0.0});
    w.explorePanel()->setEndpointB({-1.0, 0.0, 0.0, 0.0});
    w.klBars()->setKl({1.0, 2.0, 0.1, 0.0}, {true, true, true, false}, false);
    w.sampleGrid()->setImages({w.explorePanel()->currentImage()});
    w.reconstructionGrid()->setImages({w.explorePanel()->currentImage()});
    vae::ExplorePanel* explore = w.explorePanel();
    // The strip decodes off the GUI thread and the Explore page arranges itself to the window's width: both
    // must have settled before a view is saved and grabbed again.
    w.show();
    w.tabs()->setCurrentIndex(2);
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_COMPARE(explore->traversalStrip()->count(), vae::kTraversalSteps);
    QTest::qWait(300);
    const QList<QWidget*> grabbed{w.imageGrid(),         w.reconstructionGrid(),       w.sampleGrid(),
                                  w.klBars(),            explore->traversalStrip(),    explore->interpolationStrip(),
                                  explore->grid(),       explore->scatter()};
    QTemporaryDir dir;
    int n = 0;
    for (QWidget* view : grabbed) {
      vae::SaveImageAction* saver = vae::SaveImageAction::of(view);
      QVERIFY2(saver, qPrintable(view->objectName()));
      QCOMPARE(saver->action()->text(), QString("Save Image As…"));
      const QString path = dir.filePath(QStringLiteral("view%1.png").arg(n++));
      QVERIFY2(saver->saveTo(path), qPrintable(view->objectName()));
      const QImage written(path);
      QVERIFY2(!written.isNull(), qPrintable(view->objectName()));
      QVERIFY2(samePixels(written, view->grab().toImage()), qPrintable(view->objectName()));
    }

    // The decoded image at its own pixels, each a 10x10 block as shown (280 / 28).
    auto* decoded = explore->findChild<QLabel*>("decodedImage");
    const QString decodedPath = dir.filePath("decoded.png");
    QVERIFY(vae::SaveImageAction::of(decoded)->saveTo(decodedPath));
    QVERIFY(samePixels(QImage(decodedPath), vae::upscaled(explore->currentImage(), 10)));

    // The loss plot as PNG or PDF by suffix; anything else is refused with a message and writes nothing.
    vae::SaveImageAction* plot = vae::SaveImageAction::of(w.lossPlot());
    QVERIFY(plot->saveTo(dir.filePath("loss.png")));
    QCOMPARE(QImage(dir.filePath("loss.png")).size(), w.lossPlot()->size());
    QVERIFY(plot->saveTo(dir.filePath("loss.pdf")));
    QFile pdf(dir.filePath("loss.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QSignalSpy failed(plot, &vae::SaveImageAction::failed);
    QVERIFY(!plot->saveTo(dir.filePath("loss.jpg")));
    QCOMPARE(failed.count(), 1);
    QVERIFY(!QFile::exists(dir.filePath("loss.jpg")));
    QVERIFY(w.statusBar()->currentMessage().contains("loss.jpg"));  // reported like every error
    // No temp files are left next to what was written.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), n + 3);
  }

  // Right-click: the views with a menu of their own gain the action, the others get a menu with it.
  void contextMenusOfferSaveImageAs() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    QVERIFY(loadShapes(w));
    w.explorePanel()->setSnapshot(smallSnapshot(4));
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString save = "Save Image As…";

    const QPoint onImage = w.imageGrid()->cellRect(0).center();
    const QStringList dataset = contextMenuTexts(w.imageGrid(), onImage);
    QVERIFY2(dataset.contains("Encode in Explorer") && dataset.contains(save), qPrintable(dataset.join('|')));

    w.tabs()->setCurrentIndex(1);
    QVERIFY(contextMenuTexts(w.lossPlot(), QPoint(50, 50)).contains(save));
    QVERIFY(contextMenuTexts(w.klBars(), QPoint(5, 5)).contains(save));

    w.tabs()->setCurrentWidget(w.explorePanel());
    auto* decoded = w.explorePanel()->findChild<QLabel*>("decodedImage");
    QCOMPARE(contextMenuTexts(decoded, QPoint(10, 10)), QStringList{save});
    QVERIFY(contextMenuTexts(w.explorePanel()->grid(), QPoint(20, 20)).contains(save));
    // The scatter without a point under the mouse: only the view's own menu.
    w.explorePanel()->latentPlane()->showView(1);
    vae::LatentScatter* scatter = w.explorePanel()->scatter();
    scatter->clearPoints();
    const QStringList empty = popupMenuTexts([&] {
      QTest::mouseClick(scatter->plotWidget(), Qt::RightButton, {}, scatter->plotAreaRect().center());
    });
    QCOMPARE(empty, QStringList{save});
  }

  // --- watching a run written by another process ---

  void watchedRunFollowsNewCheckpoints() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    auto trainer = headlessTrainer();
    const vae::Checkpoint first = trainAndSave(*trainer, path);
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy updated(&w, &MainWindow::watchedRunUpdated);
    w.watchRun(path);
    QVERIFY(w.isWatching());
    QCOMPARE(w.watchedPath(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(w.windowTitle(), QString("run[*] — watching — VAE Studio"));
    QVERIFY(updated.wait(kWatchTimeoutMs));
    QCOMPARE(w.lossPlot()->stepCount(), static_cast<int>(first.history.steps.size()));
    QCOMPARE(w.lossPlot()->testPointCount(), 1);
    QCOMPARE(w.explorePanel()->decoder()->step(), first.globalStep);
    QCOMPARE(w.modelPanel()->settings().latentDim, 4);
    QVERIFY(!w.modelPanel()->isEnabled());  // read-only while watching
    QVERIFY2(w.watchStatus().startsWith(QStringLiteral("Watching run.vaestudio: step %1, epoch 1/10 — updated ")
                                            .arg(first.globalStep)),
             qPrintable(w.watchStatus()));
    QCOMPARE(w.sampleGrid()->count(), static_cast<int>(vae::History::kProgressSamples));
    // The run's dataset comes along; even then the run cannot be continued or saved over here.
    QTRY_VERIFY_WITH_TIMEOUT(w.dataset() != nullptr, kLoadTimeoutMs);
    QAction* resume = findAction(&w, "Continue Training");
    QVERIFY(resume);
    QVERIFY(!resume->isEnabled());
    QVERIFY(!findAction(&w, "Save Checkpoint")->isEnabled());
    QVERIFY(!findAction(&w, "Save Checkpoint As…")->isEnabled());
    QVERIFY(findAction(&w, "Stop Watching")->isEnabled());

    // The user zooms the loss plot and moves the sliders.
    QSignalSpy replots(w.lossPlot(), &vae::LossPlot::replotted);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_VERIFY_WITH_TIMEOUT(replots.count() > 0, kWatchTimeoutMs);
    QWidget* plot = customPlotOf(w.lossPlot());
    QVERIFY(plot);
    const QPointF centre = QRectF(plot->rect()).center();
    QWheelEvent wheel(centre, plot->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(plot, &wheel);
    QVERIFY(!w.lossPlot()->followsData());
    vae::LatentSliders* sliders = w.explorePanel()->sliders();
    const QVector<double> z{0.5, -1.0, 0.25, 1.5};
    sliders->setZ(z);

    // The next epoch replaces the file atomically.
    const vae::Checkpoint second = trainAndSave(*trainer, path);
    QVERIFY(second.globalStep > first.globalStep);
    QTRY_COMPARE_WITH_TIMEOUT(w.explorePanel()->decoder()->step(), second.globalStep, kWatchTimeoutMs);
    QCOMPARE(w.lossPlot()->stepCount(), static_cast<int>(second.history.steps.size()));
    QCOMPARE(w.lossPlot()->testPointCount(), 2);
    QVERIFY(!w.lossPlot()->followsData());  // the new steps were appended under the user's zoom
    QVERIFY(closeTo(sliders->z(), z, 1e-12));
    QVERIFY2(w.watchStatus().contains("epoch 2/10"), qPrintable(w.watchStatus()));
    QVERIFY(w.isWatching());
    QCOMPARE(w.windowTitle(), QString("run[*] — watching — VAE Studio"));
  }

  void watchingSurvivesUnreadableAndMissingVersions() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    auto trainer = headlessTrainer();
    const vae::Checkpoint first = trainAndSave(*trainer, path);
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy updated(&w, &MainWindow::watchedRunUpdated);
    QSignalSpy waiting(&w, &MainWindow::watchedRunWaiting);
    w.watchRun(path);
    QVERIFY(updated.wait(kWatchTimeoutMs));

    QVERIFY(replaceWithGarbage(path));
    QVERIFY(waiting.wait(kWatchTimeoutMs));
    QVERIFY(w.isWatching());
    QVERIFY2(w.watchStatus().startsWith("Watching run.vaestudio: waiting for a readable checkpoint (not a VAE Studio "
                                        "checkpoint"),
             qPrintable(w.watchStatus()));
    QCOMPARE(w.explorePanel()->decoder()->step(), first.globalStep);  // the last good version stays

    QVERIFY(QFile::remove(path));
    QVERIFY(waiting.wait(kWatchTimeoutMs));
    QVERIFY2(w.watchStatus().contains("(no such file)"), qPrintable(w.watchStatus()));
    QVERIFY(w.isWatching());

    const vae::Checkpoint next = trainAndSave(*trainer, path);
    QTRY_COMPARE_WITH_TIMEOUT(w.explorePanel()->decoder()->step(), next.globalStep, kWatchTimeoutMs);
    QCOMPARE(w.lossPlot()->stepCount(), static_cast<int>(next.history.steps.size()));
    QVERIFY2(w.watchStatus().startsWith("Watching run.vaestudio: step"), qPrintable(w.watchStatus()));
  }

  void watchingAFileNotWrittenYetWaitsForIt() {
    QTemporaryDir dir;
    const QString path = dir.filePath("later.vaestudio");
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy waiting(&w, &MainWindow::watchedRunWaiting);
    w.watchRun(path);
    QVERIFY(waiting.wait(kWatchTimeoutMs));
    QVERIFY2(w.watchStatus().contains("(no such file)"), qPrintable(w.watchStatus()));
    QCOMPARE(w.windowTitle(), QString("later[*] — watching — VAE Studio"));
    auto trainer = headlessTrainer();
    const vae::Checkpoint first = trainAndSave(*trainer, path);
    QTRY_COMPARE_WITH_TIMEOUT(w.explorePanel()->decoder()->step(), first.globalStep, kWatchTimeoutMs);
    QCOMPARE(w.lossPlot()->stepCount(), static_cast<int>(first.history.steps.size()));
  }

  void aWatchedRunOfAnotherShapeReplacesTheModel() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    auto small = headlessTrainer(4);
    trainAndSave(*small, path);
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy updated(&w, &MainWindow::watchedRunUpdated);
    w.watchRun(path);
    QVERIFY(updated.wait(kWatchTimeoutMs));
    QCOMPARE(w.explorePanel()->sliders()->dimensions(), 4);
    auto wide = headlessTrainer(6);  // the run was restarted with another model
    const vae::Checkpoint other = trainAndSave(*wide, path);
    QVERIFY(updated.wait(kWatchTimeoutMs));
    QCOMPARE(w.explorePanel()->decoder()->latentDim(), 6);
    QCOMPARE(w.explorePanel()->sliders()->dimensions(), 6);
    QCOMPARE(w.modelPanel()->settings().latentDim, 6);
    QCOMPARE(w.lossPlot()->stepCount(), static_cast<int>(other.history.steps.size()));
    QVERIFY(!w.explorePanel()->currentImage().isNull());
  }

  void stopWatchingStopsUpdates() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    auto trainer = headlessTrainer();
    const vae::Checkpoint first = trainAndSave(*trainer, path);
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy updated(&w, &MainWindow::watchedRunUpdated);
    w.watchRun(path);
    QVERIFY(updated.wait(kWatchTimeoutMs));
    QAction* stop = findAction(&w, "Stop Watching");
    QVERIFY(stop->isEnabled());
    stop->trigger();
    QVERIFY(!w.isWatching());
    QVERIFY(w.watchStatus().isEmpty());
    // Still open, as an opened checkpoint, but Untitled: the file is the other process's, so Save asks for a path.
    QCOMPARE(w.windowTitle(), QString("Untitled[*] — VAE Studio"));
    QVERIFY(w.runPath().isEmpty());
    QVERIFY(w.modelPanel()->isEnabled());
    QVERIFY(findAction(&w, "Save Checkpoint")->isEnabled());

    trainAndSave(*trainer, path);
    QTest::qWait(kNoUpdateWaitMs);
    QCOMPARE(updated.count(), 1);
    QCOMPARE(w.explorePanel()->decoder()->step(), first.globalStep);
    QCOMPARE(w.lossPlot()->stepCount(), static_cast<int>(first.history.steps.size()));
    // The last version read can be continued here now, once its dataset is loaded.
    QTRY_VERIFY_WITH_TIMEOUT(w.dataset() != nullptr, kLoadTimeoutMs);
    QVERIFY(findAction(&w, "Continue Training")->isEnabled());
  }

  void openingACheckpointOrDatasetEndsWatching() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    const QString other = dir.filePath("other.vaestudio");
    QVERIFY(writeTrainedCheckpoint(other));
    auto trainer = headlessTrainer();
    trainAndSave(*trainer, path);
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy updated(&w, &MainWindow::watchedRunUpdated);
    w.watchRun(path);
    QVERIFY(updated.wait(kWatchTimeoutMs));
    QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
    w.openCheckpoint(other);
    QVERIFY(!w.isWatching());
    QVERIFY(opened.wait(kLoadTimeoutMs));
    QCOMPARE(w.windowTitle(), QString("other[*] — VAE Studio"));

    w.watchRun(path);
    QVERIFY(w.isWatching());
    QVERIFY(updated.wait(kWatchTimeoutMs));
    w.loadDataset(kShapesSpec);  // the watched run's own dataset: it goes on being followed
    QVERIFY(w.isWatching());
    w.loadDataset("shapes:28:300");  // another dataset: the watched run would not fit it
    QVERIFY(!w.isWatching());
    QCOMPARE(w.windowTitle(), QString("VAE Studio"));
    trainAndSave(*trainer, path);  // no longer followed
    QTest::qWait(kNoUpdateWaitMs);
    QCOMPARE(updated.count(), 2);
  }

  void describeSpecNamesDatasets_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("name");
    QTest::newRow("fashion") << "fashion-mnist" << "Fashion-MNIST";
    QTest::newRow("shapes") << "shapes:64:100" << "Shapes";
    QTest::newRow("idx") << "idx:/data/train-images-idx3-ubyte.gz,/data/l.gz" << "train-images-idx3-ubyte.gz";
    QTest::newRow("folder") << "folder:/data/pets:32:rgb" << "pets";
    QTest::newRow("folder, colon in path") << "folder:/data/a:pets:32" << "a:pets";
    QTest::newRow("folder, crop") << "folder:/data/celeba:crop:64:rgb" << "celeba (centre crop)";
  }

  void describeSpecNamesDatasets() {
    QFETCH(QString, spec);
    QFETCH(QString, name);
    QCOMPARE(vae::describeDatasetSpec(spec), name);
  }

  void openDialogBuildsSpecs_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("rgb");
    QTest::addColumn<QString>("spec");
    QTest::newRow("idx") << 0 << "/d/img.gz" << "" << 28 << false << "idx:/d/img.gz";
    QTest::newRow("idx+labels") << 0 << "/d/img.gz" << "/d/lab.gz" << 28 << false << "idx:/d/img.gz,/d/lab.gz";
    QTest::newRow("cifar") << 1 << "/d/cifar" << "" << 28 << false << "cifar10:/d/cifar";
    QTest::newRow("folder") << 2 << "/d/pets" << "" << 32 << true << "folder:/d/pets:32:rgb";
    QTest::newRow("no path") << 2 << "" << "" << 32 << true << "";
    QTest::newRow("npy+labels") << 3 << "/d/x.npy" << "/d/y.npy" << 28 << false << "npy:/d/x.npy,/d/y.npy";
    QTest::newRow("npz") << 4 << "/d/a.npz" << "" << 28 << false << "npz:/d/a.npz";
    QTest::newRow("cifar100") << 5 << "/d/c100" << "" << 28 << false << "cifar100:/d/c100";
  }

  // The dialog reads back every spec it builds (it opens on the last one used).
  void openDialogReadsBackItsSpecs() {
    for (const QString& spec : {QString("idx:/data/train-images-idx3-ubyte.gz,/data/train-labels-idx1-ubyte.gz"),
                                QString("idx:/data/images.idx3"), QString("cifar10:/data/cifar"),
                                QString("folder:/data/faces:64:rgb"), QString("folder:C:/odd:dir:32:gray"),
                                QString("idx:/data/emnist-images.idx3,/data/emnist-labels.idx1:transpose"),
                                QString("npy:/data/x.npy,/data/y.npy"), QString("npz:/data/a.npz"),
                                QString("cifar100:/data/cifar-100-binary"), QString("folder:/data/celeba:64:rgb:crop")}) {
      OpenDatasetDialog dialog;
      dialog.setSpec(spec);
      QCOMPARE(dialog.spec(), spec);
    }
  }

  // A folder of 64x64 colour images is offered as 64 px RGB, not the 28 px gray default.
  void openDialogReadsAFoldersImageFormat() {
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath("cats"));
    QImage image(64, 64, QImage::Format_RGB32);
    image.fill(QColor(200, 120, 40));
    QVERIFY(image.save(dir.filePath("cats/one.png")));
    OpenDatasetDialog dialog;
    dialog.setKind(OpenDatasetDialog::Kind::ImageFolder);
    dialog.setPath(dir.path());
    dialog.guessFolderFormat();
    QCOMPARE(dialog.spec(), QString("folder:%1:64:rgb").arg(dir.path()));
  }

  // Non-square photos (CelebA's 178 x 218) are offered centre-cropped at their short side, not squashed.
  void openDialogOffersCropForNonSquareImages() {
    QTemporaryDir dir;
    QImage image(178, 218, QImage::Format_RGB32);
    image.fill(QColor(200, 120, 40));
    QVERIFY(image.save(dir.filePath("000001.jpg")));
    OpenDatasetDialog dialog;
    dialog.setKind(OpenDatasetDialog::Kind::ImageFolder);
    dialog.setPath(dir.path());
    dialog.guessFolderFormat();
    QCOMPARE(dialog.spec(), QString("folder:%1:178:rgb:crop").arg(dir.path()));
  }

  void openDialogBuildsSpecs() {
    QFETCH(int, kind);
    QFETCH(QString, path);
    QFETCH(QString, labels);
    QFETCH(int, size);
    QFETCH(bool, rgb);
    QFETCH(QString, spec);
    OpenDatasetDialog dialog;
    dialog.setKind(static_cast<OpenDatasetDialog::Kind>(kind));
    dialog.setPath(path);
    dialog.setLabelsPath(labels);
    dialog.setImageSize(size);
    dialog.setRgb(rgb);
    QCOMPARE(dialog.spec(), spec);
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
