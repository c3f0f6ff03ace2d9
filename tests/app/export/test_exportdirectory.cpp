// Where export dialogs start: the folder last saved to, else Documents, else home (a fresh account may have no
// Documents folder: a GUI walk's first export failed there with "No such file or directory").
#include "app/export/exportfiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

class TestExportDirectory : public QObject {
  Q_OBJECT

  QTemporaryDir home_;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(home_.isValid());
    // A fresh account: its own home, no user-dirs file, no settings.
    qputenv("HOME", home_.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", QDir(home_.path()).filePath(".config").toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("vae-studio-test"));
    QSettings().clear();
  }

  void withoutDocumentsItIsHome() { QCOMPARE(vae::lastExportDirectory(), QDir::homePath()); }

  void documentsWhenItExists() {
    QVERIFY(QDir(home_.path()).mkpath(QStringLiteral("Documents")));
    QCOMPARE(vae::lastExportDirectory(), QDir(home_.path()).filePath(QStringLiteral("Documents")));
  }

  void theFolderLastSavedTo() {
    const QString folder = QDir(home_.path()).filePath(QStringLiteral("exports"));
    QVERIFY(QDir().mkpath(folder));
    vae::rememberExportDirectory(QDir(folder).filePath(QStringLiteral("grid.png")));
    QCOMPARE(vae::lastExportDirectory(), folder);
  }
};

QTEST_GUILESS_MAIN(TestExportDirectory)
#include "test_exportdirectory.moc"
