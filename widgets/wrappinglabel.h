#pragma once

#include <QLabel>

namespace vae {

// A word-wrapped caption that asks for the lines it needs at its current width through its minimum height,
// not through height-for-width. A wrapped QLabel makes everything around it height-for-width, and a layout
// then takes the views beside it at their preferred height as their least (a scrolling page that should fit
// its window scrolled instead, its last row cut). Settles in a second layout pass after a width change.
class WrappingLabel : public QLabel {
 public:
  explicit WrappingLabel(QWidget* parent = nullptr);

  bool hasHeightForWidth() const override;
  QSize minimumSizeHint() const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;
};

}  // namespace vae
