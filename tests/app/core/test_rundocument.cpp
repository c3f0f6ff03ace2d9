#include "app/core/rundocument.h"
#include "app/core/trainingcontroller.h"
#include "app/core/trainingtypes.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/smallrun.h"

using vae::RunDocument;
using vae::TrainingController;

namespace {
constexpr int kWaitMs = 30000;
constexpr const char* kSpec = "shapes:28:600";

vae::TrainingSetup smallSetup(int epochs) {
  vae::TrainingSetup s;
  s.datasetSpec = QString::fromLatin1(kSpec);
  s.data = std::make_shared<const vae::DatasetSplit>(vae::test::smallShapes());
  s.model = vae::test::smallModel();
  s.train = vae::test::smallTraining(epochs);
  return s;
}
}  // namespace

class TestRunDocument : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;

  QString savedRun(const QString& name) {
    const QString path = dir_.filePath(name);
    vae::test::trainedCheckpoint(kSpec).save(path.toStdString());
    return path;
  }

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
  }

  void titlesFollowTheRun() {
    TrainingController training;
    RunDocument doc(&training);
    QCOMPARE(doc.title(), QStringLiteral("VAE Studio"));
    doc.startNewRun(kSpec);
    QCOMPARE(doc.title(), QStringLiteral("Untitled[*] — VAE Studio"));
    QVERIFY(doc.isModified());
    QCOMPARE(doc.datasetSpec(), QString::fromLatin1(kSpec));
    const QString first = doc.autosavePath();
    QVERIFY(RunDocument::isUnsavedAutosave(first));
    QCOMPARE(doc.autosavePath(), first);  // one file per run
    doc.closeRun();
    QCOMPARE(doc.title(), QStringLiteral("VAE Studio"));
    QVERIFY(!doc.hasRun() && !doc.isModified() && doc.datasetSpec().isEmpty());
  }

  // Each Untitled run autosaves to a file of its own: a new run never writes over the previous run's.
  void aNewRunNeverOverwritesAnotherRunsAutosave() {
    TrainingController training;
    RunDocument doc(&training);
    QSignalSpy ended(&training, &TrainingController::ended);
    QSignalSpy autosaved(&doc, &RunDocument::autosaved);
    doc.startNewRun(kSpec);
    training.start(smallSetup(1));
    QVERIFY(ended.wait(kWaitMs));
    doc.requestAutosave();
    QVERIFY(autosaved.count() == 1 || autosaved.wait(kWaitMs));
    const QString firstAutosave = autosaved.first().first().toString();
    const QByteArray firstBytes = [&] {
      QFile f(firstAutosave);
      return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    QVERIFY(!firstBytes.isEmpty());

    doc.startNewRun(kSpec);
    training.start(smallSetup(1));
    QVERIFY(ended.wait(kWaitMs));
    doc.requestAutosave();
    QVERIFY(autosaved.count() == 2 || autosaved.wait(kWaitMs));
    const QString secondAutosave = autosaved.at(1).first().toString();
    QVERIFY(secondAutosave != firstAutosave);
    QFile first(firstAutosave);
    QVERIFY(first.open(QIODevice::ReadOnly));
    QCOMPARE(first.readAll(), firstBytes);  // untouched
    QVERIFY(RunDocument::unsavedAutosaves().contains(firstAutosave));
    QCOMPARE(RunDocument::unsavedAutosaves().value(0), secondAutosave);  // newest first
    doc.discardAutosave();
    QVERIFY(!QFile::exists(secondAutosave));
    QVERIFY(QFile::exists(firstAutosave));  // the user discarded this run only
    QFile::remove(firstAutosave);
  }

  // A run that ended here stays the document: its final state is what Start continues.
  void anEndedRunIsKeptToContinue() {
    TrainingController training;
    RunDocument doc(&training);
    QSignalSpy ended(&training, &TrainingController::ended);
    doc.startNewRun(kSpec);
    QVERIFY(!doc.openedRun());
    training.start(smallSetup(2));
    QVERIFY(ended.wait(kWaitMs));
    const vae::CheckpointPtr kept = doc.openedRun();
    QVERIFY(kept);
    QCOMPARE(kept->epoch, int64_t{2});
    QCOMPARE(kept->globalStep, int64_t{2 * 500 / 50});  // 500 training images, batches of 50
    QVERIFY(doc.isModified());  // still unsaved work
    QVERIFY(doc.path().isEmpty());
    // A run replaced or shut down is not kept.
    training.shutdown();
    QCOMPARE(doc.openedRun(), kept);
    doc.closeRun();
    QVERIFY(!doc.openedRun());
  }

  void openingReadsOffTheGuiThreadAndNamesTheRun() {
    TrainingController training;
    RunDocument doc(&training);
    const QString path = savedRun("opened.vaestudio");
    QSignalSpy opened(&doc, &RunDocument::opened);
    doc.open(path, path, false);
    QVERIFY(doc.isOpening());
    QVERIFY(opened.wait(kWaitMs));
    QVERIFY(doc.openedRun());
    QCOMPARE(doc.path(), path);
    QVERIFY(!doc.isModified());
    QCOMPARE(doc.title(), QStringLiteral("opened[*] — VAE Studio"));
    QCOMPARE(RunDocument::recentFiles().value(0), path);
    QCOMPARE(doc.autosavePath(), dir_.filePath("opened.autosave.vaestudio"));
  }

  void aBrokenFileFailsInOneLine() {
    TrainingController training;
    RunDocument doc(&training);
    const QString path = dir_.filePath("broken.vaestudio");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a checkpoint");
    file.close();
    QSignalSpy failed(&doc, &RunDocument::openFailed);
    doc.open(path, path, false);
    QVERIFY(failed.wait(kWaitMs));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.startsWith(path) && !message.contains('\n'), qPrintable(message));
    QVERIFY(!doc.hasRun());
  }

  void savingAnOpenedRunMakesItTheRunsFile() {
    TrainingController training;
    RunDocument doc(&training);
    const QString source = savedRun("source.vaestudio");
    QSignalSpy opened(&doc, &RunDocument::opened);
    doc.open(source, QString(), /*modified=*/true);  // a restored Untitled autosave
    QVERIFY(opened.wait(kWaitMs));
    QVERIFY(doc.path().isEmpty());
    QSignalSpy saved(&doc, &RunDocument::saved);
    const QString target = dir_.filePath("copy.vaestudio");
    QVERIFY(doc.save(target));
    QVERIFY(saved.wait(kWaitMs));
    QCOMPARE(doc.path(), target);
    QVERIFY(!doc.isModified());
    QVERIFY(QFile::exists(target));
  }

  void nothingToSaveSaysSo() {
    TrainingController training;
    RunDocument doc(&training);
    QVERIFY(!doc.save(dir_.filePath("nothing.vaestudio")));
  }

  void aWatchStoppedLeavesTheRunUntitled() {
    TrainingController training;
    RunDocument doc(&training);
    const QString path = savedRun("watched.vaestudio");
    QSignalSpy version(&doc, &RunDocument::watchedVersion);
    doc.watch(path);
    QVERIFY(version.wait(kWaitMs));
    QVERIFY(version.first().at(3).toBool());  // the first version
    QCOMPARE(doc.path(), path);
    QCOMPARE(doc.title(), QStringLiteral("watched[*] — watching — VAE Studio"));
    doc.stopWatching();
    QVERIFY(!doc.isWatching());
    QVERIFY(doc.openedRun());
    // The file is the other process's: Save must ask for a path instead of writing over it.
    QVERIFY(doc.path().isEmpty());
    QCOMPARE(doc.title(), QStringLiteral("Untitled[*] — VAE Studio"));
  }
};

QTEST_MAIN(TestRunDocument)
#include "test_rundocument.moc"
