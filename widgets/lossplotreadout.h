#pragma once

#include <QLabel>

#include <optional>

namespace vae {

// The line beside (or, in a narrow plot, under) the loss plot's controls: a grey hint while the mouse is away
// ("Hover for values · drag or wheel to zoom", or how to follow the data again after a zoom), the losses at the
// step under the mouse while it hovers. Elided to the width it is given; its tooltip holds the whole text.
class LossPlotReadout : public QLabel {
 public:
  // What the mouse is over: one step's losses, and the test point there if the mouse is right on one.
  struct Values {
    qint64 step = 0;
    int epoch = 1;          // counted from 1, as in the status bar
    bool hasKl = true;      // false: a plain autoencoder's loss, reconstruction alone
    bool weighted = false;  // the total is β-weighted: named so, with the −ELBO beside it
    double total = 0, recon = 0, kl = 0;
    std::optional<double> testLoss;
  };
  // "step 1234 · epoch 3 · total 251.2 · recon 230.1 · KL 21.1"
  static QString valuesText(const Values& values);

  explicit LossPlotReadout(QWidget* parent = nullptr);

  void showHint(bool followsData);
  void showValues(const QString& text);
  // The text shown, before eliding.
  QString fullText() const { return full_; }
  // The width the longer of the two hints needs: a plot narrower than its controls and this puts the line
  // under them.
  int hintWidth() const;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void setFull(const QString& text);
  void elide();

  QString full_;
};

}  // namespace vae
