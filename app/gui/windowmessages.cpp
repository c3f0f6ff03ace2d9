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
  // "The checkpoint could not be opened: run.vaestudio: …", not "…opened.: …".
  QString lead = text;
  while (lead.endsWith(QLatin1Char('.'))) lead.chop(1);
  window_->statusBar()->showMessage(details.isEmpty() ? text : QStringLiteral("%1: %2").arg(lead, firstLine(details)));
  if (!dialogsShown_) return;
  auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, window_);
  box->setInformativeText(details);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

}  // namespace vae
