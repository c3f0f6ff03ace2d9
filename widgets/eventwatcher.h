#pragma once

#include <QObject>

#include <functional>
#include <utility>

namespace vae {

// Event filter with a callback: lets a pimpl watch a child widget without being a QObject with moc. Never
// consumes the event.
class EventWatcher : public QObject {
 public:
  EventWatcher(QObject* parent, std::function<void(QEvent*)> onEvent) : QObject(parent), onEvent_(std::move(onEvent)) {}
  bool eventFilter(QObject*, QEvent* event) override {
    onEvent_(event);
    return false;
  }

 private:
  std::function<void(QEvent*)> onEvent_;
};

}  // namespace vae
