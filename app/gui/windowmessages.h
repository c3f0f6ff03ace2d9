#pragma once

#include <QObject>
#include <QString>

class QMainWindow;

namespace vae {

// How the window tells the user things: transient status-bar messages, and problems as a non-blocking warning
// box (window-modal, no nested event loop) with the first line of the details in the status bar too. Tests
// and benchmarks switch the boxes off and read the status bar.
class WindowMessages : public QObject {
  Q_OBJECT

 public:
  // How long transient status messages stay.
  static constexpr int kTimeoutMs = 8000;

  explicit WindowMessages(QMainWindow* window);

  void setDialogsShown(bool shown) { dialogsShown_ = shown; }
  bool dialogsShown() const { return dialogsShown_; }

  void show(const QString& text);              // for kTimeoutMs
  void showUntilReplaced(const QString& text);  // stays until the next message
  void report(const QString& title, const QString& text, const QString& details);

 private:
  QMainWindow* window_;
  bool dialogsShown_ = true;
};

}  // namespace vae
