// GUI autosave after a real crash: a separate GUI process (this binary, re-executed with --autosave-child)
// trains in a MainWindow until it has autosaved, is SIGKILLed, and a new MainWindow in this process, with
// the same settings and app data directory (XDG_* of a throw-away directory, shared by both processes),
// must offer the autosave and restore exactly what it holds.
#include "app/gui/explorepanel.h"
#include "app/core/appidentity.h"
#include "app/core/latentdecoder.h"
#include "app/core/rundocument.h"
#include "app/gui/mainwindow.h"
#include "app/core/trainingtypes.h"
#include "app/core/trainingworker.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"
#include "widgets/lossplot.h"
#include "widgets/modelpanel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <memory>
#include "tests/support/smallrun.h"
#include "tests/support/windowtest.h"

using vae::MainWindow;
using vae::RunDocument;
using vae::test::buttonOf;
using vae::test::useSmallModel;

namespace {
// argv[1] of the child GUI process; argv[2] is its mode, argv[3] the run to continue ("saved" mode).
const char* kChildFlag = "--autosave-child";
// A new, unsaved run trained from the panel settings.
const char* kChildUnsaved = "unsaved";
// A saved run opened and continued: its autosaves go to RUN.autosave.vaestudio.
const char* kChildSaved = "saved";
// Child exit codes when something other than the kill ends it (the parent reports them).
constexpr int kChildLoadFailed = 3;
constexpr int kChildTrainingEnded = 4;

const char* kShapesSpec = "shapes:28:600";
// The child trains far longer than it lives: only the kill ends it.
constexpr int kChildEpochs = 100000;
// Start-up (Qt, LibTorch, the dataset) plus a first epoch on a busy 2-core machine: generous.
constexpr int kAutosaveTimeoutMs = 60000;
constexpr int kLoadTimeoutMs = 30000;
constexpr int kTrainTimeoutMs = 20000;
// The autosave is rewritten this many times before the kill, so the run is past its first epoch.
constexpr int kAutosavesBeforeKill = 2;
// After that, the kill waits a random moment up to this long: it lands mid-epoch or mid-write alike.
constexpr int kMaxExtraKillDelayMs = 300;

// The child: a real GUI session that trains until it is killed.
int runChild(const QString& mode, const QString& run) {
  MainWindow w;
  w.setShowErrorDialogs(false);  // nothing may wait for a click in a process nobody watches
  w.show();
  auto fail = [](int code, const QString& why) {
    std::fprintf(stderr, "autosave child: %s\n", qPrintable(why));
    QCoreApplication::exit(code);
  };
  QObject::connect(&w, &MainWindow::datasetFailed, &w, [&](const QString& m) { fail(kChildLoadFailed, m); });
  QObject::connect(&w, &MainWindow::checkpointFailed, &w, [&](const QString& m) { fail(kChildLoadFailed, m); });
  QObject::connect(&w, &MainWindow::trainingEnded, &w,
                   [&] { fail(kChildTrainingEnded, QStringLiteral("training ended before the kill")); });
  if (mode == QLatin1String(kChildUnsaved)) {
    QObject::connect(
        &w, &MainWindow::datasetLoaded, &w,
        [&w] {
          useSmallModel(w, kChildEpochs);
          w.startTraining();
        },
        Qt::SingleShotConnection);
    w.loadDataset(kShapesSpec);
  } else if (mode == QLatin1String(kChildSaved)) {
    // Opening the run loads its dataset next; Continue Training once that is there.
    QObject::connect(
        &w, &MainWindow::datasetLoaded, &w,
        [&w] {
          vae::ModelSettings s = w.modelPanel()->settings();
          s.epochs = kChildEpochs;
          w.modelPanel()->setSettings(s);
          w.startTraining();
        },
        Qt::SingleShotConnection);
    w.openCheckpoint(run);
  } else {
    std::fprintf(stderr, "autosave child: unknown mode %s\n", qPrintable(mode));
    return 2;
  }
  return QApplication::exec();
}

// The temp files a killed atomic write leaves beside path (model/atomicfile.cpp: ".NAME.tmp-XXXXXX").
QStringList writerTempFiles(const QString& path) {
  const QFileInfo info(path);
  return info.absoluteDir().entryList({QLatin1Char('.') + info.fileName() + QStringLiteral(".tmp-*")},
                                      QDir::Files | QDir::Hidden);
}

// A 4-dim model trained one epoch on the test shapes, saved as a run the child can continue.
bool writeSavedRun(const QString& path) {
  vae::test::trainedCheckpoint(kShapesSpec, /*epochs=*/1, /*hidden=*/64).save(path.toStdString());
  return QFileInfo::exists(path);
}
}  // namespace

