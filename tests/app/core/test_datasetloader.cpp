#include "app/core/datasetloader.h"

#include <QSignalSpy>
#include <QtTest>

using vae::DatasetLoader;

namespace {
constexpr int kWaitMs = 30000;
}  // namespace

class TestDatasetLoader : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void loadsOffTheGuiThread() {
    DatasetLoader loader;
    QSignalSpy loaded(&loader, &DatasetLoader::loaded);
    loader.load(QStringLiteral("shapes:28:600"));
    QVERIFY(loader.isLoading());
    QVERIFY(loaded.wait(kWaitMs));
    QCOMPARE(loaded.first().first().toString(), QStringLiteral("shapes:28:600"));
    QVERIFY(!loader.isLoading());
  }

  void theNewestRequestWins() {
    DatasetLoader loader;
    QSignalSpy loaded(&loader, &DatasetLoader::loaded);
    QSignalSpy loading(&loader, &DatasetLoader::loading);
    loader.load(QStringLiteral("shapes:28:600"));
    loader.load(QStringLiteral("shapes:28:1200"));
    loader.load(QStringLiteral("shapes:28:300"));
    QCOMPARE(loading.last().at(1).toString(), QStringLiteral("shapes:28:600"));  // waits after the running one
    QVERIFY(loaded.wait(kWaitMs));
    QTest::qWait(200);
    QCOMPARE(loaded.count(), 1);  // the first result was replaced, the middle request never ran
    QCOMPARE(loaded.first().first().toString(), QStringLiteral("shapes:28:300"));
  }

  void aBadSpecFailsInOneLine() {
    DatasetLoader loader;
    QSignalSpy failed(&loader, &DatasetLoader::failed);
    loader.load(QStringLiteral("idx:/no/such/file"));
    QVERIFY(failed.wait(kWaitMs));
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("/no/such/file")) && !message.contains('\n'), qPrintable(message));
  }
};

QTEST_MAIN(TestDatasetLoader)
#include "test_datasetloader.moc"
