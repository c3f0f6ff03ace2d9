#pragma once

#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <memory>

class QCustomPlot;

namespace vae {

// One run's held-out losses, one value per evaluated epoch.
struct CompareCurve {
  QString name;
  QVector<double> epochs;   // 1 for the end of the first epoch, ...
  QVector<double> recon;    // test reconstruction, nats per image: comparable across model kinds
  QVector<double> negElbo;  // test −ELBO, nats per image; empty for a model without one (a plain autoencoder)
};

// The compare view's loss plot: every run's test reconstruction (solid) and −ELBO (dashed, where defined) over
// epochs, on shared axes, one colour per run, a legend with the run names. Follows the palette like LossPlot.
class CompareCurves : public QWidget {
  Q_OBJECT

 public:
  // Colours of runs 1-4: matplotlib's first four, the ones people know from papers.
  static constexpr int kMaxRuns = 4;

  explicit CompareCurves(QWidget* parent = nullptr);
  ~CompareCurves() override;

  // At most kMaxRuns curves; more are ignored.
  void setCurves(const QVector<CompareCurve>& curves);
  // The legend's entries in order ("baseline — reconstruction", "baseline — −ELBO", ...), for tests.
  QStringList legendNames() const;
  QColor runColour(int run) const;

  QCustomPlot* customPlot() const;  // for tests
  // Renders into a PNG or PDF (by path's suffix) of width x height; see savePlotImage.
  bool saveImage(const QString& path, int width, int height);

 private:
  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace vae
