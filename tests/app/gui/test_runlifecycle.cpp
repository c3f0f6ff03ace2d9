// A run's life in the window, with the real questions a user answers: nothing trained is thrown away
// without asking. New Run, opening a run and loading another dataset each ask Save / Discard / Cancel while the
// run is unsaved; a stopped or finished run is continued, never silently restarted.
#include "app/core/rundocument.h"
#include "app/core/trainingworker.h"
#include "app/gui/mainwindow.h"
#include "model/checkpoint.h"
#include "widgets/lossplot.h"
#include "widgets/modelpanel.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/smallrun.h"
#include "tests/support/windowtest.h"

using vae::MainWindow;
using vae::RunDocument;
using vae::test::buttonOf;
using vae::test::findAction;
using vae::test::kWindowLoadTimeoutMs;
using vae::test::kWindowShapesSpec;
using vae::test::kWindowTrainTimeoutMs;
using vae::test::loadDatasetAndWait;
using vae::test::useSmallModel;

namespace {
const QString kSaveQuestion = QStringLiteral("Save the Run?");
// Long enough for an answer that was not given to show (a load or a run starting).
constexpr int kNothingHappensMs = 300;

// The Save / Discard / Cancel question the window shows now.
QMessageBox* saveQuestion(MainWindow& w) {
  for (QMessageBox* box : w.findChildren<QMessageBox*>())
    if (box->isVisible() && box->windowTitle() == kSaveQuestion) return box;
  return nullptr;
}

void answer(QMessageBox* box, const QString& button) {
  QAbstractButton* b = buttonOf(box, button);
  QVERIFY2(b, qPrintable(button));
  QTest::mouseClick(b, Qt::LeftButton);
}

// A window with the test shapes loaded and a small run of `epochs` trained to its end.
bool trainToEnd(MainWindow& w, int epochs) {
  if (!loadDatasetAndWait(w)) return false;
  useSmallModel(w, epochs);
  QSignalSpy ended(&w, &MainWindow::trainingEnded);
  w.startTraining();
  return ended.wait(kWindowTrainTimeoutMs);
}

qint64 runStep(MainWindow& w) {
  const vae::CheckpointPtr run = w.runDocument()->openedRun();
  return run ? run->globalStep : -1;
}
}  // namespace

