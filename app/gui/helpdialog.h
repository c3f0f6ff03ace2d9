#pragma once

#include <QDialog>

class QTextBrowser;

namespace vae {

// Help > VAE Studio Help (F1): the user sections of README.md (how to use the window, datasets, the command line,
// export, scaling out, licence), built into the binary at compile time (resources/userguide.cmake), so the help
// needs no network and never drifts from the README. Non-modal: a user reads it beside the window.
class HelpDialog : public QDialog {
  Q_OBJECT

 public:
  explicit HelpDialog(QWidget* parent = nullptr);

  // The Markdown shown, as built in (":/help/userguide.md"); empty when the resource is missing.
  static QString userGuide();
  QTextBrowser* browser() const { return browser_; }

 private:
  QTextBrowser* browser_ = nullptr;
};

// Shows the window's one help dialog (created on first use), raised and focused.
void showHelp(QWidget* window);

}  // namespace vae
