// The Compare tab: the window's own run beside saved runs, its table, curves, pictures and shared sliders filled
// off the GUI thread; bad files, removals and a fifth run.
#include "app/gui/comparepanel.h"
#include "app/gui/comparerunlist.h"
#include "app/gui/mainwindow.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"
#include "widgets/comparecurves.h"
#include "widgets/imagegridview.h"
#include "widgets/latentsliders.h"

#include <QComboBox>
#include <QFile>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include "tests/support/smallrun.h"
#include "tests/support/windowtest.h"

using vae::ComparePanel;
using vae::MainWindow;

// A helper's failed check ends the test function too.
#define SETTLED(runs)                          \
  do {                                         \
    waitSettled(runs);                         \
    if (QTest::currentTestFailed()) return;    \
  } while (false)
#define ADD_AND_WAIT(path)                     \
  do {                                         \
    addAndWait(path);                          \
    if (QTest::currentTestFailed()) return;    \
  } while (false)

namespace {
// Scores, pictures and decodes share one background thread with a training run's leftovers on a busy machine.
constexpr int kComputeTimeoutMs = 60000;
constexpr int kCompareTab = 3;

// A small run trained on the window tests' dataset, saved as dir/name.
QString writeRun(const QTemporaryDir& dir, const QString& name, int64_t latent = 4, double lr = 1e-3) {
  vae::TrainConfig training = vae::test::smallTraining(/*epochs=*/1);
  training.lr.lr = lr;
  vae::Trainer trainer(vae::test::smallModel(latent, /*hidden=*/32), training,
                       vae::loadDatasetSpec(vae::test::kWindowShapesSpec));
  trainer.run();
  const QString path = dir.filePath(name);
  vae::Checkpoint::capture(trainer, vae::test::kWindowShapesSpec).save(path.toStdString());
  return path;
}

QStringList tableNames(const QTableWidget* table) {
  QStringList names;
  for (int r = 0; r < table->rowCount(); ++r) names << (table->item(r, 0) ? table->item(r, 0)->text() : QString());
  return names;
}

bool legendHas(const ComparePanel* panel, const QString& run) {
  for (const QString& name : panel->curves()->legendNames())
    if (name.startsWith(run + QStringLiteral(" "))) return true;
  return false;
}
}  // namespace

