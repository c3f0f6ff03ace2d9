#include "app/core/runwatcher.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

using vae::RunWatcher;

namespace {
// A change is reported after the debounce; this leaves room for a busy machine.
constexpr int kReportTimeoutMs = 5000;
// Long enough that a report that should not come would have come (debounce 300 ms).
constexpr int kQuietMs = 900;
// Notifications only, unless a test asks for the poll.
constexpr int kNoPollMs = 600000;

bool writeFile(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return false;
  return file.write(bytes) == bytes.size();
}

// What `train --out` does: a temp file in the same directory, renamed over the path (a new inode).
bool replaceAtomically(const QString& path, const QByteArray& bytes) {
  const QString temp = path + QStringLiteral(".tmp");
  return writeFile(temp, bytes) &&
         std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) == 0;
}
}  // namespace

class TestRunWatcher : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void everyAtomicReplacementIsReported() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    QVERIFY(writeFile(path, "epoch 0"));
    RunWatcher watcher;
    watcher.setPollInterval(kNoPollMs);
    QSignalSpy changed(&watcher, &RunWatcher::changed);
    watcher.watch(path);
    QVERIFY(watcher.isWatching());
    // A file watch alone dies with the first rename; each of these must still be seen.
    for (int epoch = 1; epoch <= 3; ++epoch) {
      QVERIFY(replaceAtomically(path, QByteArray("epoch ") + QByteArray::number(epoch) + QByteArray(epoch, '.')));
      QVERIFY2(changed.wait(kReportTimeoutMs), qPrintable(QString("epoch %1").arg(epoch)));
      QCOMPARE(changed.count(), epoch);
    }
  }

  void aWritersBurstIsOneChange() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    QVERIFY(writeFile(path, "epoch 0"));
    RunWatcher watcher;
    watcher.setPollInterval(kNoPollMs);
    QSignalSpy changed(&watcher, &RunWatcher::changed);
    watcher.watch(path);
    QVERIFY(replaceAtomically(path, "epoch 1."));
    QVERIFY(replaceAtomically(path, "epoch 2.."));
    QVERIFY(changed.wait(kReportTimeoutMs));
    QTest::qWait(kQuietMs);
    QCOMPARE(changed.count(), 1);
  }

  void otherFilesOfTheDirectoryAreIgnored() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    QVERIFY(writeFile(path, "epoch 0"));
    RunWatcher watcher;
    watcher.setPollInterval(kNoPollMs);
    QSignalSpy changed(&watcher, &RunWatcher::changed);
    watcher.watch(path);
    QVERIFY(writeFile(dir.filePath("run.autosave.vaestudio"), "something else"));
    QVERIFY(replaceAtomically(dir.filePath("log.txt"), "rank 1 says hello"));
    QTest::qWait(kQuietMs);
    QCOMPARE(changed.count(), 0);
  }

  void deletionAndCreationAreChanges() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    RunWatcher watcher;
    watcher.setPollInterval(kNoPollMs);
    QSignalSpy changed(&watcher, &RunWatcher::changed);
    watcher.watch(path);  // not written yet
    QVERIFY(replaceAtomically(path, "epoch 1"));
    QVERIFY(changed.wait(kReportTimeoutMs));
    QVERIFY(QFile::remove(path));
    QVERIFY(changed.wait(kReportTimeoutMs));
    QCOMPARE(changed.count(), 2);
  }

  void thePollFindsChangesWithoutNotifications() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    QVERIFY(writeFile(path, "epoch 0"));
    RunWatcher watcher;
    watcher.setNotificationsEnabled(false);  // as on a network file system
    watcher.setPollInterval(100);
    QSignalSpy changed(&watcher, &RunWatcher::changed);
    watcher.watch(path);
    QTest::qWait(kQuietMs);
    QCOMPARE(changed.count(), 0);  // polling an unchanged file reports nothing
    QVERIFY(replaceAtomically(path, "epoch 1."));
    QVERIFY(changed.wait(kReportTimeoutMs));
    QCOMPARE(changed.count(), 1);
  }

  void stopEndsTheReports() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    QVERIFY(writeFile(path, "epoch 0"));
    RunWatcher watcher;
    watcher.setPollInterval(100);
    QSignalSpy changed(&watcher, &RunWatcher::changed);
    watcher.watch(path);
    watcher.stop();
    QVERIFY(!watcher.isWatching());
    QVERIFY(replaceAtomically(path, "epoch 1."));
    QTest::qWait(kQuietMs);
    QCOMPARE(changed.count(), 0);
  }
};

QTEST_GUILESS_MAIN(TestRunWatcher)
#include "test_runwatcher.moc"
