#pragma once

#include <QObject>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

class QSlider;
class QWidget;

namespace vae {

// What a hand on the keyboard waits for: from each key press entering the GUI thread's event queue to the
// first paint of a widget showing its effect.
struct KeyToPaintFigures {
  std::vector<double> ms;  // one per press, in press order
  double inputRateHz = 0;  // presses posted per second, as measured
  double seconds = 0;      // first post to last paint
};

// Presses arrow keys on sliders the way a keyboard's events arrive: a thread of its own posts each press
// and its release into the GUI thread's event queue at its scheduled moment (t0 + k / rate), whatever the
// GUI thread is doing (as one queued call that delivers both to the slider when the loop reaches it). The GUI thread runs its ordinary event loop meanwhile, so the wait in the queue, the
// slider's handling, the decodes and every other paint it makes (a grid the press re-requested, say) count.
// A press is served by the first paint of `painted` that ends after shownUpTo() (evaluated then) has reached
// it; shownUpTo() says how many presses, counted as the sliders received them (pressesReceived()), the
// content painted now reflects. Presses that a newer one overtook are served by the same paint.
class KeyToPaintProbe : public QObject {
 public:
  KeyToPaintProbe(std::vector<QSlider*> sliders, QWidget* painted);
  ~KeyToPaintProbe() override;

  int64_t pressesReceived() const { return pressesReceived_; }
  void setShownUpTo(std::function<int64_t()> shownUpTo) { shownUpTo_ = std::move(shownUpTo); }

  // Posts max(minPresses, seconds·rateHz) presses on randomly chosen sliders (fixed seed: two runs press the
  // same sliders), each slider's presses alternating up and down so it stays in range; returns when every
  // press is served. Throws CliError when one is not served within hangGuardMs of the last post.
  KeyToPaintFigures run(double rateHz, size_t minPresses, double seconds, unsigned seed, int hangGuardMs);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void servePaint();

  std::vector<QSlider*> sliders_;
  QWidget* painted_;
  std::function<int64_t()> shownUpTo_;
  int64_t pressesReceived_ = 0;
  bool insidePaint_ = false;
  // Written by the posting thread before it posts press k, read by the GUI thread once press k arrived.
  std::unique_ptr<std::atomic<int64_t>[]> postedNs_;
  int64_t presses_ = 0;
  int64_t served_ = 0;
  std::vector<double> ms_;
  std::function<void()> onAllServed_;
};

}  // namespace vae
