#include "app/core/explorestate.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <random>

namespace vae {

ExploreState::ExploreState(RangeLimits limits, QObject* parent)
    : QObject(parent), limits_(limits), range_(limits.initial) {}

void ExploreState::setDimensions(int latentDim) {
  z_ = QVector<double>(std::max(0, latentDim), 0.0);
  selected_ = -1;
  Q_EMIT dimensionsChanged(dimensions());
  Q_EMIT selectedDimensionChanged(selected_);
  Q_EMIT zChanged(z_);
}

double ExploreState::clampToRange(double v) const { return std::clamp(v, -range_, range_); }

double ExploreState::value(int dim) const { return dim >= 0 && dim < z_.size() ? z_[dim] : 0.0; }

void ExploreState::setZ(const QVector<double>& z) {
  if (z.size() != z_.size()) return;
  for (int d = 0; d < z.size(); ++d) z_[d] = clampToRange(z[d]);
  Q_EMIT zChanged(z_);
}

void ExploreState::setZWidening(const QVector<double>& z) {
  double maxAbs = 0;
  for (double v : z) maxAbs = std::max(maxAbs, std::abs(v));
  if (z.size() == z_.size() && maxAbs > range_) setRange(std::min(std::ceil(maxAbs), limits_.max));
  setZ(z);
}

void ExploreState::setValue(int dim, double value) {
  if (dim < 0 || dim >= z_.size()) return;
  const double v = clampToRange(value);
  if (v == z_[dim]) return;
  z_[dim] = v;
  Q_EMIT zChanged(z_);
}

void ExploreState::setRange(double sigmas) {
  sigmas = std::clamp(sigmas, limits_.min, limits_.max);
  if (sigmas == range_) return;
  range_ = sigmas;
  bool clamped = false;
  for (double& v : z_) {
    const double c = clampToRange(v);
    clamped = clamped || c != v;
    v = c;
  }
  Q_EMIT rangeChanged(range_);
  if (clamped) Q_EMIT zChanged(z_);
}

void ExploreState::setSelectedDimension(int dim) {
  if (dim < -1 || dim >= z_.size()) dim = -1;
  if (dim == selected_) return;
  selected_ = dim;
  Q_EMIT selectedDimensionChanged(selected_);
}

void ExploreState::reset() {
  std::fill(z_.begin(), z_.end(), 0.0);
  Q_EMIT zChanged(z_);
}

void ExploreState::randomize(quint32 seed) {
  QRandomGenerator gen(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (double& v : z_) v = clampToRange(normal(gen));
  Q_EMIT zChanged(z_);
}

}  // namespace vae
