#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>

class QFileSystemWatcher;
class QTimer;

namespace vae {

// Watches one file that another process rewrites, such as the checkpoint a headless
// `vae-studio train --out RUN.vaestudio` (rank 0 of a data-parallel run) replaces after every epoch, and
// says when it changed. It only watches; the owner reads the file (off its thread) when told.
//
// Writers replace the file atomically (temp file, fsync, rename over the path). The rename gives the
// path a new inode, so a file watch alone is lost after the first update: the directory is watched too
// (it sees the rename) and the file is re-added after every event. Network file systems may send no
// notifications at all, so a slow poll compares the file's size and times as well.
//
// A writer's burst (temp file created, renamed, the old inode dropped) becomes one changed(), kDebounceMs
// after its first event; an event that left the file as it was (another file of the directory changed)
// is dropped. A deleted or not yet created file is a change too: the owner finds it unreadable and
// waits for the next one.
class RunWatcher : public QObject {
  Q_OBJECT

 public:
  // Long enough to cover a writer's create + rename burst, short enough to feel immediate.
  static constexpr int kDebounceMs = 300;
  // The fallback for file systems without notifications: a stat every few seconds costs nothing.
  static constexpr int kPollMs = 5000;

  explicit RunWatcher(QObject* parent = nullptr);
  ~RunWatcher() override;

  // Starts watching path (any previous path is dropped). The file need not exist yet; its current state
  // is the baseline, so changed() means "differs from now".
  void watch(const QString& path);
  void stop();
  bool isWatching() const { return !path_.isEmpty(); }
  QString path() const { return path_; }

  // Poll only, as on a file system without notifications (tests of the fallback).
  void setNotificationsEnabled(bool enabled);
  void setPollInterval(int ms);

 Q_SIGNALS:
  // The file at path() differs from when it was last reported (or from watch()).
  void changed();

 private:
  // What a stat tells: enough to see an atomic replacement (ctime changes on rename) or a rewrite.
  struct Signature {
    bool exists = false;
    qint64 size = -1;
    QDateTime modified;
    QDateTime metadataChanged;
    bool operator==(const Signature& other) const {
      return exists == other.exists && size == other.size && modified == other.modified &&
             metadataChanged == other.metadataChanged;
    }
    bool operator!=(const Signature& other) const { return !(*this == other); }
  };
  Signature current() const;
  void onNotification();
  void onPoll();
  void onSettled();
  // (Re-)adds the file (its new inode after a replacement) and its directory to the watcher.
  void rearm();

  QFileSystemWatcher* fsWatcher_ = nullptr;
  QTimer* debounce_ = nullptr;
  QTimer* poll_ = nullptr;
  QString path_;
  Signature reported_;
  bool notifications_ = true;
};

}  // namespace vae
