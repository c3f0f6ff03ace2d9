#pragma once

#include <QObject>
#include <QVector>

namespace vae {

// The explorer's one position in latent space: the code z, the selected dimension (what the traversal strip
// sweeps and what exports traverse) and the range of the sliders in prior σ. The sliders, the latent grid, the
// scatter, the interpolation player and the export dialog all read and write it here, never each other; each
// follows the signals.
class ExploreState : public QObject {
  Q_OBJECT

 public:
  // How far z may go, in prior σ: what the sliders offer (LatentSliders' constants, passed in by the explorer).
  struct RangeLimits {
    double initial, min, max;
  };

  explicit ExploreState(RangeLimits limits, QObject* parent = nullptr);

  int dimensions() const { return static_cast<int>(z_.size()); }
  // A model of latentDim dimensions: z at the prior mean, no dimension selected. Emits dimensionsChanged, then
  // zChanged.
  void setDimensions(int latentDim);

  QVector<double> z() const { return z_; }
  double value(int dim) const;
  // Values beyond ±range() are clamped; a z of the wrong length is ignored. One zChanged.
  void setZ(const QVector<double>& z);
  // setZ for a z found elsewhere (encoded image, preset, scatter point, animation frame): the range is first
  // widened to the next whole σ that holds every value (at most limits.max), so it comes back as found.
  void setZWidening(const QVector<double>& z);
  void setValue(int dim, double value);  // zChanged when the clamped value changes

  double range() const { return range_; }
  // Clamped to [limits.min, limits.max]; values outside the new range are clamped (then zChanged).
  void setRange(double sigmas);

  int selectedDimension() const { return selected_; }  // -1: none
  void setSelectedDimension(int dim);

 public Q_SLOTS:
  void reset();                   // z to the prior mean
  void randomize(quint32 seed);   // a deterministic N(0, I) sample, clamped to ±range()

 Q_SIGNALS:
  void dimensionsChanged(int latentDim);
  void zChanged(const QVector<double>& z);
  void rangeChanged(double sigmas);
  void selectedDimensionChanged(int dim);

 private:
  double clampToRange(double v) const;

  RangeLimits limits_;
  QVector<double> z_;
  double range_;
  int selected_ = -1;
};

}  // namespace vae
