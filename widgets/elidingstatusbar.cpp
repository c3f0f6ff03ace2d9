#include "widgets/elidingstatusbar.h"

#include <QHelpEvent>
#include <QPainter>
#include <QSizeGrip>
#include <QStyleOption>
#include <QToolTip>

#include <algorithm>

namespace vae {

namespace {
// QStatusBar's own margins around the message: 6 px before it, 12 px after it when nothing follows.
constexpr int kLeadingMargin = 6;
constexpr int kTrailingMargin = 12;
// Room QStatusBar keeps beside its size grip.
constexpr int kGripGap = 2;

// The bar's visible child widgets: with a message shown, QStatusBar hides all but the permanent ones.
QList<QWidget*> shownItems(const QStatusBar* bar) {
  QList<QWidget*> items;
  for (QWidget* w : bar->findChildren<QWidget*>(Qt::FindDirectChildrenOnly))
    if (w->isVisible() && !w->isWindow() && !qobject_cast<QSizeGrip*>(w)) items << w;
  return items;
}
}  // namespace

ElidingStatusBar::ElidingStatusBar(QWidget* parent) : QStatusBar(parent) {}

QRect ElidingStatusBar::messageRect() const {
  const bool rtl = layoutDirection() == Qt::RightToLeft;
  // Measured in left-to-right terms (from the leading edge), mirrored at the end.
  int lead = kLeadingMargin;
  int trail = width() - kTrailingMargin;
  auto leadOf = [&](const QRect& r) { return rtl ? width() - 1 - r.right() : r.left(); };
  for (const QWidget* w : shownItems(this)) trail = std::min(trail, leadOf(w->geometry()) - kFieldGap);
  for (const QSizeGrip* grip : findChildren<QSizeGrip*>(Qt::FindDirectChildrenOnly))
    if (grip->isVisible()) trail = std::min(trail, leadOf(grip->geometry()) - kGripGap);
  const int w = std::max(0, trail - lead);
  return QRect(rtl ? width() - lead - w : lead, 0, w, height());
}

QString ElidingStatusBar::shownMessage() const {
  return fontMetrics().elidedText(currentMessage(), Qt::ElideRight, messageRect().width());
}

// QStatusBar's painting (panel, the permanent widgets' frames, the message) with the message elided.
void ElidingStatusBar::paintEvent(QPaintEvent* event) {
  if (currentMessage().isEmpty()) {
    QStatusBar::paintEvent(event);
    return;
  }
  QPainter p(this);
  QStyleOption panel;
  panel.initFrom(this);
  style()->drawPrimitive(QStyle::PE_PanelStatusBar, &panel, &p, this);
  for (QWidget* w : shownItems(this)) {
    QStyleOption frame(0);
    frame.rect = w->geometry().adjusted(-2, -1, 2, 1);
    frame.palette = palette();
    frame.state = QStyle::State_None;
    style()->drawPrimitive(QStyle::PE_FrameStatusBarItem, &frame, &p, w);
  }
  p.setPen(palette().windowText().color());
  p.drawText(messageRect(), Qt::AlignLeading | Qt::AlignVCenter | Qt::TextSingleLine, shownMessage());
}

bool ElidingStatusBar::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    if (shownMessage() != currentMessage() && messageRect().contains(help->pos())) {
      QToolTip::showText(help->globalPos(), currentMessage(), this, messageRect());
      return true;
    }
  }
  const bool handled = QStatusBar::event(event);
  // A permanent widget that grew or appeared leaves the message less room: elide it again.
  if (event->type() == QEvent::LayoutRequest) update();
  return handled;
}

}  // namespace vae
