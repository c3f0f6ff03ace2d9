#include "app/bench/keytopaint.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QKeyEvent>
#include <QSlider>
#include <QTimer>
#include <QWidget>

#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include "app/cli/clicommon.h"
#include "app/core/tsanannotations.h"

namespace vae {

namespace {
using Clock = std::chrono::steady_clock;

int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// How often the GUI thread checks whether presses have gone unserved for too long (not part of what is timed).
constexpr int kHangCheckMs = 100;
}  // namespace

KeyToPaintProbe::KeyToPaintProbe(std::vector<QSlider*> sliders, QWidget* painted)
    : sliders_(std::move(sliders)), painted_(painted) {
  for (QSlider* slider : sliders_) slider->installEventFilter(this);
  painted_->installEventFilter(this);
}

KeyToPaintProbe::~KeyToPaintProbe() = default;  // filters go with this object

bool KeyToPaintProbe::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::KeyPress && watched != painted_) {
    ++pressesReceived_;
    return false;
  }
  if (event->type() == QEvent::Paint && watched == painted_ && !insidePaint_) {
    // Paint it now (QObject::event is public; the painter Qt set up for this paint event is still active) so
    // the time taken is after the pixels are drawn, then tell Qt it is done.
    insidePaint_ = true;
    static_cast<QObject*>(painted_)->event(event);
    insidePaint_ = false;
    servePaint();
    return true;
  }
  return false;
}

void KeyToPaintProbe::servePaint() {
  if (!postedNs_ || !shownUpTo_) return;
  const int64_t now = nowNs();
  const int64_t upTo = std::min(shownUpTo_(), presses_);
  for (; served_ < upTo; ++served_)
    ms_[static_cast<size_t>(served_)] = static_cast<double>(now - postedNs_[served_].load()) / 1e6;
  if (served_ == presses_ && onAllServed_) onAllServed_();
}

KeyToPaintFigures KeyToPaintProbe::run(double rateHz, size_t minPresses, double seconds, unsigned seed,
                                       int hangGuardMs) {
  presses_ = std::max<int64_t>(static_cast<int64_t>(minPresses), static_cast<int64_t>(std::ceil(seconds * rateHz)));
  served_ = 0;
  ms_.assign(static_cast<size_t>(presses_), 0.0);
  postedNs_ = std::make_unique<std::atomic<int64_t>[]>(static_cast<size_t>(presses_));
  for (int64_t k = 0; k < presses_; ++k) postedNs_[k].store(-1);
  const int64_t base = pressesReceived_;
  const std::function<int64_t()> shown = shownUpTo_;
  // Counted from this run's first press.
  shownUpTo_ = [shown, base] { return shown() - base; };

  // Which slider each press goes to and which way, chosen here on the GUI thread: each slider's first step
  // goes towards 0, the next back again.
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> anySlider(0, sliders_.size() - 1);
  std::vector<bool> towardsZero(sliders_.size(), true);
  struct Press {
    QSlider* slider;
    int key;
  };
  std::vector<Press> plan;
  plan.reserve(static_cast<size_t>(presses_));
  for (int64_t k = 0; k < presses_; ++k) {
    const size_t i = anySlider(rng);
    QSlider* s = sliders_[i];
    const int middle = (s->minimum() + s->maximum()) / 2;
    const bool up = towardsZero[i] ? s->value() <= middle : s->value() > middle;
    towardsZero[i] = !towardsZero[i];
    plan.push_back({s, up ? Qt::Key_Right : Qt::Key_Left});
  }

  const int64_t periodNs = static_cast<int64_t>(1e9 / rateHz);
  std::atomic<bool> cancel{false};
  std::atomic<int64_t> lastPostNs{0};
  const int64_t firstNs = nowNs() + 2'000'000;  // the loop below is running by then
  std::thread poster([&] {
    for (int64_t k = 0; k < presses_ && !cancel.load(); ++k) {
      std::this_thread::sleep_until(Clock::time_point(std::chrono::nanoseconds(firstNs + k * periodNs)));
      postedNs_[k].store(nowNs());
      const Press& p = plan[static_cast<size_t>(k)];
      // Posted into the GUI thread's event queue now; the key events are made and delivered to the slider
      // when the loop reaches this post, exactly where a posted QKeyEvent would be. (A queued call rather
      // than QKeyEvents built here: it is our annotated hand-over, so the TSan gate sees it ordered.)
      postCall(p.slider, [slider = p.slider, key = p.key] {
        QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier);
        QCoreApplication::sendEvent(slider, &press);
        QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier);
        QCoreApplication::sendEvent(slider, &release);
      });
      lastPostNs.store(nowNs());
    }
  });

  QEventLoop loop;
  bool hung = false;
  onAllServed_ = [&] { loop.quit(); };
  QTimer hangCheck;
  QObject::connect(&hangCheck, &QTimer::timeout, &loop, [&] {
    const int64_t last = lastPostNs.load();
    if (last > 0 && postedNs_[presses_ - 1].load() >= 0 && nowNs() - last > int64_t{hangGuardMs} * 1'000'000) {
      hung = true;
      loop.quit();
    }
  });
  hangCheck.start(kHangCheckMs);
  loop.exec();
  hangCheck.stop();
  cancel.store(true);
  poster.join();
  onAllServed_ = nullptr;
  shownUpTo_ = shown;
  if (hung)
    throw CliError("a key press was not painted within " + std::to_string(hangGuardMs / 1000) + " s (" +
                       std::to_string(served_) + " of " + std::to_string(presses_) + " painted)",
                   kExitFailure);

  KeyToPaintFigures f;
  f.ms = std::move(ms_);
  const double postedSeconds = static_cast<double>(postedNs_[presses_ - 1].load() - postedNs_[0].load()) / 1e9;
  f.inputRateHz = postedSeconds > 0 ? static_cast<double>(presses_ - 1) / postedSeconds : 0;
  f.seconds = static_cast<double>(nowNs() - postedNs_[0].load()) / 1e9;
  postedNs_.reset();
  return f;
}

}  // namespace vae
