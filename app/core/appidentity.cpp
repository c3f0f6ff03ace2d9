#include "app/core/appidentity.h"

#include "app/core/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QSettings>
#include <QStandardPaths>

namespace vae {

namespace {
// Without spaces: paths in shells, scripts and bug reports need no quoting. Organisation and application share the
// name, so QSettings writes vae-studio/vae-studio.conf.
const char* const kIdentityName = "vae-studio";
const char* const kDomain = "vae-studio.org";
const char* const kDisplayName = "VAE Studio";
// The names used before one identity for GUI and CLI; the GUI's settings and app data live under them.
const char* const kLegacyName = "VAE Studio";

// ~/.config/VAE Studio/VAE Studio.conf: where QSettings put the GUI's settings under the old names.
QString legacySettingsPath() {
  const QString name = QString::fromLatin1(kLegacyName);
  return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
      .filePath(name + QLatin1Char('/') + name + QStringLiteral(".conf"));
}

// ~/.local/share/VAE Studio/VAE Studio: AppDataLocation under the old names.
QString legacyAppDataPath() {
  const QString name = QString::fromLatin1(kLegacyName);
  return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)).filePath(name + QLatin1Char('/') + name);
}

int copySettings(const QString& from) {
  const QSettings legacy(from, QSettings::IniFormat);
  QSettings settings;
  const QStringList keys = legacy.allKeys();
  for (const QString& key : keys) settings.setValue(key, legacy.value(key));
  settings.sync();
  return static_cast<int>(keys.size());
}

int copyTree(const QString& from, const QString& to) {
  int copied = 0;
  QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString file = it.next();
    const QString target = QDir(to).filePath(QDir(from).relativeFilePath(file));
    QDir().mkpath(QFileInfo(target).absolutePath());
    if (QFile::copy(file, target))
      ++copied;
    else
      qCWarning(lcSettings) << "could not copy" << file << "to" << target;
  }
  return copied;
}
}  // namespace

void setApplicationIdentity() {
  QCoreApplication::setOrganizationName(QString::fromLatin1(kIdentityName));
  QCoreApplication::setOrganizationDomain(QString::fromLatin1(kDomain));
  QCoreApplication::setApplicationName(QString::fromLatin1(kIdentityName));
  QCoreApplication::setApplicationVersion(QStringLiteral(VAE_STUDIO_VERSION));
  QGuiApplication::setApplicationDisplayName(QString::fromLatin1(kDisplayName));
}

QString settingsFilePath() { return QSettings().fileName(); }

LegacyMigration migrateLegacySettings() {
  LegacyMigration done;
  qCDebug(lcSettings) << "settings file" << settingsFilePath();
  const QString oldSettings = legacySettingsPath();
  if (!QFileInfo::exists(settingsFilePath()) && QFileInfo::exists(oldSettings)) {
    done.settingsKeys = copySettings(oldSettings);
    qCDebug(lcSettings) << "copied" << done.settingsKeys << "settings from" << oldSettings << "to" << settingsFilePath();
  }
  const QString oldData = legacyAppDataPath();
  const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  if (!QFileInfo::exists(data) && QFileInfo(oldData).isDir()) {
    done.dataFiles = copyTree(oldData, data);
    QDir().mkpath(data);  // also when the old folder was empty: the migration happens once
    qCDebug(lcSettings) << "copied" << done.dataFiles << "app data files from" << oldData << "to" << data;
  }
  return done;
}

}  // namespace vae
