#include "app/core/runwatcher.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

namespace vae {

RunWatcher::RunWatcher(QObject* parent) : QObject(parent) {
  fsWatcher_ = new QFileSystemWatcher(this);
  debounce_ = new QTimer(this);
  debounce_->setSingleShot(true);
  debounce_->setInterval(kDebounceMs);
  poll_ = new QTimer(this);
  poll_->setInterval(kPollMs);
  connect(fsWatcher_, &QFileSystemWatcher::fileChanged, this, &RunWatcher::onNotification);
  connect(fsWatcher_, &QFileSystemWatcher::directoryChanged, this, &RunWatcher::onNotification);
  connect(debounce_, &QTimer::timeout, this, &RunWatcher::onSettled);
  connect(poll_, &QTimer::timeout, this, &RunWatcher::onPoll);
}

RunWatcher::~RunWatcher() = default;

void RunWatcher::watch(const QString& path) {
  stop();
  path_ = QFileInfo(path).absoluteFilePath();
  reported_ = current();
  rearm();
  poll_->start();
}

void RunWatcher::stop() {
  debounce_->stop();
  poll_->stop();
  const QStringList watched = fsWatcher_->files() + fsWatcher_->directories();
  if (!watched.isEmpty()) fsWatcher_->removePaths(watched);
  path_.clear();
  reported_ = Signature();
}

void RunWatcher::setNotificationsEnabled(bool enabled) {
  notifications_ = enabled;
  if (isWatching()) rearm();
}

void RunWatcher::setPollInterval(int ms) { poll_->setInterval(ms); }

RunWatcher::Signature RunWatcher::current() const {
  const QFileInfo info(path_);  // a fresh QFileInfo: no cached stat
  Signature s;
  s.exists = info.exists();
  if (s.exists) {
    s.size = info.size();
    s.modified = info.lastModified();
    s.metadataChanged = info.metadataChangeTime();
  }
  return s;
}

void RunWatcher::rearm() {
  const QStringList watched = fsWatcher_->files() + fsWatcher_->directories();
  if (!watched.isEmpty()) fsWatcher_->removePaths(watched);
  if (!notifications_ || path_.isEmpty()) return;
  const QFileInfo info(path_);
  // Removed and added again: a path Qt still lists may be bound to the replaced file's old inode.
  if (info.exists()) fsWatcher_->addPath(path_);
  if (info.absoluteDir().exists()) fsWatcher_->addPath(info.absolutePath());
}

void RunWatcher::onNotification() {
  if (!isWatching()) return;
  rearm();
  // Not restarted by later events: a writer that keeps writing must not postpone the check forever.
  if (!debounce_->isActive()) debounce_->start();
}

void RunWatcher::onPoll() {
  // A directory that did not exist at watch() gets its notifications once it appears.
  if (notifications_ && fsWatcher_->directories().isEmpty() && QFileInfo(path_).absoluteDir().exists()) rearm();
  if (current() == reported_) return;
  // The directory may have appeared since watch(), or the notifications were lost with the inode.
  rearm();
  if (!debounce_->isActive()) debounce_->start();
}

void RunWatcher::onSettled() {
  if (!isWatching()) return;
  const Signature now = current();
  if (now == reported_) return;  // another file of the directory changed
  reported_ = now;
  Q_EMIT changed();
}

}  // namespace vae
