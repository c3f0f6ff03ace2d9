#pragma once

#include <QElapsedTimer>
#include <QTimer>

#include <cstdint>
#include <vector>

namespace vae {

// How late the GUI event loop is, measured against a fixed schedule: tick k is due at t0 + k·period. When
// the loop gets to the probe, every tick that has fallen due since it last ran is served, each with its own
// lateness (now − its due time). So a stall of S ms yields samples S, S − period, S − 2·period, ... — the
// wait of an input event arriving at any moment of the stall — and a steady lag shows in every sample.
// (A repeating QTimer cannot measure this: Qt schedules its next timeout from the previous deadline or from
// "now" when it is late, so a stall gives one sample and the ticks it swallowed are never counted.)
//
// The probe re-arms a single-shot precise timer for the next due tick; Qt's timers count whole
// milliseconds, so each sample includes up to 1 ms of rounding up (never early).
class ScheduleLatenessProbe {
 public:
  explicit ScheduleLatenessProbe(int periodMs);
  ScheduleLatenessProbe(const ScheduleLatenessProbe&) = delete;
  ScheduleLatenessProbe& operator=(const ScheduleLatenessProbe&) = delete;

  void start();  // t0 = now; tick 0 is due at once
  void stop();

  // One sample per tick that fell due while running, in due order.
  const std::vector<double>& latenessMs() const { return latenessMs_; }
  // Ticks that fell due while the loop was busy with something else and were served late, together with an
  // earlier one (the probe ran once for several due ticks).
  int64_t missedTicks() const { return missedTicks_; }
  double elapsedSeconds() const { return static_cast<double>(clock_.nsecsElapsed()) / 1e9; }

  // The serving rule on its own, for a test: the probe ran at nowNs (since t0).
  void serveAt(int64_t nowNs);
  // Nanoseconds from nowNs until the next due tick (0 when one is already due).
  int64_t nsUntilNextTick(int64_t nowNs) const;

 private:
  void onTimeout();

  const int64_t periodNs_;
  QTimer timer_;
  QElapsedTimer clock_;
  int64_t nextTick_ = 0;
  int64_t missedTicks_ = 0;
  std::vector<double> latenessMs_;
};

}  // namespace vae
