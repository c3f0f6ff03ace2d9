// One identity for the GUI and the CLI: both resolve the same settings file, without spaces, and the settings and app
// data written under the old names ("VAE Studio") are copied once.
#include "app/core/appidentity.h"
#include "app/core/logging.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <iostream>
#include <memory>

namespace {
// Run as a child with this flag, the test prints the settings file a CLI command (a QCoreApplication) resolves.
constexpr char kCliChildFlag[] = "--print-cli-settings-file";

QString configHome() { return qEnvironmentVariable("XDG_CONFIG_HOME"); }
QString dataHome() { return qEnvironmentVariable("XDG_DATA_HOME"); }

void writeFile(const QString& path, const QByteArray& bytes) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(bytes);
}

// Starts every migration test from nothing: neither old nor new settings and data.
void removeAll() {
  for (const QString& dir : {configHome(), dataHome()}) {
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
  }
}
}  // namespace

class TestAppIdentity : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void guiAndCliResolveTheSameSettingsFile() {
    const QString gui = vae::settingsFilePath();  // this process is a QApplication, like the GUI
    QProcess cli;
    cli.start(QCoreApplication::applicationFilePath(), {QString::fromLatin1(kCliChildFlag)});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(QString::fromLocal8Bit(cli.readAllStandardOutput()).trimmed(), gui);
    QCOMPARE(gui, configHome() + QStringLiteral("/vae-studio/vae-studio.conf"));
    QVERIFY(!gui.contains(QLatin1Char(' ')));
    QCOMPARE(QGuiApplication::applicationDisplayName(), QStringLiteral("VAE Studio"));
  }

  void migrationCopiesLegacySettingsOnce() {
    removeAll();
    {
      QSettings legacy(configHome() + QStringLiteral("/VAE Studio/VAE Studio.conf"), QSettings::IniFormat);
      legacy.setValue(QStringLiteral("recentFiles"), QStringList{QStringLiteral("/runs/a.vaestudio")});
      legacy.setValue(QStringLiteral("window/geometry"), QByteArray("\x01\x02\x03", 3));
    }
    const vae::LegacyMigration first = vae::migrateLegacySettings();
    QCOMPARE(first.settingsKeys, 2);
    QSettings settings;
    settings.sync();
    QCOMPARE(settings.value(QStringLiteral("recentFiles")).toStringList(), QStringList{"/runs/a.vaestudio"});
    QCOMPARE(settings.value(QStringLiteral("window/geometry")).toByteArray(), QByteArray("\x01\x02\x03", 3));

    // Once: what the user changes under the new name is never overwritten by the old file again.
    settings.setValue(QStringLiteral("recentFiles"), QStringList{QStringLiteral("/runs/b.vaestudio")});
    settings.sync();
    QCOMPARE(vae::migrateLegacySettings().settingsKeys, 0);
    settings.sync();
    QCOMPARE(settings.value(QStringLiteral("recentFiles")).toStringList(), QStringList{"/runs/b.vaestudio"});
  }

  void migrationCopiesLegacyPresetsAndAutosaves() {
    removeAll();
    const QString legacy = dataHome() + QStringLiteral("/VAE Studio/VAE Studio");
    writeFile(legacy + QStringLiteral("/presets.json"), "{\"format\":\"vae-studio-presets\"}");
    writeFile(legacy + QStringLiteral("/unsaved/untitled-1.vaestudio.autosave"), "run");
    QCOMPARE(vae::migrateLegacySettings().dataFiles, 2);
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QCOMPARE(data, dataHome() + QStringLiteral("/vae-studio/vae-studio"));
    QVERIFY(QFile::exists(data + QStringLiteral("/presets.json")));
    QVERIFY(QFile::exists(data + QStringLiteral("/unsaved/untitled-1.vaestudio.autosave")));
    QVERIFY(QFile::exists(legacy + QStringLiteral("/presets.json")));  // an older version still finds its files
    QCOMPARE(vae::migrateLegacySettings().dataFiles, 0);
  }

  // QT_LOGGING_RULES="vae.*.debug=true" (README "Settings and diagnostics") turns on every area's debug output;
  // without a rule only warnings show.
  void loggingCategoriesFollowRules() {
    if (qEnvironmentVariableIsSet("QT_LOGGING_RULES")) QSKIP("QT_LOGGING_RULES overrides the rules set here");
    const QList<const QLoggingCategory*> categories = {&vae::lcTraining(), &vae::lcData(),  &vae::lcExport(),
                                                       &vae::lcGui(),      &vae::lcBlas(),  &vae::lcSettings()};
    for (const QLoggingCategory* c : categories) {
      QVERIFY2(QByteArray(c->categoryName()).startsWith("vae."), c->categoryName());
      QVERIFY(c->isWarningEnabled());
      QVERIFY2(!c->isDebugEnabled(), c->categoryName());
    }
    QLoggingCategory::setFilterRules(QStringLiteral("vae.*.debug=true"));
    for (const QLoggingCategory* c : categories) QVERIFY2(c->isDebugEnabled(), c->categoryName());
    QLoggingCategory::setFilterRules(QString());
    QVERIFY(!vae::lcData().isDebugEnabled());
  }

  void noLegacyFilesNoMigration() {
    removeAll();
    const vae::LegacyMigration done = vae::migrateLegacySettings();
    QCOMPARE(done.settingsKeys, 0);
    QCOMPARE(done.dataFiles, 0);
  }
};

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], kCliChildFlag) == 0) {
    vae::setApplicationIdentity();
    QCoreApplication app(argc, argv);  // what every CLI command without widgets constructs
    std::cout << vae::settingsFilePath().toStdString() << std::endl;
    return 0;
  }
  // Settings and app data in a throw-away place; the child inherits the environment.
  QTemporaryDir home;
  if (!home.isValid()) return 1;
  qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath(QStringLiteral("config"))));
  qputenv("XDG_DATA_HOME", QFile::encodeName(home.filePath(QStringLiteral("data"))));
  vae::setApplicationIdentity();
  QApplication app(argc, argv);
  TestAppIdentity test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_appidentity.moc"