class TestAutosaveKill : public QObject {
  Q_OBJECT

 private:
  // Starts a child GUI process in mode, waits until it has rewritten autosave kAutosavesBeforeKill times
  // (epoch ends of a live run) and a random moment more, SIGKILLs it and returns the autosave it left.
  // An empty *autosave means an Untitled run's, whose name the child chooses: the one that appears in
  // RunDocument::unsavedAutosaveDir(), returned in *autosave.
  // Test failures are recorded with QVERIFY; the caller checks QTest::currentTestFailed().
  void trainAndKill(const QString& mode, const QString& run, QString* autosavePath, vae::Checkpoint* left) {
    const bool untitled = autosavePath->isEmpty();
    if (untitled) {
      for (const QString& old : RunDocument::unsavedAutosaves()) QFile::remove(old);
    } else {
      QFile::remove(*autosavePath);
    }
    QString& autosave = *autosavePath;
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(), {QString::fromLatin1(kChildFlag), mode, run});
    QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));

    QElapsedTimer timer;
    timer.start();
    QDateTime lastWrite;
    int writes = 0;
    while (writes < kAutosavesBeforeKill && timer.elapsed() < kAutosaveTimeoutMs &&
           child.state() == QProcess::Running) {
      if (untitled && autosave.isEmpty()) autosave = RunDocument::unsavedAutosaves().value(0);
      const QFileInfo info(autosave);
      if (info.exists() && info.lastModified() != lastWrite) {
        lastWrite = info.lastModified();
        ++writes;
      }
      QTest::qWait(5);
    }
    QVERIFY2(child.state() == QProcess::Running,
             qPrintable(QStringLiteral("the child exited by itself with code %1").arg(child.exitCode())));
    QVERIFY2(writes >= kAutosavesBeforeKill, qPrintable(QStringLiteral("%1 autosaves seen").arg(writes)));
    QTest::qWait(QRandomGenerator::global()->bounded(kMaxExtraKillDelayMs));
    QVERIFY(child.state() == QProcess::Running);
    child.kill();  // SIGKILL: no close event, no cleanup
    QVERIFY(child.waitForFinished(kLoadTimeoutMs));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    // The atomic writer never leaves a partial file under the final name.
    try {
      *left = vae::Checkpoint::load(autosave.toStdString());
    } catch (const std::exception& e) {
      QFAIL(qPrintable(QStringLiteral("the autosave left by the killed process does not load: %1").arg(e.what())));
    }
    QVERIFY(left->epoch >= 1);
    QVERIFY(left->globalStep > 0);
    QCOMPARE(static_cast<int64_t>(left->history.steps.size()), left->globalStep);
    qInfo("killed after %lld ms; autosave at epoch %lld, step %lld; %lld writer temp file(s) left",
          static_cast<long long>(timer.elapsed()), static_cast<long long>(left->epoch),
          static_cast<long long>(left->globalStep), static_cast<long long>(writerTempFiles(autosave).size()));
  }

  // The window shows exactly the autosave: its steps and epochs in the plot, its weights in the explorer.
  void verifyShowsCheckpoint(MainWindow& w, const vae::Checkpoint& c) {
    QCOMPARE(w.lossPlot()->stepCount(), static_cast<int>(c.history.steps.size()));
    QCOMPARE(w.lossPlot()->testPointCount(), static_cast<int>(c.history.epochs.size()));
    vae::LatentDecoder* decoder = w.explorePanel()->decoder();
    QVERIFY(decoder->hasModel());
    QCOMPARE(decoder->step(), static_cast<qint64>(c.globalStep));
    vae::LatentDecoder reference;
    reference.setCheckpoint(c);
    QCOMPARE(decoder->latentDim(), reference.latentDim());
    const QVector<double> z(reference.latentDim(), 0.5);
    QCOMPARE(decoder->decode(z), reference.decode(z));
  }

  // Continue Training goes on from the step after the checkpoint's.
  void verifyContinuesAfter(MainWindow& w, const vae::Checkpoint& c) {
    QTRY_VERIFY_WITH_TIMEOUT(w.dataset() != nullptr && !w.isLoading(), kLoadTimeoutMs);
    w.startTraining();
    QVERIFY(w.isTraining());
    QSignalSpy steps(w.trainingWorker(), &vae::TrainingWorker::stepsReady);
    QVERIFY(steps.wait(kTrainTimeoutMs));
    const auto first = steps.at(0).at(0).value<vae::StepBatch>();
    QVERIFY(!first.step.isEmpty());
    QCOMPARE(static_cast<qint64>(first.step.first()), static_cast<qint64>(c.globalStep + 1));
  }

 private Q_SLOTS:
  // A crashed unsaved run: the next session offers its autosave; Restore brings back that run, which
  // trains on from where it was, and its next autosave sweeps away what a killed write left behind.
  void unsavedRunIsRestoredAfterAKill() {
    QString autosave;
    vae::Checkpoint left;
    trainAndKill(kChildUnsaved, QString(), &autosave, &left);
    if (QTest::currentTestFailed()) return;

    MainWindow w;  // dialogs on, as in a real session
    QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
    w.offerAutosaveRestore();
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = w.findChild<QMessageBox*>()) != nullptr);
    QCOMPARE(question->windowTitle(), QString("Restore Unsaved Run?"));
    QAbstractButton* restore = buttonOf(question, "Restore");
    QVERIFY(restore);
    QTest::mouseClick(restore, Qt::LeftButton);
    QVERIFY(opened.wait(kLoadTimeoutMs));
    verifyShowsCheckpoint(w, left);
    QVERIFY(w.runPath().isEmpty());  // still unsaved: Save asks for a path
    QVERIFY(w.isWindowModified());

    // A write killed mid-way leaves ".NAME.tmp-XXXXXX" beside the autosave; plant one for certain.
    const QFileInfo autosaveInfo(autosave);
    QFile stale(autosaveInfo.absoluteDir().filePath(QLatin1Char('.') + autosaveInfo.fileName() + ".tmp-Kil1ed"));
    QVERIFY(stale.open(QIODevice::WriteOnly));
    QVERIFY(stale.write(QByteArray(1000, 'x')) == 1000);
    stale.close();
    verifyContinuesAfter(w, left);
    if (QTest::currentTestFailed()) return;
    // The next epoch's autosave removes it (its writer is dead: nobody holds its lock).
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(stale.fileName()), kTrainTimeoutMs);
    w.stopTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!w.isTraining(), kTrainTimeoutMs);
    QVERIFY2(writerTempFiles(autosave).isEmpty(), qPrintable(writerTempFiles(autosave).join(' ')));
    const vae::Checkpoint next = vae::Checkpoint::load(autosave.toStdString());
    QVERIFY(next.globalStep > left.globalStep);  // the restored run went on autosaving
  }

  // Discard after a crash: the autosave is gone for good and the window starts empty.
  void unsavedRunDiscardedAfterAKillLeavesAFreshWindow() {
    QString autosave;
    vae::Checkpoint left;
    trainAndKill(kChildUnsaved, QString(), &autosave, &left);
    if (QTest::currentTestFailed()) return;

    {
      MainWindow w;
      QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
      w.offerAutosaveRestore();
      QMessageBox* question = nullptr;
      QTRY_VERIFY((question = w.findChild<QMessageBox*>()) != nullptr);
      QAbstractButton* discard = buttonOf(question, "Discard");
      QVERIFY(discard);
      QTest::mouseClick(discard, Qt::LeftButton);
      QTRY_VERIFY(!QFileInfo::exists(autosave));
      QTest::qWait(200);  // a restore would start loading now
      QCOMPARE(opened.count(), 0);
      QCOMPARE(w.lossPlot()->stepCount(), 0);
      QVERIFY(!w.explorePanel()->decoder()->hasModel());
      QCOMPARE(w.trainingWorker(), nullptr);
      QVERIFY(w.runPath().isEmpty());
      QVERIFY(!w.isWindowModified());
      QVERIFY(!w.isTraining());
    }
    MainWindow next;  // and it is not offered again
    next.offerAutosaveRestore();
    QTest::qWait(100);
    QCOMPARE(next.findChild<QMessageBox*>(), nullptr);
  }

  // A saved run continued in a session that was killed: opening the run offers its newer autosave.
  // "Open Autosave" gives the autosave's state under the run's own path; "Open Saved File" the file's.
  void savedRunOffersItsNewerAutosaveAfterAKill() {
    QTemporaryDir dir;
    const QString run = dir.filePath("run.vaestudio");
    QVERIFY(writeSavedRun(run));
    const vae::Checkpoint saved = vae::Checkpoint::load(run.toStdString());
    QString autosave = RunDocument::autosavePathFor(run);
    vae::Checkpoint left;
    trainAndKill(kChildSaved, run, &autosave, &left);
    if (QTest::currentTestFailed()) return;
    QVERIFY(left.globalStep > saved.globalStep);  // the child continued the run
    QCOMPARE(RunDocument::newerAutosaveFor(run), QFileInfo(autosave).absoluteFilePath());

    {
      MainWindow w;
      QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
      w.openCheckpoint(run);
      QMessageBox* question = nullptr;
      QTRY_VERIFY((question = w.findChild<QMessageBox*>()) != nullptr);
      QCOMPARE(question->windowTitle(), QString("Open Newer Autosave?"));
      QAbstractButton* useAutosave = buttonOf(question, "Open Autosave");
      QVERIFY(useAutosave);
      QTest::mouseClick(useAutosave, Qt::LeftButton);
      QVERIFY(opened.wait(kLoadTimeoutMs));
      QCOMPARE(opened.at(0).at(0).toString(), QFileInfo(autosave).absoluteFilePath());
      verifyShowsCheckpoint(w, left);
      QCOMPARE(w.runPath(), run);  // saving goes to the run, not to the autosave
      QVERIFY(w.isWindowModified());
      verifyContinuesAfter(w, left);
      if (QTest::currentTestFailed()) return;
      w.stopTraining();
      w.setShowErrorDialogs(false);
    }
    // The window was closed unsaved: its autosave is newer still, and the saved file stays openable.
    MainWindow w;
    QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
    w.openCheckpoint(run);
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = w.findChild<QMessageBox*>()) != nullptr);
    QAbstractButton* useSaved = buttonOf(question, "Open Saved File");
    QVERIFY(useSaved);
    QTest::mouseClick(useSaved, Qt::LeftButton);
    QVERIFY(opened.wait(kLoadTimeoutMs));
    QCOMPARE(opened.at(0).at(0).toString(), run);
    verifyShowsCheckpoint(w, saved);
    QVERIFY(!w.isWindowModified());
  }
};

int main(int argc, char** argv) {
  const bool child = argc >= 3 && std::strcmp(argv[1], kChildFlag) == 0;
  // Settings and app data of both processes in one throw-away place: the child inherits the environment.
  std::unique_ptr<QTemporaryDir> home;
  if (!child) {
    home = std::make_unique<QTemporaryDir>();
    if (!home->isValid()) return 1;
    qputenv("XDG_DATA_HOME", QFile::encodeName(home->filePath("data")));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home->filePath("config")));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(home->filePath("cache")));
  }
  QApplication app(argc, argv);
  vae::setApplicationIdentity();
  if (child) return runChild(QString::fromLocal8Bit(argv[2]), argc > 3 ? QString::fromLocal8Bit(argv[3]) : QString());
  QDir().mkpath(RunDocument::unsavedAutosaveDir());
  TestAutosaveKill test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_autosave_kill.moc"
