#pragma once

#include <QObject>

namespace vae {

// The mouse wheel scrolls the page it is over, not the setting under the pointer: a spin box or slider takes wheel
// steps only once it has focus (clicked or tabbed to), and a combo box never does (a choice is picked by click or
// keys); otherwise the wheel goes to its parents (the scroll area). Qt's default let a page scrolled past "Latent
// dims" change the model (a GUI walk: 20 -> 15) and flip the latent plane's axes; a combo keeps focus after a
// pick, so scrolling on past the class box just chosen changed the class too (issue 19's walk). An
// application-wide event filter: the main window installs one on qApp.
class WheelGuard : public QObject {
 public:
  using QObject::QObject;
  bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace vae
