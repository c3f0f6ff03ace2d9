#pragma once

#include <QStatusBar>

namespace vae {

// A status bar whose transient message ends before the permanent widgets, elided ("…") when it does not fit;
// hovering an elided message shows it whole. QStatusBar draws the message unelided up to the first permanent
// widget and cuts it there mid-word, against that widget ("… + KL 1● Training" in a 1000 px window).
class ElidingStatusBar : public QStatusBar {
  Q_OBJECT

 public:
  // Pixels kept free between the message and the first permanent widget.
  static constexpr int kFieldGap = 12;

  explicit ElidingStatusBar(QWidget* parent = nullptr);

  // Where the message is drawn: from the left edge to kFieldGap before the first permanent widget (mirrored
  // right to left).
  QRect messageRect() const;
  // The message as drawn: currentMessage(), elided to messageRect()'s width.
  QString shownMessage() const;

 protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;
};

}  // namespace vae
