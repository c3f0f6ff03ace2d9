#include "app/bench/schedulelateness.h"

#include <QObject>

namespace vae {

ScheduleLatenessProbe::ScheduleLatenessProbe(int periodMs) : periodNs_(int64_t{periodMs} * 1'000'000) {
  timer_.setSingleShot(true);
  timer_.setTimerType(Qt::PreciseTimer);
  QObject::connect(&timer_, &QTimer::timeout, [this] { onTimeout(); });
}

void ScheduleLatenessProbe::start() {
  latenessMs_.clear();
  nextTick_ = 0;
  missedTicks_ = 0;
  clock_.start();
  timer_.start(0);
}

void ScheduleLatenessProbe::stop() { timer_.stop(); }

void ScheduleLatenessProbe::serveAt(int64_t nowNs) {
  int64_t served = 0;
  for (; nextTick_ * periodNs_ <= nowNs; ++nextTick_, ++served)
    latenessMs_.push_back(static_cast<double>(nowNs - nextTick_ * periodNs_) / 1e6);
  if (served > 1) missedTicks_ += served - 1;
}

int64_t ScheduleLatenessProbe::nsUntilNextTick(int64_t nowNs) const {
  const int64_t due = nextTick_ * periodNs_;
  return due > nowNs ? due - nowNs : 0;
}

void ScheduleLatenessProbe::onTimeout() {
  const int64_t now = clock_.nsecsElapsed();
  serveAt(now);
  // Rounded up: a timer that fires early would serve nothing and cost an extra turn of the loop.
  const int64_t waitNs = nsUntilNextTick(now);
  timer_.start(static_cast<int>((waitNs + 999'999) / 1'000'000));
}

}  // namespace vae