class TestRunLifecycle : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { vae::test::clearUnsavedAutosaves(); }
  void cleanup() { vae::test::clearUnsavedAutosaves(); }

  // After Stop the run is kept: Continue Training goes on from the step after the last one, next to New Run.
  void stopKeepsTheRunToContinue() {
    MainWindow w;
    QVERIFY(loadDatasetAndWait(w));
    useSmallModel(w, 1000);
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    w.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->stepCount() > 0, kWindowTrainTimeoutMs);
    w.stopTraining();
    QVERIFY(ended.wait(kWindowTrainTimeoutMs));
    QTRY_VERIFY(runStep(w) > 0);
    const qint64 stoppedAt = runStep(w);
    QVERIFY(findAction(&w, "Continue Training"));
    QVERIFY(findAction(&w, "Continue Training")->isEnabled());
    QVERIFY(findAction(&w, "New Run")->isEnabled());
    QVERIFY(w.isWindowModified());

    w.startTraining();  // F5: continues, asks nothing (epochs are left)
    QVERIFY(w.isTraining());
    QSignalSpy steps(w.trainingWorker(), &vae::TrainingWorker::stepsReady);
    QVERIFY(steps.wait(kWindowTrainTimeoutMs));
    QCOMPARE(static_cast<qint64>(steps.at(0).at(0).value<vae::StepBatch>().step.first()), stoppedAt + 1);
    QVERIFY(saveQuestion(w) == nullptr);
    w.stopTraining();
  }

  // Start on a run that trained all its epochs asks how many more; Train continues it that far.
  void startOnAFinishedRunAsksForMoreEpochs() {
    MainWindow w;
    QVERIFY(trainToEnd(w, 1));
    QTRY_VERIFY(findAction(&w, "Continue Training") != nullptr);
    const qint64 finishedAt = runStep(w);
    QVERIFY(finishedAt > 0);

    w.toggleTraining();  // F5
    QInputDialog* more = nullptr;
    QTRY_VERIFY((more = w.findChild<QInputDialog*>()) != nullptr);
    QCOMPARE(more->windowTitle(), QString("Train More Epochs?"));
    QVERIFY(!w.isTraining());  // nothing runs before the answer
    more->setIntValue(2);
    QPushButton* train = nullptr;
    for (QPushButton* b : more->findChildren<QPushButton*>())
      if (b->text() == "Train") train = b;
    QVERIFY(train);
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    QTest::mouseClick(train, Qt::LeftButton);
    QVERIFY(w.isTraining());
    QCOMPARE(w.modelPanel()->settings().epochs, 3);  // 1 trained + 2 more
    QVERIFY(ended.wait(kWindowTrainTimeoutMs));
    QCOMPARE(w.lossPlot()->testPointCount(), 3);  // the first epoch's point is kept
    QTRY_VERIFY(runStep(w) == 3 * finishedAt);
  }

  // Cancel in the more-epochs question trains nothing and leaves the run as it was.
  void cancellingMoreEpochsTrainsNothing() {
    MainWindow w;
    QVERIFY(trainToEnd(w, 1));
    QTRY_VERIFY(runStep(w) > 0);
    const int steps = w.lossPlot()->stepCount();
    w.startTraining();
    QInputDialog* more = nullptr;
    QTRY_VERIFY((more = w.findChild<QInputDialog*>()) != nullptr);
    more->reject();
    QTest::qWait(kNothingHappensMs);
    QVERIFY(!w.isTraining());
    QCOMPARE(w.lossPlot()->stepCount(), steps);
    QCOMPARE(w.modelPanel()->settings().epochs, 1);
  }

  // New Run on an unsaved run: Cancel keeps it; Discard drops it and its autosave, and the new run's autosave
  // is a file of its own.
  void newRunAsksBeforeDroppingAnUnsavedRun() {
    MainWindow w;
    w.show();
    QVERIFY(trainToEnd(w, 1));
    QTRY_VERIFY_WITH_TIMEOUT(RunDocument::unsavedAutosaves().size() == 1, kWindowTrainTimeoutMs);
    const QString firstAutosave = RunDocument::unsavedAutosaves().value(0);
    const int steps = w.lossPlot()->stepCount();
    QVERIFY(findAction(&w, "New Run"));
    QCOMPARE(findAction(&w, "New Run")->shortcut(), QKeySequence(QKeySequence::New));

    findAction(&w, "New Run")->trigger();
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = saveQuestion(w)) != nullptr);
    QVERIFY2(question->informativeText().contains("never saved"), qPrintable(question->informativeText()));
    QCOMPARE(question->button(QMessageBox::Discard)->text(), QString("&Discard"));  // Alt+D answers it
    answer(question, "Cancel");
    QTest::qWait(kNothingHappensMs);
    QVERIFY(!w.isTraining());
    QCOMPARE(w.lossPlot()->stepCount(), steps);
    QVERIFY(w.isWindowModified());
    QVERIFY(QFileInfo::exists(firstAutosave));

    findAction(&w, "New Run")->trigger();
    QTRY_VERIFY((question = saveQuestion(w)) != nullptr);
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    answer(question, "Discard");
    QVERIFY(w.isTraining());  // the new run
    QVERIFY(!QFileInfo::exists(firstAutosave));  // discarded on purpose: not offered again
    QVERIFY(ended.wait(kWindowTrainTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(RunDocument::unsavedAutosaves().size() == 1, kWindowTrainTimeoutMs);
    QVERIFY(RunDocument::unsavedAutosaves().value(0) != firstAutosave);
    QCOMPARE(w.windowTitle(), QString("Untitled[*] — VAE Studio"));
  }

  // Save in that question writes the run to its file first, then the new run starts.
  void newRunSavesTheRunFirstWhenAsked() {
    QTemporaryDir dir;
    const QString path = dir.filePath("first.vaestudio");
    MainWindow w;
    QVERIFY(trainToEnd(w, 1));
    QSignalSpy saved(&w, &MainWindow::checkpointSaved);
    w.saveCheckpointTo(path);  // the run has ended: may be written before this returns
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, kWindowLoadTimeoutMs);
    QVERIFY(!w.isWindowModified());
    // Trained on after the save: unsaved again.
    w.startTraining();
    QInputDialog* more = nullptr;
    QTRY_VERIFY((more = w.findChild<QInputDialog*>()) != nullptr);
    more->setIntValue(1);
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    more->accept();
    QVERIFY(ended.wait(kWindowTrainTimeoutMs));
    QTRY_VERIFY(w.isWindowModified() && runStep(w) > 0);
    const qint64 trainedTo = runStep(w);

    w.startNewRun();
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = saveQuestion(w)) != nullptr);
    QVERIFY2(question->text().contains("new run"), qPrintable(question->text()));
    QVERIFY2(question->informativeText().contains("since the last save"), qPrintable(question->informativeText()));
    answer(question, "Save");
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 2, kWindowLoadTimeoutMs);
    QCOMPARE(saved.last().at(0).toString(), QFileInfo(path).absoluteFilePath());
    QTRY_VERIFY(w.isTraining());  // the new run starts once the old one is safe
    QVERIFY(w.runPath().isEmpty());
    QCOMPARE(vae::Checkpoint::load(path.toStdString()).globalStep, trainedTo);
    QCOMPARE(vae::Checkpoint::load(path.toStdString()).epoch, 2);
    w.stopTraining();
  }

  // Another dataset ends the run: while it is unsaved (here paused mid-run) the user is asked first.
  void loadingAnotherDatasetAsksAndEndsTheRun() {
    MainWindow w;
    QVERIFY(loadDatasetAndWait(w));
    useSmallModel(w, 1000);
    w.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->stepCount() > 0, kWindowTrainTimeoutMs);
    w.pauseTraining();
    QTRY_VERIFY(w.trainingState() == vae::TrainingState::Paused);

    const QString other = QStringLiteral("shapes:28:300");
    w.loadDataset(other);
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = saveQuestion(w)) != nullptr);
    QVERIFY2(question->text().contains("ends the current run"), qPrintable(question->text()));
    answer(question, "Cancel");
    QTest::qWait(kNothingHappensMs);
    QCOMPARE(w.datasetSpec(), QString(kWindowShapesSpec));
    QVERIFY(w.trainingState() == vae::TrainingState::Paused);  // the run is untouched

    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.loadDataset(other);
    QTRY_VERIFY((question = saveQuestion(w)) != nullptr);
    answer(question, "Discard");
    QVERIFY(loaded.wait(kWindowLoadTimeoutMs));
    QCOMPARE(w.datasetSpec(), other);
    QVERIFY(!w.isTraining());
    QCOMPARE(w.trainingWorker(), nullptr);
    QCOMPARE(w.lossPlot()->stepCount(), 0);
    QCOMPARE(w.windowTitle(), QString("VAE Studio"));  // no run: the next one is Untitled, saved nowhere yet
    QVERIFY(w.runPath().isEmpty());
    QVERIFY(findAction(&w, "Start Training"));

    w.startTraining();  // a new run on the new data
    QVERIFY(w.isTraining());
    QCOMPARE(w.windowTitle(), QString("Untitled[*] — VAE Studio"));
    w.stopTraining();
  }

  // The run's own dataset again (reloaded) keeps the run and asks nothing.
  void reloadingTheRunsDatasetKeepsTheRun() {
    MainWindow w;
    QVERIFY(trainToEnd(w, 1));
    const int steps = w.lossPlot()->stepCount();
    QVERIFY(loadDatasetAndWait(w));
    QVERIFY(saveQuestion(w) == nullptr);
    QCOMPARE(w.lossPlot()->stepCount(), steps);
    QVERIFY(w.isWindowModified());
  }

  // Opening a run over an unsaved one asks; Cancel keeps the current run, Discard opens the other.
  void openingARunAsksBeforeReplacingAnUnsavedOne() {
    QTemporaryDir dir;
    const QString other = dir.filePath("other.vaestudio");
    vae::test::trainedCheckpoint(kWindowShapesSpec).save(other.toStdString());
    MainWindow w;
    QVERIFY(trainToEnd(w, 1));
    const int steps = w.lossPlot()->stepCount();
    QSignalSpy opened(&w, &MainWindow::checkpointLoaded);

    w.openCheckpoint(other);
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = saveQuestion(w)) != nullptr);
    QVERIFY2(question->text().contains("other.vaestudio"), qPrintable(question->text()));
    answer(question, "Cancel");
    QTest::qWait(kNothingHappensMs);
    QCOMPARE(opened.count(), 0);
    QCOMPARE(w.lossPlot()->stepCount(), steps);

    w.openCheckpoint(other);
    QTRY_VERIFY((question = saveQuestion(w)) != nullptr);
    answer(question, "Discard");
    QVERIFY(opened.wait(kWindowLoadTimeoutMs));
    QCOMPARE(w.windowTitle(), QString("other[*] — VAE Studio"));
    QVERIFY(!w.isWindowModified());
    QVERIFY(RunDocument::unsavedAutosaves().isEmpty());
  }

  // Opening a run while training asks too (the menu item is no longer disabled), and stops the run.
  void openingARunWhileTrainingAsks() {
    QTemporaryDir dir;
    const QString other = dir.filePath("other.vaestudio");
    vae::test::trainedCheckpoint(kWindowShapesSpec).save(other.toStdString());
    MainWindow w;
    QVERIFY(loadDatasetAndWait(w));
    useSmallModel(w, 1000);
    w.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(w.lossPlot()->stepCount() > 0, kWindowTrainTimeoutMs);
    QVERIFY(findAction(&w, "Open Checkpoint…")->isEnabled());
    QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
    w.openCheckpoint(other);
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = saveQuestion(w)) != nullptr);
    answer(question, "Discard");
    QVERIFY(opened.wait(kWindowLoadTimeoutMs));
    QVERIFY(!w.isTraining());
    QCOMPARE(w.lossPlot()->stepCount(),
             static_cast<int>(vae::Checkpoint::load(other.toStdString()).history.steps.size()));
  }

  // A saved, unchanged run is replaced without a question.
  void aSavedRunIsReplacedWithoutAsking() {
    QTemporaryDir dir;
    const QString path = dir.filePath("kept.vaestudio");
    MainWindow w;
    QVERIFY(trainToEnd(w, 1));
    QSignalSpy saved(&w, &MainWindow::checkpointSaved);
    w.saveCheckpointTo(path);  // the run has ended: may be written before this returns
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, kWindowLoadTimeoutMs);
    w.startNewRun();
    QVERIFY(saveQuestion(w) == nullptr);
    QVERIFY(w.isTraining());
    QVERIFY(w.runPath().isEmpty());
    w.stopTraining();
  }
};

QTEST_MAIN(TestRunLifecycle)
#include "test_runlifecycle.moc"
