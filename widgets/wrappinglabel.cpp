#include "widgets/wrappinglabel.h"

#include <QResizeEvent>

#include <algorithm>

namespace vae {

WrappingLabel::WrappingLabel(QWidget* parent) : QLabel(parent) { setWordWrap(true); }

// QLabel turns its size policy's height-for-width on again with every text: answered here instead.
bool WrappingLabel::hasHeightForWidth() const { return false; }

QSize WrappingLabel::minimumSizeHint() const {
  QSize size = QLabel::minimumSizeHint();
  size.setHeight(std::max(size.height(), heightForWidth(width())));
  return size;
}

void WrappingLabel::resizeEvent(QResizeEvent* event) {
  QLabel::resizeEvent(event);
  if (event->size().width() != event->oldSize().width()) updateGeometry();  // other lines, another height
}

}  // namespace vae
