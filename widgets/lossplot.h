#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

#include <memory>

class QCustomPlot;

namespace vae {

// Live loss curves of a training run (QCustomPlot behind a pimpl; plain doubles in, no LibTorch).
// Per-step total / reconstruction / KL as faint raw lines plus bold smoothed lines, the held-out
// -ELBO per epoch as points, vertical markers for beta / lr changes, resumes and NaN recoveries.
// Smoothing is a debiased EMA over a span that is a fraction of the steps in view (user-adjustable, like
// TensorBoard's slider), so the bold lines read what the raw data says. When the total is β-weighted
// (total != reconstruction + KL) it is named "β-weighted loss" and the −ELBO is drawn beside it.
// Appends are cheap; replots are coalesced (queued, at most ~30 per second) and what is drawn is
// decimated, so 10^5+ steps stay smooth. A zoom/pan by the user is kept while data arrives;
// double-click returns to following the data.
class LossPlot : public QWidget {
  Q_OBJECT

 public:
  enum class MarkerKind { Beta, LearningRate, Resume, NanRecovery, Note };
  enum class Curve { Total = 0, Reconstruction = 1, Kl = 2, Elbo = 3 };

  explicit LossPlot(QWidget* parent = nullptr);
  ~LossPlot() override;

  // Steps ascending, all vectors the same length (nats per image).
  void appendSteps(const QVector<double>& steps, const QVector<double>& total, const QVector<double>& recon,
                   const QVector<double>& kl);
  // Held-out -ELBO at the end of the 0-based `epoch` (drawn at its global step; read out counted from 1).
  void appendTestLoss(double step, int epoch, double testLoss);
  void addMarker(double step, MarkerKind kind, const QString& label);
  void clear();

  void setLogScale(bool on);
  bool logScale() const;
  // The smoothing span as a fraction of the steps in view (0: the bold lines are the raw data; max 0.01).
  void setSmoothing(double fraction);
  double smoothing() const;
  // The bold line of `curve` as it is drawn, one value per step (for tests).
  QVector<double> smoothedValues(Curve curve) const;
  bool showsWeightedLoss() const;
  // A plain autoencoder's loss is reconstruction alone: with false the total is named so, the reconstruction
  // and KL curves (a copy of it and zeros) are hidden, and the test points read "test reconstruction".
  // Kept across clear(); the caller sets it per model.
  void setHasKlTerm(bool hasKl);
  bool hasKlTerm() const;
  // Back to following the data (what double-click does).
  void resetView();
  bool followsData() const;

  int stepCount() const;
  int testPointCount() const;
  int markerCount() const;
  QStringList markerLabels() const;  // in the order the markers were added
  // The hover read-out currently shown ("step 1234 · epoch 3 · total 251.2 · recon 230.1 · KL 21.1", with
  // "β-weighted … · −ELBO …" for a β-weighted total), empty when the mouse is not over the plot.
  QString hoverText() const;

  QCustomPlot* customPlot() const;  // for export and tests
  // Renders the plot as it looks on screen into a PNG or PDF (by path's suffix) of width x height
  // pixels / points, replacing path directly (callers wanting atomic files render to a temp first).
  // False when the suffix is neither or writing failed.
  bool saveImage(const QString& path, int width, int height);

 Q_SIGNALS:
  // After each actual replot, with its duration (for the GUI benchmark).
  void replotted(double milliseconds);

 private:
  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace vae
