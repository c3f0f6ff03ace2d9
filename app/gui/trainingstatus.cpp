#include "app/gui/trainingstatus.h"

#include "model/checkpoint.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStatusBar>

#include <algorithm>
#include <cmath>

namespace vae {

namespace {
// Progress bar resolution (permille: smooth enough, no int overflow for long runs).
constexpr int kProgressResolution = 1000;
// Width of the status bar's progress bars: room for "100%", no more.
constexpr int kBarWidth = 160;

// "0:42", "12:05", "1:02:03".
QString formatDuration(double seconds) {
  const qint64 s = static_cast<qint64>(std::llround(std::max(0.0, seconds)));
  const auto two = [](qint64 v) { return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0')); };
  if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(two(s / 60 % 60), two(s % 60));
  return QStringLiteral("%1:%2").arg(s / 60).arg(two(s % 60));
}
// "12:03:04" today, else with the date: a run that stopped writing yesterday must not look alive.
QString updateTime(const QDateTime& time) {
  if (!time.isValid()) return TrainingStatus::tr("unknown");
  return time.date() == QDate::currentDate() ? time.toString(QStringLiteral("HH:mm:ss"))
                                             : time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}
}  // namespace

TrainingStatus::TrainingStatus(QStatusBar* bar) : QObject(bar) {
  busy_ = new QProgressBar;
  busy_->setRange(0, 0);  // indeterminate: loaders do not report progress
  busy_->setMaximumWidth(kBarWidth);
  busy_->setVisible(false);
  bar->addPermanentWidget(busy_);

  watch_ = new QLabel;
  watch_->setObjectName("watchStatus");
  watch_->setVisible(false);
  bar->addPermanentWidget(watch_);

  state_ = new QLabel;
  state_->setObjectName("trainingState");
  progress_ = new QLabel;
  speed_ = new QLabel;
  speed_->setToolTip(tr("Training images per second"));
  eta_ = new QLabel;
  eta_->setToolTip(tr("Estimated time until the last epoch ends"));
  progressBar_ = new QProgressBar;
  progressBar_->setRange(0, kProgressResolution);
  progressBar_->setMaximumWidth(kBarWidth);
  progressBar_->setTextVisible(true);
  for (QWidget* w : std::initializer_list<QWidget*>{state_, progress_, speed_, eta_, progressBar_}) {
    w->setVisible(false);
    bar->addPermanentWidget(w);
  }
}

QString TrainingStatus::progressText(qint64 epoch, qint64 epochs, qint64 step) {
  return tr("epoch %1/%2 · step %3").arg(QLocale().toString(epoch), QLocale().toString(epochs), QLocale().toString(step));
}

void TrainingStatus::setBusy(bool busy) { busy_->setVisible(busy); }

void TrainingStatus::setRunVisible(bool visible, bool withProgressBar) {
  for (QWidget* w : std::initializer_list<QWidget*>{state_, progress_, speed_, eta_}) w->setVisible(visible);
  progressBar_->setVisible(visible && withProgressBar);
}

void TrainingStatus::showStarting() {
  setRunVisible(true, true);
  state_->setText(tr("Starting…"));
}

void TrainingStatus::showStopping() { state_->setText(tr("Stopping…")); }

void TrainingStatus::showState(TrainingState state) {
  switch (state) {
    case TrainingState::Idle: state_->setText(tr("Starting…")); break;
    case TrainingState::Running: state_->setText(tr("● Training")); break;
    case TrainingState::Paused: state_->setText(tr("❚❚ Paused")); break;
    case TrainingState::Stopped: state_->setText(tr("■ Stopped")); break;
    case TrainingState::Finished: state_->setText(tr("✔ Finished")); break;
    case TrainingState::Failed: state_->setText(tr("✖ Failed")); break;
  }
  if (state != TrainingState::Running && state != TrainingState::Idle) speed_->clear();
  if (state == TrainingState::Finished || state == TrainingState::Stopped) eta_->clear();
}

void TrainingStatus::showSteps(const StepBatch& b, int batchSize) {
  const qint64 totalSteps = static_cast<qint64>(b.epochs) * b.stepsPerEpoch;
  progress_->setText(progressText(std::min(b.epoch + 1, std::max(b.epochs, 1)), b.epochs, b.globalStep));
  if (totalSteps > 0)
    progressBar_->setValue(
        static_cast<int>(kProgressResolution * std::min<qint64>(b.globalStep, totalSteps) / totalSteps));
  if (b.imagesPerSecond > 0) {
    speed_->setText(tr("%1 img/s").arg(QLocale().toString(b.imagesPerSecond, 'f', 0)));
    const double remaining = static_cast<double>(std::max<qint64>(0, totalSteps - b.globalStep));
    eta_->setText(tr("ETA %1").arg(formatDuration(remaining * std::max(batchSize, 1) / b.imagesPerSecond)));
  }
}

void TrainingStatus::showSavedPosition(const Checkpoint& checkpoint) {
  const qint64 epochs = checkpoint.trainConfig.epochs;
  const qint64 shownEpoch =
      std::clamp<qint64>(checkpoint.epoch + (checkpoint.stepInEpoch > 0 ? 1 : 0), 1, std::max<qint64>(epochs, 1));
  progress_->setText(progressText(shownEpoch, epochs, checkpoint.globalStep));
  state_->setText(checkpoint.epoch >= epochs ? tr("✔ Finished") : tr("■ Stopped"));
  speed_->clear();
  eta_->clear();
  setRunVisible(true, false);
}

void TrainingStatus::hideRun() { setRunVisible(false, false); }

void TrainingStatus::setWatchText(const QString& text, const QString& path) {
  // A permanent widget: menu status tips and transient messages do not wipe it.
  watch_->setText(text);
  watch_->setToolTip(QDir::toNativeSeparators(path));
  watch_->setVisible(!text.isEmpty());
}

void TrainingStatus::showWatchReading(const QString& path) {
  setWatchText(tr("Watching %1: reading…").arg(QFileInfo(path).fileName()), path);
}

void TrainingStatus::showWatchedVersion(const Checkpoint& checkpoint, const QString& path, const QDateTime& fileTime) {
  const qint64 epochs = checkpoint.trainConfig.epochs;
  const qint64 shownEpoch =
      std::clamp<qint64>(checkpoint.epoch + (checkpoint.stepInEpoch > 0 ? 1 : 0), 1, std::max<qint64>(epochs, 1));
  const QLocale locale;
  setWatchText(tr("Watching %1: step %2, epoch %3/%4%5 — updated %6")
                   .arg(QFileInfo(path).fileName(), locale.toString(static_cast<qint64>(checkpoint.globalStep)),
                        locale.toString(shownEpoch), locale.toString(epochs),
                        checkpoint.epoch >= epochs ? tr(" (finished)") : QString(), updateTime(fileTime)),
               path);
}

void TrainingStatus::showWatchWaiting(const QString& path, const QString& reason) {
  setWatchText(tr("Watching %1: waiting for a readable checkpoint (%2)").arg(QFileInfo(path).fileName(), reason), path);
}

void TrainingStatus::clearWatch() { setWatchText({}, {}); }

QString TrainingStatus::stateMessage(TrainingState state) {
  switch (state) {
    case TrainingState::Paused: return tr("Paused: F5 resumes, F10 trains one batch");
    case TrainingState::Finished: return tr("Training finished. Save the run with File → Save Checkpoint (Ctrl+S).");
    case TrainingState::Stopped: return tr("Training stopped. The model is kept: save it with Ctrl+S.");
    default: return {};
  }
}

QString TrainingStatus::epochMessage(const EpochStats& s) {
  return tr("Epoch %1 done in %2 s: test loss %3 nats (reconstruction %4 + KL %5)")
      .arg(s.epoch + 1)
      .arg(s.seconds, 0, 'f', 1)
      .arg(s.testTotal, 0, 'f', 2)
      .arg(s.testRecon, 0, 'f', 2)
      .arg(s.testKl, 0, 'f', 2);
}

QString TrainingStatus::watchText() const { return watch_->text(); }

}  // namespace vae
