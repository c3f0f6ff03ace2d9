#include "widgets/wheelguard.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QSlider>
#include <QWheelEvent>

namespace vae {

bool WheelGuard::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() != QEvent::Wheel) return false;
  auto* widget = qobject_cast<QWidget*>(watched);
  const bool combo = qobject_cast<QComboBox*>(watched) != nullptr;
  const bool stepper = qobject_cast<QAbstractSpinBox*>(watched) || qobject_cast<QSlider*>(watched);
  // Not QScrollBar: scroll bars are for scrolling. A focused spin box or slider takes the wheel to step its value.
  if (!widget || !(combo || stepper) || (stepper && widget->hasFocus())) return false;
  // Up the parents as Qt propagates a wheel nobody took (a forwarded event is not propagated for us).
  auto* wheel = static_cast<QWheelEvent*>(event);
  for (QWidget* parent = widget->parentWidget(); parent; parent = parent->parentWidget()) {
    QWheelEvent forwarded(parent->mapFromGlobal(wheel->globalPosition()), wheel->globalPosition(), wheel->pixelDelta(),
                          wheel->angleDelta(), wheel->buttons(), wheel->modifiers(), wheel->phase(), wheel->inverted(),
                          wheel->source());
    QCoreApplication::sendEvent(parent, &forwarded);
    if (forwarded.isAccepted() || parent->isWindow()) break;
  }
  return true;  // the setting itself never sees it
}

}  // namespace vae
