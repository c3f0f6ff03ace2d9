#include "app/gui/helpdialog.h"

#include "app/core/logging.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFile>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace vae {

namespace {
// Wide enough for the README's tables and command lines without wrapping most of them.
constexpr int kDefaultWidth = 860;
constexpr int kDefaultHeight = 640;
}  // namespace

HelpDialog::HelpDialog(QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("helpDialog"));
  setWindowTitle(tr("VAE Studio Help"));
  resize(kDefaultWidth, kDefaultHeight);
  browser_ = new QTextBrowser(this);
  // Relative links point into the source tree, which an installed app does not have; web links open outside.
  browser_->setOpenLinks(false);
  connect(browser_, &QTextBrowser::anchorClicked, this, [](const QUrl& url) {
    if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) QDesktopServices::openUrl(url);
  });
  const QString guide = userGuide();
  if (guide.isEmpty()) qCWarning(lcGui) << "the built-in user guide :/help/userguide.md is missing";
  browser_->setMarkdown(guide);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(browser_);
  layout->addWidget(buttons);
}

QString HelpDialog::userGuide() {
  QFile file(QStringLiteral(":/help/userguide.md"));
  if (!file.open(QIODevice::ReadOnly)) return QString();
  return QString::fromUtf8(file.readAll());
}

void showHelp(QWidget* window) {
  auto* dialog = window->findChild<HelpDialog*>(QString(), Qt::FindDirectChildrenOnly);
  if (!dialog) {
    dialog = new HelpDialog(window);
    qCDebug(lcGui) << "help dialog created";
  }
  dialog->show();
  dialog->raise();
  dialog->activateWindow();
}

}  // namespace vae
