#include "app/gui/windowmessages.h"

#include "app/core/errortext.h"

#include <QMainWindow>
#include <QMessageBox>
#include <QStatusBar>

namespace vae {

WindowMessages::WindowMessages(QMainWindow* window) : QObject(window), window_(window) {}

void WindowMessages::show(const QString& text) { window_->statusBar()->showMessage(text, kTimeoutMs); }

void WindowMessages::showUntilReplaced(const QString& text) { window_->statusBar()->showMessage(text); }

void WindowMessages::report(const QString& title, const QString& text, const QString& details) {
  window_->statusBar()->showMessage(QStringLiteral("%1: %2").arg(text, firstLine(details)));
  if (!dialogsShown_) return;
  auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, window_);
  box->setInformativeText(details);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

}  // namespace vae