class TestComparePanel : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString a_, b_, c_, d_, wide_, bad_;
  std::unique_ptr<MainWindow> window_;
  ComparePanel* panel_ = nullptr;

  // Waits until the panel has nothing in flight and its views hold `runs` runs (use SETTLED).
  void waitSettled(int runs) {
    QTRY_VERIFY_WITH_TIMEOUT(!panel_->isBusy(), kComputeTimeoutMs);
    QCOMPARE(panel_->runNames().size(), runs);
    if (runs < 2) return;
    QTRY_COMPARE_WITH_TIMEOUT(panel_->table()->rowCount(), runs, kComputeTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(panel_->decodedView()->count(), runs, kComputeTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!panel_->picture().isNull(), kComputeTimeoutMs);
  }

  void addAndWait(const QString& path) {
    const int before = panel_->runNames().size();
    panel_->addRunFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(panel_->runNames().size(), before + 1, kComputeTimeoutMs);
  }

 private Q_SLOTS:
  void initTestCase() {
    a_ = writeRun(dir_, "alpha.vaestudio");
    b_ = writeRun(dir_, "beta.vaestudio", 4, 3e-3);
    c_ = writeRun(dir_, "gamma.vaestudio", 4, 1e-2);
    d_ = writeRun(dir_, "delta.vaestudio");
    wide_ = writeRun(dir_, "wide.vaestudio", /*latent=*/6);
    bad_ = dir_.filePath("broken.vaestudio");
    QFile bad(bad_);
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not a checkpoint at all");
    bad.close();

    // The live run: trained here, in the window, to its end.
    vae::test::clearUnsavedAutosaves();
    window_ = std::make_unique<MainWindow>();
    window_->setShowErrorDialogs(false);
    window_->resize(1400, 900);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QVERIFY(vae::test::loadDatasetAndWait(*window_));
    vae::test::useSmallModel(*window_, 2);
    QSignalSpy ended(window_.get(), &MainWindow::trainingEnded);
    window_->startTraining();
    QVERIFY(ended.wait(kComputeTimeoutMs));
    panel_ = window_->comparePanel();
    QVERIFY(panel_);
    QCOMPARE(window_->tabs()->tabText(kCompareTab), QString("Compare"));
    window_->tabs()->setCurrentIndex(kCompareTab);
    QTRY_COMPARE_WITH_TIMEOUT(panel_->runNames(), QStringList{"live run"}, kComputeTimeoutMs);
  }

  // Every test starts from the live run alone.
  void init() {
    QVERIFY(panel_);
    window_->tabs()->setCurrentIndex(kCompareTab);
    for (int i = panel_->runNames().size() - 1; i > 0; --i) panel_->removeRun(i);
    QCOMPARE(panel_->runNames(), QStringList{"live run"});
    panel_->sliders()->reset();
  }

  void cleanupTestCase() {
    window_.reset();
    vae::test::clearUnsavedAutosaves();
  }

  void fileMenuAddsRuns() {
    QAction* add = vae::test::findAction(window_.get(), "Add Run to Compare…");
    QVERIFY(add);
    QVERIFY(add->isEnabled());
    QVERIFY(panel_->runList()->addButton()->isEnabled());
  }

  void liveRunBesideCheckpoint() {
    ADD_AND_WAIT(a_);
    SETTLED(2);
    QCOMPARE(panel_->runNames(), (QStringList{"live run", "alpha"}));
    QCOMPARE(tableNames(panel_->table()), (QStringList{"live run", "alpha"}));
    // Numbers, not placeholders: both are VAEs scored on the same images.
    for (int r = 0; r < 2; ++r) {
      bool ok = false;
      QLocale().toDouble(panel_->table()->item(r, 3)->text(), &ok);
      QVERIFY2(ok, qPrintable(panel_->table()->item(r, 3)->text()));
    }
    QVERIFY(legendHas(panel_, "live run"));
    QVERIFY(legendHas(panel_, "alpha"));
    QCOMPARE(panel_->runList()->count(), 2);
    // The live run is the window's: it has no Remove.
    QVERIFY(!panel_->runList()->removeButton(0)->isEnabled());
    QVERIFY(panel_->runList()->removeButton(1)->isEnabled());
  }

  void everyPictureRenders() {
    ADD_AND_WAIT(a_);
    SETTLED(2);
    for (int i = 0; i < panel_->pictureChooser()->count(); ++i) {
      const QImage before = panel_->picture();
      panel_->pictureChooser()->setCurrentIndex(i);
      QTRY_VERIFY_WITH_TIMEOUT(!panel_->isBusy() && !panel_->picture().isNull(), kComputeTimeoutMs);
      if (i > 0) QVERIFY2(panel_->picture() != before, qPrintable(panel_->pictureChooser()->currentText()));
    }
    panel_->pictureChooser()->setCurrentIndex(0);
  }

  void badFileKeepsRuns_data() {
    QTest::addColumn<bool>("missing");
    QTest::newRow("not a checkpoint") << false;
    QTest::newRow("no such file") << true;
  }

  void badFileKeepsRuns() {
    QFETCH(bool, missing);
    ADD_AND_WAIT(a_);
    SETTLED(2);
    const QString path = missing ? dir_.filePath("nowhere.vaestudio") : bad_;
    QSignalSpy failed(panel_, &ComparePanel::failed);
    panel_->addRunFile(path);
    QVERIFY(failed.wait(kComputeTimeoutMs));
    const QString shown = window_->statusBar()->currentMessage();
    QVERIFY2(shown.contains(QFileInfo(path).fileName()), qPrintable(shown));
    QVERIFY2(!shown.contains('\n'), qPrintable(shown));
    QCOMPARE(panel_->runNames(), (QStringList{"live run", "alpha"}));
    SETTLED(2);
    QCOMPARE(tableNames(panel_->table()), (QStringList{"live run", "alpha"}));
  }

  void removingRunUpdatesViews() {
    ADD_AND_WAIT(a_);
    ADD_AND_WAIT(b_);
    SETTLED(3);
    QCOMPARE(tableNames(panel_->table()), (QStringList{"live run", "alpha", "beta"}));
    const int threeWide = panel_->picture().width();
    QTest::mouseClick(panel_->runList()->removeButton(1), Qt::LeftButton);  // alpha
    QCOMPARE(panel_->runNames(), (QStringList{"live run", "beta"}));
    QVERIFY(!legendHas(panel_, "alpha"));
    QVERIFY(legendHas(panel_, "beta"));
    SETTLED(2);
    QCOMPARE(tableNames(panel_->table()), (QStringList{"live run", "beta"}));
    QCOMPARE(panel_->decodedView()->caption(1), QString("beta"));
    QVERIFY2(panel_->picture().width() < threeWide, "the picture still has three columns");
    // Down to the live run alone: nothing to compare, and the views say how to add one.
    QTest::mouseClick(panel_->runList()->removeButton(1), Qt::LeftButton);
    SETTLED(1);
    QCOMPARE(panel_->table()->rowCount(), 0);
    QCOMPARE(panel_->decodedView()->count(), 0);
  }

  void fifthRunIsRefused() {
    ADD_AND_WAIT(a_);
    ADD_AND_WAIT(b_);
    ADD_AND_WAIT(c_);
    SETTLED(4);
    QVERIFY(!panel_->runList()->addButton()->isEnabled());
    QSignalSpy failed(panel_, &ComparePanel::failed);
    panel_->addRunFile(d_);
    QCOMPARE(failed.count(), 1);
    QVERIFY2(window_->statusBar()->currentMessage().contains("delta.vaestudio"),
             qPrintable(window_->statusBar()->currentMessage()));
    QTest::qWait(200);
    QCOMPARE(panel_->runNames(), (QStringList{"live run", "alpha", "beta", "gamma"}));
  }

  void droppedFilesAreAdded() {
    auto* mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(a_)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(panel_, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(panel_, &drop);
    QTRY_COMPARE_WITH_TIMEOUT(panel_->runNames(), (QStringList{"live run", "alpha"}), kComputeTimeoutMs);
    delete mime;
  }

  // While the tab shows, the window's run is captured again after its epochs: its curve grows as it trains.
  void liveRunFollowsTraining() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(vae::test::loadDatasetAndWait(w));
    vae::test::useSmallModel(w, 1000);
    QSignalSpy ended(&w, &MainWindow::trainingEnded);
    w.startTraining();
    w.tabs()->setCurrentIndex(kCompareTab);
    ComparePanel* panel = w.comparePanel();
    const auto epochs = [panel] {
      return panel->runs().isEmpty() ? -1 : static_cast<int>(panel->runs().front().checkpoint.history.epochs.size());
    };
    QTRY_VERIFY_WITH_TIMEOUT(epochs() >= 1, kComputeTimeoutMs);
    QCOMPARE(panel->runNames(), QStringList{"live run"});
    const int seen = epochs();
    QTRY_VERIFY_WITH_TIMEOUT(epochs() > seen, kComputeTimeoutMs);
    QVERIFY(w.isTraining());
    w.stopTraining();
    QVERIFY(ended.count() == 1 || ended.wait(kComputeTimeoutMs));
  }

  void slidersDecodeEveryRun() {
    ADD_AND_WAIT(a_);
    ADD_AND_WAIT(wide_);
    SETTLED(3);
    QCOMPARE(panel_->sliders()->dimensions(), 4);  // the first run's latent size
    const QImage live = panel_->decodedView()->image(0), alpha = panel_->decodedView()->image(1),
                 wide = panel_->decodedView()->image(2);
    QVERIFY(!live.isNull() && !alpha.isNull());
    QVERIFY2(panel_->notFollowingText().contains("wide"), qPrintable(panel_->notFollowingText()));
    QVERIFY2(!panel_->notFollowingText().contains("alpha"), qPrintable(panel_->notFollowingText()));
    panel_->sliders()->setValue(0, 2.5);
    panel_->sliders()->setValue(1, -2.5);
    QTRY_VERIFY_WITH_TIMEOUT(panel_->decodedView()->image(0) != live, kComputeTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(panel_->decodedView()->image(1) != alpha, kComputeTimeoutMs);
    QCOMPARE(panel_->decodedView()->image(2), wide);  // the stand-in of a run that does not follow
    // Beside the sliders: the first following run's held-out KL per dimension, named.
    QCOMPARE(panel_->sliders()->kl().size(), 4);
    QVERIFY2(panel_->sliders()->summaryText().contains("active"), qPrintable(panel_->sliders()->summaryText()));
    QVERIFY2(panel_->slidersNoteText().contains("KL per dimension of live run"), qPrintable(panel_->slidersNoteText()));
  }

  // The same file twice is two runs with two names: legend, list, table and captions tell them apart, as the
  // CLI does.
  void sameNameTwiceGetsItsPosition() {
    ADD_AND_WAIT(a_);
    ADD_AND_WAIT(a_);
    SETTLED(3);
    QCOMPARE(panel_->runNames(), (QStringList{"live run", "alpha", "alpha (3)"}));
    QCOMPARE(tableNames(panel_->table()), (QStringList{"live run", "alpha", "alpha (3)"}));
    QVERIFY(legendHas(panel_, "alpha (3)"));
  }
};

QTEST_MAIN(TestComparePanel)
#include "test_comparepanel.moc"
